#!/usr/bin/env bash
# The test helpers are loud: a setup call of the CLI that fails ends the test
# with the command and its cause, instead of going unnoticed; expect_exit and
# rs_try let a call fail where that is what the test expects.
. "$RS_TESTS/lib.sh"
trap rs_cleanup EXIT

# A child test whose server is not there.
child() {
  env -u RS_MAY_FAIL bash -c '. "$RS_TESTS/lib.sh"; trap rs_cleanup EXIT; RS_URL=tcp://127.0.0.1:1
    '"$1"'; echo "went on"' 2>&1
}
kept() { sed -n 's/^kept \(\/tmp\/reinstate-test\.[A-Za-z0-9]*\) for inspection$/\1/p' <<<"$1"; }

expect_exit 1 child 'rs --timeout 500 health >/dev/null'
expect_contains "$OUT" "FAIL: 'reinstate --server tcp://127.0.0.1:1 --timeout 500 health' exited 7" \
  "a failed setup call"
expect_contains "$OUT" "stderr: reinstate: " "the failed call's cause"
expect_not_contains "$OUT" "went on" "the test after a failed setup call"
d=$(kept "$OUT")
[ -z "$d" ] || rm -rf "$d"

# Inside $(...) too.
expect_exit 1 child 'x=$(rs --timeout 500 health); pass'
expect_contains "$OUT" "exited 7"
d=$(kept "$OUT")
[ -z "$d" ] || rm -rf "$d"

expect_exit 0 child 'expect_exit 7 rs --timeout 500 health; rs_try --timeout 500 health || echo "status $?"'
expect_contains "$OUT" "status 7" "rs_try"
expect_contains "$OUT" "went on"
pass
