-- Appended to every wrk scenario script by bench/wrk.py: numbers the threads (global `id`,
-- from 1), counts the responses outside 2xx (then hands each response to the scenario's own
-- `response`, if it has one) and prints the summary as one JSON line that starts with
-- BENCH_RESULT, latencies in microseconds, with the scenario's counters `posted` and `fetched`
-- summed over the threads (0 when it keeps none).

local threads = {}
local scenario_response = response

non_2xx = 0

setup = function(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

response = function(status, headers, body)
   if status < 200 or status > 299 then
      non_2xx = non_2xx + 1
   end
   if scenario_response then
      scenario_response(status, headers, body)
   end
end

local function total(name)
   local sum = 0
   for _, thread in ipairs(threads) do
      sum = sum + (thread:get(name) or 0)
   end
   return sum
end

done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx": %d, '
      .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, '
      .. '"posted": %d, "fetched": %d}\n',
      summary.requests, summary.duration, summary.bytes, total("non_2xx"),
      e.connect, e.read, e.write, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
      total("posted"), total("fetched")))
end
