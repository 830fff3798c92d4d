-- wrk script: each connection sends its requests DEPTH at a time in one write (TFB's plaintext
-- test pipelines 16 deep). Usage: wrk ... -s scripts/lib/wrk-pipeline.lua URL -- DEPTH
init = function(args)
  local depth = tonumber(args[1]) or 1
  local requests = {}
  for i = 1, depth do
    requests[i] = wrk.format()
  end
  pipelined = table.concat(requests)
end

request = function()
  return pipelined
end
