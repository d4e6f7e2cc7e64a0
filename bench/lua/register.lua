-- POST /api/v1/auth/register with a new username every time.
local n = 0
local run = tostring(os.time())
request = function()
  n = n + 1
  local body = '{"username":"load_' .. run .. '_' .. n .. '","password":"plum orchard lantern 42"}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
