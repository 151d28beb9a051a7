-- Registers a customer, then GETs it by the id the registration answered, over and over. An answer
-- carrying an id that no GET sent waits for is taken as a registration's: the thread's next request
-- GETs that id. Without one (a registration that failed, or an answer without the id) the next
-- request registers again.
--
-- Arguments after "--": a nonce (keeps separate runs against one database apart), the registration's
-- path, its JSON body with {email} where the address goes, the customer's path with {id} where the id
-- goes, and the name of the answer's field holding the id. Each registration has an e-mail address no
-- other used: bench-<nonce>-<thread id>-<counter>@example.com. `posted` and `fetched` count the
-- requests of each kind sent.

local nonce, register_path, body_template, customer_path, id_pattern
local post_headers, get_headers = {}, {}
local ready = {}    -- ids registered and not fetched yet, oldest first
local awaited = {}  -- id -> GETs of it sent and not answered
local counter = 0

posted = 0
fetched = 0

init = function(args)
   nonce = args[1] or "run"
   register_path, body_template, customer_path = args[2], args[3], args[4]
   id_pattern = '"' .. args[5] .. '"%s*:%s*"([^"]+)"'
   for name, value in pairs(wrk.headers) do
      get_headers[name] = value
      post_headers[name] = value
   end
   post_headers["Content-Type"] = "application/json"
end

request = function()
   local customer = table.remove(ready, 1)
   if customer then
      awaited[customer] = (awaited[customer] or 0) + 1
      fetched = fetched + 1
      return wrk.format("GET", (customer_path:gsub("{id}", customer)), get_headers)
   end
   counter = counter + 1
   posted = posted + 1
   local email = string.format("bench-%s-%d-%d@example.com", nonce, id, counter)
   return wrk.format("POST", register_path, post_headers, (body_template:gsub("{email}", email)))
end

response = function(status, headers, body)
   if status < 200 or status > 299 then
      return
   end
   local customer = body and body:match(id_pattern)
   if not customer then
      return
   end
   local waiting = awaited[customer]
   if waiting then
      awaited[customer] = waiting > 1 and waiting - 1 or nil
   else
      table.insert(ready, customer)
   end
end
