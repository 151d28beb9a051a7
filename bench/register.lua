-- Registers one new customer per request, each with an e-mail address no other request used:
-- bench-<nonce>-<thread id>-<counter>@example.com. The nonce, given after "--", keeps
-- separate runs (warm-up, measurement) against the same database apart.

local nonce = "run"
local counter = 0

init = function(args)
   nonce = args[1] or nonce
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
end

request = function()
   counter = counter + 1
   local email = string.format("bench-%s-%d-%d@example.com", nonce, id, counter)
   local body = '{"customer": {"firstName": "Bench", "lastName": "User", "email": "'
      .. email .. '", "agreement1": true}}'
   return wrk.format(nil, nil, nil, body)
end
