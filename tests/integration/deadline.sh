#!/usr/bin/env bash
# Deadlines: work whose deadline passed is not executed, and SQL is bounded
# by the time left.
. "$RS_TESTS/lib.sh"
rs_setup

# Every database call is held 600 ms before it runs (test hook).
REINSTATE_FAULT_DELAY_MS=600 rs_start_server
expect_exit 7 rs --timeout 300 health --deep
expect_contains "$ERR" "DEADLINE_EXCEEDED"
sleep 0.5
grep -q 'method=reinstate.v1.Health/Probe code=DEADLINE_EXCEEDED' "$T/server.log" ||
  fail "server did not report the expired call"
expect_exit 0 rs --timeout 3000 health --deep
rs_stop_server

# A table lock held elsewhere: the statement is cancelled when the
# deadline arrives instead of waiting for the lock.
rs_start_server
psql_admin -d "$RS_DB" -c "BEGIN; LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT;" >/dev/null 2>&1 &
locker=$!
sleep 0.5
start=$(date +%s%N)
expect_exit 7 rs --timeout 800 health --deep
took=$(( ($(date +%s%N) - start) / 1000000 ))
expect_contains "$ERR" "DEADLINE_EXCEEDED"
expect_contains "$ERR" "waiting for the database"
[ "$took" -lt 3500 ] || fail "the call waited ${took} ms for a lock, past its deadline"
wait $locker
expect_exit 0 rs health --deep
pass
