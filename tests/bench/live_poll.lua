-- wrk script: students' devices in a class the teacher leads. Every connection waits two
-- seconds between requests (live.js's period) and asks for the stage with the tag it last
-- saw; with "pages" as its third argument, when a stage comes back changed the next requests
-- load the live page again, once per student, as each device reloads. Run by
-- tests/bench/test_classroom_load.py with the students' attempt tokens (one per line in a
-- file) and the first tag.

local tokens, tag, reloads, next_token, pages = {}, "", 0, 0, false
-- A global, so that done() can read each thread's counts.
counts = { [200] = 0, [304] = 0, other = 0, pages = 0 }

function init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
  tag = args[2]
  pages = args[3] == "pages"
end

-- wrk delays every request, the first too: each connection's first delay is drawn at random
-- over one period, so the devices poll at their own phases (as the students' pages were loaded
-- at different moments) rather than all at once every two seconds.
local delays = 0

function delay()
  delays = delays + 1
  if delays <= #tokens then
    return math.random(0, 1999)
  end
  return 2000
end

function request()
  next_token = next_token % #tokens + 1
  local token = tokens[next_token]
  if reloads > 0 then
    reloads = reloads - 1
    counts.pages = counts.pages + 1
    return wrk.format("GET", "/attempts/" .. token .. "/live")
  end
  return wrk.format("GET", "/attempts/" .. token .. "/live/stage",
    { ["If-None-Match"] = '"' .. tag .. '"' })
end

function response(status, headers, body)
  if status == 304 then
    counts[304] = counts[304] + 1
  elseif status == 200 and #body <= 64 then
    counts[200] = counts[200] + 1
    if body ~= tag then
      tag = body
      reloads = pages and #tokens or 0
    end
  elseif status ~= 200 then
    counts.other = counts.other + 1
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local c200, c304, other, pages = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    c200, c304, other, pages = c200 + c[200], c304 + c[304], other + c.other, pages + c.pages
  end
  io.write(string.format("RESULT stage200=%d stage304=%d other=%d pages=%d p50=%.2f p99=%.2f max=%.2f errors=%d\n",
    c200, c304, other, pages, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
