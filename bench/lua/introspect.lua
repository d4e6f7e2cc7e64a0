-- POST /oauth/introspect of one valid token (BENCH_TOKEN), the caller authenticated with HTTP Basic.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_BASIC")
wrk.body = "token=" .. os.getenv("BENCH_TOKEN")
