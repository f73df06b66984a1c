#!/usr/bin/env bash
# Help, man pages and docs/cli.md come from the command table and agree
# with it: every generated page renders with `man -l` without warnings,
# `cmake --install` puts the pages and completion scripts where man and the
# shells look, docs/cli.md's command reference is what the table prints,
# and every command line docs/cli.md shows uses options the verb has.
. "$RS_TESTS/lib.sh"
rs_setup
SRC=$(cd "$RS_TESTS/.." && pwd)

# Every page renders without a warning.
pages=("$RS_BIN"/man/*.1 "$RS_BIN"/man/reinstated.8)
[ "${#pages[@]}" -ge 20 ] || fail "only ${#pages[@]} man pages in $RS_BIN/man"
for p in "${pages[@]}"; do
  out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$p" 2>&1 >/dev/null)
  [ -z "$out" ] || fail "man -l $(basename "$p") warns: $out"
done
# One page per noun, each verb on it; reinstated(8) has the server's options.
for noun in $("$RS_BIN/reinstate" --help | sed -n '/^commands:/,/^$/p' | awk 'NF>1 {print $1}'); do
  [ -f "$RS_BIN/man/reinstate-$noun.1" ] || fail "no reinstate-$noun(1)"
done
txt=$(MANWIDTH=200 man -l "$RS_BIN/man/reinstate-case.1" 2>/dev/null)
for v in open list show next history edit opening move close reopen share unshare shares; do
  expect_contains "$txt" "reinstate case $v" "reinstate-case(1)"
done
expect_contains "$txt" "--declined-on DATE" "reinstate-case(1)"
expect_contains "$(man -l "$RS_BIN/man/reinstated.8" 2>/dev/null)" "--drain-timeout" "reinstated(8)"

# cmake --install: man finds the pages, the shells their completion.
expect_exit 0 cmake --install "$RS_BIN" --prefix "$T/inst"
expect_exit 0 env MANPATH="$T/inst/share/man" man -w reinstate-case
expect_eq "$OUT" "$T/inst/share/man/man1/reinstate-case.1" "man -w reinstate-case"
expect_exit 0 env MANPATH="$T/inst/share/man" man -w 8 reinstated
for f in share/bash-completion/completions/reinstate share/zsh/vendor-completions/_reinstate \
  share/fish/vendor_completions.d/reinstate.fish bin/reinstate; do
  [ -s "$T/inst/$f" ] || fail "cmake --install did not install $f"
done

# docs/cli.md's command reference is what the table prints.
python3 - "$SRC/docs/cli.md" "$RS_BIN/reinstate" <<'PY' || fail "docs/cli.md disagrees with the command table (regenerate with scripts/cli-docs)"
import re, subprocess, sys
doc = open(sys.argv[1]).read()
exe = sys.argv[2]
m = re.search(r"<!-- BEGIN reference.*?-->\n(.*?)<!-- END reference -->", doc, re.S)
assert m, "no generated reference block"
want = subprocess.run([exe, "__doc"], capture_output=True, text=True, check=True).stdout
if m.group(1).strip() != want.strip():
    import difflib
    sys.stderr.writelines(difflib.unified_diff(m.group(1).strip().splitlines(True), want.strip().splitlines(True), "docs/cli.md", "reinstate __doc"))
    sys.exit(1)
# Every command line shown outside the reference names options its verb has.
bad = []
for line in doc[:m.start()].splitlines() + doc[m.end():].splitlines():
    s = re.match(r"^\s*(?:\$ )?reinstate ([a-z][a-z_-]*)(?: ([a-z][a-z-]*))?(.*)$", line)
    if not s:
        continue
    words = [w for w in (s.group(1), s.group(2)) if w]
    h = subprocess.run([exe, "help"] + words, capture_output=True, text=True)
    if h.returncode != 0:
        h = subprocess.run([exe, "help", words[0]], capture_output=True, text=True)
    if h.returncode != 0:
        bad.append("unknown command: " + line)
        continue
    top = subprocess.run([exe, "--help"], capture_output=True, text=True).stdout
    for opt in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", s.group(3)):
        if opt not in h.stdout and opt not in top:
            bad.append(f"{opt} is not an option of 'reinstate {' '.join(words)}': {line.strip()}")
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
PY
pass
