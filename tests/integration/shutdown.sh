#!/usr/bin/env bash
# SIGTERM under load: calls in flight finish with OK, the server exits 0
# after draining, and nothing new is started.
. "$RS_TESTS/lib.sh"
rs_setup
# Every database call is held 2 s, so all six are surely in flight at the
# SIGTERM a second after they were started, even on a loaded machine.
REINSTATE_FAULT_DELAY_MS=2000 rs_start_server --workers 8

pids=()
for i in $(seq 1 6); do
  rs_try --timeout 8000 health --deep >"$T/call.$i" 2>&1 &
  pids+=($!)
done
sleep 1
kill -TERM "$RS_SERVER_PID"
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || fail "in-flight call $((i + 1)) failed: $(cat "$T/call.$((i + 1))")"
done
st=0
wait "$RS_SERVER_PID" || st=$?
RS_SERVER_PID=
expect_eq "$st" 0 "server exit status"
grep -q "received SIGTERM: draining" "$T/server.log" || fail "no drain logged"
grep -q "drained: no calls in flight" "$T/server.log" || fail "not drained cleanly"
[ "$(grep -c 'Health/Probe code=OK' "$T/server.log")" = 6 ] || fail "not every in-flight call completed"
# Concurrent database calls run side by side on different workers, not
# queued behind one.
workers=$(grep 'Health/Probe code=OK' "$T/server.log" | sed 's/.*worker=//' | sort -u | wc -l)
[ "$workers" -ge 3 ] || fail "six concurrent calls ran on $workers worker(s)"
expect_exit 7 rs --timeout 1000 health
pass
