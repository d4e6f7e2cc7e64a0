-- GET /api/v1/me with each access token of BENCH_TOKENS (space-separated) in turn: many users, not one hot row.
local tokens = {}
for token in string.gmatch(os.getenv("BENCH_TOKENS"), "%S+") do tokens[#tokens + 1] = token end
local n = 0
request = function()
  n = n % #tokens + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. tokens[n] })
end
