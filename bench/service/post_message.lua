-- wrk script: POST one client message to /v1/analyze with the service's bearer token.
-- COURTOIS_TOKEN: the token; COURTOIS_BENCH_MESSAGE: path of the raw message to send.
local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot open " .. tostring(path))
  local data = f:read("*a")
  f:close()
  return data
end

wrk.method = "POST"
wrk.path = "/v1/analyze"
wrk.body = read_file(os.getenv("COURTOIS_BENCH_MESSAGE"))
wrk.headers["Content-Type"] = "message/rfc822"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("COURTOIS_TOKEN"), "COURTOIS_TOKEN unset")

local failures = 0
function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n") end
  end
end
