#!/usr/bin/env bash
# scripts/install-deps: the demo gets what running and building need, not the
# test and fuzzing toolchain; and PostgreSQL is installed without the system
# cluster it would otherwise create and start. apt-get and dpkg-query are
# stand-ins here that record what they were asked: nothing is installed.
. "$RS_TESTS/lib.sh"
trap rs_cleanup EXIT
root=$(cd "$RS_TESTS/.." && pwd)
deps=$root/scripts/install-deps

expect_exit 0 "$deps" --list
demo=$OUT
for p in build-essential cmake libnng-dev libpq-dev postgresql postgresql-contrib; do
  grep -qx "$p" <<<"$demo" || fail "the demo's packages lack $p: $demo"
done
for p in clang libclang-rt-14-dev clang-format python3; do
  ! grep -qx "$p" <<<"$demo" || fail "the demo installs $p, which only the tests use"
done
expect_exit 0 "$deps" --test --list
for p in clang libclang-rt-14-dev clang-format python3 postgresql-contrib build-essential; do
  grep -qx "$p" <<<"$OUT" || fail "the tests' packages lack $p"
done
expect_exit 0 "$deps" --runtime --list
! grep -qx build-essential <<<"$OUT" || fail "running needs no compiler: $OUT"
expect_exit 2 "$deps" --bogus

# With nothing installed: the cluster setting is written before apt-get
# installs postgresql.
stub=$T/stub
mkdir -p "$stub"
cat >"$stub/dpkg-query" <<'SH'
#!/bin/sh
exit 1
SH
cat >"$stub/apt-get" <<'SH'
#!/bin/sh
echo "apt-get $*" >>"$STUB_LOG"
case " $* " in *" install "*) echo "conf at install: $(cat "$REINSTATE_CREATECLUSTER_CONF")" >>"$STUB_LOG" ;; esac
SH
printf '#!/bin/sh\nexec "$@"\n' >"$stub/sudo"
chmod +x "$stub"/*
export STUB_LOG=$T/apt.log REINSTATE_CREATECLUSTER_CONF=$T/etc/createcluster.conf
expect_exit 0 env PATH="$stub:$PATH" "$deps"
log=$(cat "$STUB_LOG")
expect_contains "$log" "conf at install: create_main_cluster = false" "apt-get's view of the setting"
expect_not_contains "$log" " clang " "what the demo installs"
expect_contains "$OUT" "without a system PostgreSQL cluster" "what install-deps says"

# A setting already there is turned off, not duplicated.
printf '# local\ncreate_main_cluster = true\n' >"$REINSTATE_CREATECLUSTER_CONF"
rm -f "$STUB_LOG"
expect_exit 0 env PATH="$stub:$PATH" "$deps"
expect_eq "$(grep -c create_main_cluster "$REINSTATE_CREATECLUSTER_CONF")" 1 "create_main_cluster lines"
expect_contains "$(cat "$REINSTATE_CREATECLUSTER_CONF")" "create_main_cluster = false" "the setting"
pass
