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

# The README says what each mode installs: the same packages, in the three
# bullets of "What the two commands do to the machine".
readme_pkgs() { # BULLET-START
  python3 - "$root/README.md" "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
sec = text.split("## What the two commands do to the machine", 1)[1].split("\n## ", 1)[0]
m = re.search(r"^- " + re.escape(sys.argv[2]) + r".*?(?=^\S|^- |\Z)", sec, re.S | re.M)
words = re.findall(r"`([^`]+)`", m.group(0)) if m else []
print("\n".join(w for w in words if not w.startswith("scripts/")))
PY
}
runtime=$("$deps" --runtime --list)
build=$(comm -13 <(sort <<<"$runtime") <("$deps" --list | sort))
tests=$(comm -13 <("$deps" --list | sort) <("$deps" --test --list | sort))
expect_eq "$(readme_pkgs "running" | sort)" "$(sort <<<"$runtime")" "the README's running packages"
expect_eq "$(readme_pkgs '`scripts/demo`' | sort)" "$build" "the README's building packages"
expect_eq "$(readme_pkgs '`scripts/test`' | sort)" "$tests" "the README's testing packages"
expect_contains "$(cat "$root/README.md")" "REINSTATE_SKIP_DOCKER=1" "the README"
pass
