#!/usr/bin/env bash
# root's clone is often in /root (mode 0700), where the accounts the tests
# and the embedded PostgreSQL run as cannot go: the embedded test passes from
# such a build directory too, and a failure there says why.
. "$RS_TESTS/lib.sh"
trap rs_cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "SKIP: only root's builds live in folders others cannot enter"; pass; }
private=$T/private
mkdir -m 700 "$private"
mkdir "$private/build"
cp "$RS_BIN/reinstated" "$RS_BIN/reinstate" "$private/build/"
out=$(RS_BIN=$private/build bash "$RS_TESTS/integration/embedded.sh" 2>&1) ||
  fail "the embedded test fails from a build in a 0700 folder:
$out"
pass
