#!/usr/bin/env bash
# Hostile bytes on the socket get an error status or a dropped pipe; the
# server keeps answering.
. "$RS_TESTS/lib.sh"
rs_setup
rs_start_server
raw() { "$RS_BIN/tests/rawsend" "$RS_URL" "$@"; }
healthy() { rs --timeout 2000 health >/dev/null || fail "server unhealthy after $1"; }

for n in 1 7 64 4096; do
  expect_exit 0 raw garbage $n
  # Random bytes may even parse as a protobuf message (unknown fields are
  # skipped); any error status or a dropped pipe is right, OK never is.
  case "$OUT" in
  code=OK*) fail "garbage of $n bytes answered '$OUT'" ;;
  code=* | dropped=*) ;;
  *) fail "garbage of $n bytes answered '$OUT'" ;;
  esac
  healthy "garbage $n"
done

expect_exit 0 raw truncated
expect_contains "$OUT" "code=INVALID_ARGUMENT" "truncated envelope"
healthy truncated

expect_exit 0 raw badpayload reinstate.v1.Health/Check
expect_contains "$OUT" "code=INVALID_ARGUMENT" "undecodable payload"
expect_contains "$OUT" "reinstate.v1.HealthCheckRequest" "names the expected type"
healthy badpayload

# A NUL byte inside a string would silently cut it short in C: refused,
# with the field named, before any database work.
expect_exit 0 raw nulstring
expect_contains "$OUT" "code=INVALID_ARGUMENT message=email: contains a NUL byte" "NUL in a string"
healthy nulstring

expect_exit 0 raw version 9
expect_contains "$OUT" "code=FAILED_PRECONDITION" "protocol version"

# Above the decode limit but within the transport cap: a clear refusal.
expect_exit 0 raw oversize 262300
expect_contains "$OUT" "code=RESOURCE_EXHAUSTED" "oversized request"
healthy "oversized request"

# Above the transport cap (the request cap plus 1 KiB for nng's header):
# nng drops the pipe from the frame's header, before allocating it. The
# client must not resend forever: one attempt, then the server is quiet and
# healthy.
before=$(grep -c 'call method' "$T/server.log")
expect_exit 0 raw oversize 300000
expect_contains "$OUT" "dropped=" "request just above the transport cap"
expect_exit 0 raw oversize 3000000
expect_contains "$OUT" "dropped=" "request above the transport cap"
sleep 1
after=$(grep -c 'call method' "$T/server.log")
expect_eq "$after" "$before" "calls logged after the dropped oversize request"
healthy "dropped oversize request"

# The CLI refuses an oversized request itself (no round trip).
expect_exit 0 rs health
pass
