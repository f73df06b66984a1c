#!/usr/bin/env bash
# The README's tour ("A coach's day") works as written against a fresh demo
# agency, and a second scripts/demo says the first is already running.
#
# The block is read from README.md, so the two cannot drift. Each command
# runs in one shell, in order, from a folder whose build/ is the binaries
# under test (the block starts with `export PATH=$PWD/build:$PATH`). Two
# liberties, both for lack of a terminal: the login reads the password
# with --password-stdin, and XXXX-XXXX-XXXX-XXXX stands for the code the
# previous command printed, as the README says.
. "$RS_TESTS/lib.sh"
trap rs_cleanup EXIT
root=$(cd "$RS_TESTS/.." && pwd)
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE

# A fresh demo agency, from scripts/demo itself.
port=$(rs_free_port)
http_port=$(rs_free_port)
export REINSTATE_DEMO_HTTP_PORT=$http_port
url=tcp://127.0.0.1:$port
demo=$T/demo
REINSTATE_DEMO_BIN=$RS_BIN REINSTATE_DEMO_DIR=$demo REINSTATE_DEMO_PORT=$port \
  "$root/scripts/demo" >"$T/demo.out" 2>&1 &
demo_pid=$!
rs_on_exit "kill -TERM $demo_pid 2>/dev/null; wait $demo_pid 2>/dev/null"
for _ in $(seq 1 1200); do
  grep -q "Ctrl-C stops the server" "$T/demo.out" && break
  kill -0 "$demo_pid" 2>/dev/null || fail "scripts/demo ended: $(cat "$T/demo.out")"
  sleep 0.1
done
grep -q "Ctrl-C stops the server" "$T/demo.out" || fail "scripts/demo did not start: $(cat "$T/demo.out")"
pw=$(sed -n 's/^maya@demo.agency //p' "$demo/credentials")
[ -n "$pw" ] || fail "no password for maya in $demo/credentials"

# A second demo while this one runs: says so and where, exits 0, and the
# first one keeps running.
expect_exit 0 env REINSTATE_DEMO_BIN="$RS_BIN" REINSTATE_DEMO_DIR="$demo" REINSTATE_DEMO_PORT="$port" \
  "$root/scripts/demo"
expect_contains "$OUT" "already running at $url" "the second demo's message"
expect_contains "$OUT" "$demo" "the second demo's message"
expect_not_contains "$OUT" "One-time passwords" "the second demo's message"
kill -0 "$demo_pid" 2>/dev/null || fail "the first demo stopped"

# The tour, command by command (continuation lines joined).
python3 - "$root/README.md" >"$T/tour" <<'PY' || fail "no coach's day block in README.md"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"## A coach's day\n.*?```sh\n(.*?)```", text, re.S)
if not m:
    sys.exit(1)
for cmd in m.group(1).replace("\\\n", " ").splitlines():
    if cmd.strip():
        sys.stdout.write(cmd.strip() + "\0")
PY
work=$T/tour-dir
mkdir -p "$work"
ln -s "$RS_BIN" "$work/build"
cd "$work" || fail "cd $work"
export REINSTATE_SERVER=$url XDG_CONFIG_HOME=$T/tour-config
n=0 code=
while IFS= read -r -d '' cmd; do
  n=$((n + 1))
  case $cmd in
  "reinstate login "*) cmd="${cmd%%#*} --password-stdin" ;;
  esac
  if [[ $cmd == *XXXX-XXXX-XXXX-XXXX* ]]; then
    [ -n "$code" ] || fail "tour step $n uses a code no earlier step printed: $cmd"
    cmd=${cmd//XXXX-XXXX-XXXX-XXXX/$code}
  fi
  st=0
  eval "$cmd" >"$T/step.out" 2>&1 <<<"$pw" || st=$?
  [ "$st" = 0 ] || fail "README tour step $n exited $st: $cmd
$(cat "$T/step.out")"
  c=$(grep -oE '\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b' "$T/step.out" | head -1)
  [ -n "$c" ] && code=$c
  last=$(cat "$T/step.out")
done <"$T/tour"
[ "$n" -ge 10 ] || fail "the tour has only $n steps"
expect_contains "$last" "Data Analyst at Acme" "what the job seeker sees at the end of the tour"
pass
