-- wrk script: POST one client message to /v1/analyze with the service's bearer token.
-- COURTOIS_TOKEN: the token; COURTOIS_BENCH_MESSAGE: path of the raw message to send.
-- No response() hook: with one, wrk hands every 11 KB answer to Lua, which costs the client
-- CPU that the service shares on this machine. run.sh reads wrk's own count of non-2xx
-- answers instead, and fails when there is any.
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
