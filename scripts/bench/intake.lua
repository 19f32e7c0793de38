-- wrk script: posts pre-signed generic webhook bodies (bench/make-bodies.py), each once, spread over threads.
-- BODIES names the file. Prints requests/s, p50/p99 latency and non-2xx answers at the end.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("index", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   local path = os.getenv("BODIES")
   bodies = {}
   signatures = {}
   local line_number = 0
   local threads_total = tonumber(os.getenv("WRK_THREADS") or "1")
   for line in io.lines(path) do
      if line_number % threads_total == index then
         local tab = line:find("\t", 1, true)
         table.insert(signatures, line:sub(1, tab - 1))
         table.insert(bodies, line:sub(tab + 1))
      end
      line_number = line_number + 1
   end
   next_body = 1
   failures = 0
end

function request()
   local i = next_body
   if i > #bodies then
      -- Out of unique bodies: repeat the last (a duplicate, still a valid request); the script sizes the file to avoid this.
      i = #bodies
   end
   next_body = next_body + 1
   return wrk.format("POST", "/webhooks/generic", {
      ["Content-Type"] = "application/json",
      ["X-Baustein-Signature"] = "sha256=" .. signatures[i],
   }, bodies[i])
end

function response(status, headers, body)
   if status ~= 200 then failures = failures + 1 end
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local failed = 0
   for _, thread in ipairs(threads) do failed = failed + (thread:get("failures") or 0) end
   io.write(string.format("requests: %d in %.1f s\n", summary.requests, seconds))
   io.write(string.format("rate: %.0f requests/s\n", summary.requests / seconds))
   io.write(string.format("latency p50: %.2f ms, p99: %.2f ms, max: %.2f ms\n",
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
   io.write(string.format("non-2xx: %d, socket errors: %d\n", failed,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
   -- For merging several wrk runs (bench-intake-pg.sh): requests, non-2xx, then "percentile microseconds" lines.
   local out_path = os.getenv("LATENCY_OUT")
   if out_path then
      local out = io.open(out_path, "w")
      out:write(string.format("requests %d\nfailed %d\n", summary.requests, failed))
      for i = 1, 989 do out:write(string.format("%.2f %d\n", i / 10, latency:percentile(i / 10))) end
      for i = 9900, 9999 do out:write(string.format("%.2f %d\n", i / 100, latency:percentile(i / 100))) end
      out:write(string.format("100.00 %d\n", latency.max)) -- percentile(100) answers 0
      out:close()
   end
end
