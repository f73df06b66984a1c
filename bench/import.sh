#!/usr/bin/env bash
# How long `reinstate import` takes for ROWS clients-and-cases lines (10,000
# by default) through the real CLI and server, validation pass included,
# beside a baseline in the same run: the same kind of row created one at a
# time with `client add` + `case open` (a sample, scaled), and the floor:
# PostgreSQL's COPY of the same rows into the same tables. Prints the times,
# rows per second and the ratios. The issue's bar is 10,000 rows in < 30 s.
#
#   bench/import.sh [--rows N] [BUILD_DIR]
set -euo pipefail
ROWS=10000 SAMPLE=100
while [ $# -gt 0 ]; do
  case $1 in
  --rows) ROWS=$2; shift 2 ;;
  *) break ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
# A free port: two runs at once must not measure each other's server.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
bench_agency "${1:-}" 1000 1 "$PORT"

python3 - "$ROWS" >"$WORK/rows.csv" <<'PY'
import random, sys
random.seed(7)
first = ["Dana", "Sam", "Alex", "Noor", "Ivo", "Mei", "Tariq", "Lena", "Joao", "Ada"]
last = ["Whitfield", "Okafor", "Novak", "Haddad", "Larsen", "Moreau", "Singh", "Kowalski"]
stages = ["verify_opening", "contact_manager", "awaiting_response", "in_discussion",
          "reinterview", "negotiating", "reinstated", "lost"]
print("external_id,client_name,client_email,company,role,manager,offered_on,declined_on,"
      "reason,stage,loss_reason,opened_on")
for i in range(int(sys.argv[1])):
    st = random.choice(stages)
    name = f"{random.choice(first)} {random.choice(last)} {i}"
    print(f"R-{i},{name},c{i}@example.com,\"Company {i % 700}, Ltd\",Engineer,"
          f"{random.choice(first)} {random.choice(last)},2025-0{1 + i % 9}-01,2025-0{1 + i % 9}-15,"
          f"\"said \"\"no\"\", then regretted it\",{st},{'other' if st == 'lost' else ''},"
          f"2025-{1 + i % 9:02d}-20")
PY

s=$(date +%s%N)
rs import "$WORK/rows.csv" >"$WORK/import.out"
e=$(date +%s%N)
import_ms=$(( (e - s) / 1000000 ))
grep -q "$ROWS created" "$WORK/import.out" || { cat "$WORK/import.out"; echo "import did not create $ROWS rows" >&2; exit 1; }

s=$(date +%s%N)
for i in $(seq 1 $SAMPLE); do
  cl=$(rs client add --name "One By One $i" --email "one$i@example.com")
  rs case open --client "$cl" --company "Company $i" --role Engineer --manager "M. Anager" \
    --offered-on 2025-01-01 --declined-on 2025-01-15 >/dev/null
done
e=$(date +%s%N)
one_ms=$(( (e - s) / 1000000 * ROWS / SAMPLE ))

s=$(date +%s%N)
rs import "$WORK/rows.csv" >"$WORK/again.out"
e=$(date +%s%N)
again_ms=$(( (e - s) / 1000000 ))

# The floor: PostgreSQL's COPY of the same file into a staging table, then
# the same clients and cases in one INSERT ... SELECT each, as the bench's
# superuser (the tables' constraints and triggers as for the import, but no
# validation pass, RPC, stage history, audit or re-run check).
s=$(date +%s%N)
q <<SQL >/dev/null
SET client_min_messages = warning;
BEGIN;
CREATE TEMP TABLE staging (external_id text, client_name text, client_email text, company text,
  role text, manager text, offered_on date, declined_on date, reason text, stage text,
  loss_reason text, opened_on date) ON COMMIT DROP;
\copy staging FROM '$WORK/rows.csv' WITH (FORMAT csv, HEADER true)
WITH cl AS (INSERT INTO clients (coach_id, name, email)
            SELECT $COACH, client_name, 'copy-' || client_email FROM staging RETURNING id, email)
INSERT INTO cases (client_id, coach_id, company, role_title, manager_name, offered_on, declined_on,
                   decline_reason, stage, loss_reason, closed_at, created_at)
  SELECT cl.id, $COACH, s.company, s.role, s.manager, s.offered_on, s.declined_on, s.reason, s.stage,
         nullif(s.loss_reason, ''), CASE WHEN s.stage IN ('reinstated', 'lost') THEN now() END,
         s.opened_on
    FROM staging s JOIN cl ON cl.email = 'copy-' || s.client_email;
COMMIT;
SQL
e=$(date +%s%N)
copy_ms=$(( (e - s) / 1000000 ))
[ "$(q -c "SELECT count(*) FROM clients WHERE email LIKE 'copy-%'")" = "$ROWS" ] || { echo "COPY did not create $ROWS clients" >&2; exit 1; }

echo "import of $ROWS rows (validation pass + writes): $(awk "BEGIN{printf \"%.1f\", $import_ms/1000}") s," \
  "$(( ROWS * 1000 / (import_ms > 0 ? import_ms : 1) )) rows/s"
echo "re-import (nothing to create):          $(awk "BEGIN{printf \"%.1f\", $again_ms/1000}") s"
echo "one at a time (client add + case open, $SAMPLE sampled, scaled to $ROWS): $(awk "BEGIN{printf \"%.1f\", $one_ms/1000}") s"
echo "ratio one-at-a-time / import: $(awk "BEGIN{printf \"%.1f\", $one_ms/($import_ms > 0 ? $import_ms : 1)}")x"
echo "PostgreSQL COPY + INSERT ... SELECT of the same rows: $(awk "BEGIN{printf \"%.1f\", $copy_ms/1000}") s"
echo "ratio import / COPY: $(awk "BEGIN{printf \"%.1f\", $import_ms/($copy_ms > 0 ? $copy_ms : 1)}")x"
