-- The mixed load of bench/memory.py. Each thread walks a cycle of 20 requests: 7 customer
-- details, 7 customer lists, 4 statuses, 1 registration and 1 update, so that writes are 5%
-- each. The customer, the list's filter, sort and page change from one request to the next.
--
-- Arguments after "--": a nonce (keeps the e-mail addresses of separate rounds apart), the
-- customer ids, 3-letter first-name and last-name fragments and e-mail addresses (each a
-- comma-separated list, the text already URL-encoded), the number of pages of 10 to pick from,
-- and a file where each thread appends its first few answers outside 2xx.

local nonce, failures_path
local ids, first_names, last_names, emails = {}, {}, {}, {}
local pages = 1
local get_headers, json_headers = {}, {}
local counter, lists, failures = 0, 0, 0
local MAX_FAILURES = 5

local CYCLE = {
   "details", "list", "status", "details", "list", "register", "details", "list", "status", "details",
   "list", "update", "details", "list", "status", "details", "list", "status", "details", "list",
}

local function split(text)
   local found = {}
   for part in string.gmatch(text or "", "[^,]+") do
      table.insert(found, part)
   end
   return found
end

local function pick(values, n)
   return values[(n % #values) + 1]
end

init = function(args)
   nonce = args[1] or "run"
   ids, first_names, last_names, emails = split(args[2]), split(args[3]), split(args[4]), split(args[5])
   pages = math.max(1, tonumber(args[6]) or 1)
   failures_path = args[7]
   for name, value in pairs(wrk.headers) do
      get_headers[name] = value
      json_headers[name] = value
   end
   json_headers["Content-Type"] = "application/json"
end

local function list_path(n)
   lists = lists + 1
   local spread = n * 7 + id * 13
   local variant = lists % 6
   local base = "/api/DEFAULT/admin/customer?"
   if variant == 0 then
      return base .. "firstName=" .. pick(first_names, spread)
   elseif variant == 1 then
      return base .. "sort=lastName&direction=desc&page=" .. ((spread % 5) + 1)
   elseif variant == 2 then
      return base .. "page=" .. ((n * 37 + id * 101) % pages + 1) .. "&perPage=10"
   elseif variant == 3 then
      return base .. "email=" .. pick(emails, spread) .. "&strict=1"
   elseif variant == 4 then
      return base .. "lastName=" .. pick(last_names, spread) .. "&sort=firstName&direction=asc"
   end
   return base .. "sort=createdAt&direction=asc&page=" .. ((n * 11 + id) % pages + 1) .. "&perPage=20"
end

request = function()
   counter = counter + 1
   local kind = CYCLE[(counter - 1) % #CYCLE + 1]
   local customer = pick(ids, counter * 17 + id * 31)
   if kind == "details" then
      return wrk.format("GET", "/api/DEFAULT/customer/" .. customer, get_headers)
   elseif kind == "status" then
      return wrk.format("GET", "/api/DEFAULT/customer/customer/" .. customer .. "/status", get_headers)
   elseif kind == "register" then
      local body = string.format(
         '{"customer": {"firstName": "Memory", "lastName": "Load", '
         .. '"email": "memory-%s-%d-%d@example.com", "agreement1": true}}', nonce, id, counter)
      return wrk.format("POST", "/api/DEFAULT/customer/register", json_headers, body)
   elseif kind == "update" then
      local body = string.format('{"customer": {"firstName": "X%d"}}', counter)
      return wrk.format("PUT", "/api/DEFAULT/customer/" .. customer, json_headers, body)
   end
   return wrk.format("GET", list_path(counter), get_headers)
end

response = function(status, headers, body)
   if status >= 200 and status <= 299 then
      return
   end
   failures = failures + 1
   if failures > MAX_FAILURES or not failures_path then
      return
   end
   local file = io.open(failures_path, "a")
   if file then
      file:write(string.format("%d %s\n", status, ((body or ""):sub(1, 300):gsub("\n", " "))))
      file:close()
   end
end
