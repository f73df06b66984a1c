#!/usr/bin/env bash
# The README and docs/ cite only files that are in the repository: a reader
# who follows "see X" finds X. (Generated names, like a backup's
# "reinstate-YYYYMMDD....roles.sql", are not citations: a name glued to a
# longer one is skipped.)
. "$RS_TESTS/lib.sh"
root=$(cd "$RS_TESTS/.." && pwd)
missing=$(cd "$root" && python3 - README.md docs/*.md <<'PY'
import os, re, subprocess, sys
files = subprocess.run(["git", "ls-files"], capture_output=True, text=True).stdout.split()
if not files:
    files = [os.path.join(d, f)[2:] for d, _, fs in os.walk(".") for f in fs]
names = {os.path.basename(f) for f in files}
pat = re.compile(r'(?<![\w.*-])((?:[\w-]+/)*[\w-]+\.(?:md|sh|c|h|sql|proto|yaml))\b')
for doc in sys.argv[1:]:
    for n, line in enumerate(open(doc, encoding="utf-8"), 1):
        for p in pat.findall(line):
            if os.path.exists(p) or os.path.exists(os.path.join("docs", p)) or \
               (p.count("/") == 0 and p in names) or any(f.endswith("/" + p) for f in files):
                continue
            print(f"{doc}:{n}: {p}")
PY
)
[ -z "$missing" ] || fail "documents cite files that are not in the repository:
$missing"
pass
