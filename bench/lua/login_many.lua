-- POST /api/v1/auth/login as each account of BENCH_ACCOUNTS (space-separated) in turn, all with the bench password.
local accounts = {}
for name in string.gmatch(os.getenv("BENCH_ACCOUNTS"), "%S+") do accounts[#accounts + 1] = name end
local n = 0
request = function()
  n = n % #accounts + 1
  local body = '{"account":"' .. accounts[n] .. '","password":"plum orchard lantern 42"}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
