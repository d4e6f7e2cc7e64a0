-- POST /oauth/token: client_credentials for one resource, the client authenticated with HTTP Basic
-- (client_secret_basic). BENCH_BASIC is base64(client_id:client_secret).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("BENCH_BASIC")
wrk.body = "grant_type=client_credentials&scope=orders.read&resource=https%3A%2F%2Fapi.example.com"
