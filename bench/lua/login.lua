-- POST /api/v1/auth/login as the bench user, over and over.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"account":"bench","password":"plum orchard lantern 42"}'
