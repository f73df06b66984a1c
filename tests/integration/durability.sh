#!/usr/bin/env bash
# Nothing acknowledged is lost: writes under load while the server is
# stopped (SIGTERM: drained) or killed (SIGKILL: no goodbye). Every client
# that was told "created N" finds N in the database afterwards.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r C1 T1 <<<"$(mk_coach dur@example.com 'Dur Coach')"
export REINSTATE_TOKEN=$T1

# load N: N clients adding records in parallel, each in a loop until it fails.
load() {
  for w in $(seq 1 "$1"); do
    (
      for i in $(seq 1 200); do
        id=$(rs_try --timeout 3000 client add --name "load $w-$i" 2>/dev/null) || break
        echo "$id" >>"$T/acked.$w"
      done
    ) &
  done
}

# acked_some: waits (at most 60 s) until at least 3 writes were acknowledged
# and the load has run 1.5 s, so the stop always lands among writes, however
# slow the machine.
acked_some() {
  sleep 1.5
  for _ in $(seq 1 600); do
    [ "$(cat "$T"/acked.* 2>/dev/null | wc -l)" -ge 3 ] && return 0
    sleep 0.1
  done
  fail "no write was acknowledged within 60 s of load"
}

check_acked() {
  local n=0 missing=0
  for f in "$T"/acked.*; do
    [ -f "$f" ] || continue
    while read -r id; do
      n=$((n + 1))
      [ "$(sql "SELECT count(*) FROM clients WHERE id = $id")" = 1 ] || missing=$((missing + 1))
    done <"$f"
  done
  [ "$n" -gt 0 ] || fail "$1: no write was acknowledged before the stop"
  [ "$missing" = 0 ] || { RS_FAILED=1; } ; [ "$missing" = 0 ] || fail "$1: $missing of $n acknowledged writes are missing"
  echo "$1: $n acknowledged writes, all present"
  rm -f "$T"/acked.*
}

load 6
acked_some
rs_stop_server || fail "server did not drain cleanly"
wait
check_acked "SIGTERM"

rs_start_server
load 6
acked_some
kill -KILL "$RS_SERVER_PID"
wait "$RS_SERVER_PID" 2>/dev/null
RS_SERVER_PID=
wait
check_acked "SIGKILL"

# The server comes back and serves the same data.
rs_start_server
expect_exit 0 rs client list
expect_contains "$OUT" "load 1-1"
pass
