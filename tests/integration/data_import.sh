#!/usr/bin/env bash
# CSV import: a messy file (byte-order mark, ';' separators, quoted fields
# with the separator and a newline inside, a bad date, an unknown coach, a
# repeated line) gets a per-line dry-run report and writes nothing; the real
# run keeps back-dated facts; a re-run creates nothing twice; attempts
# import by the case's external id; a coach cannot import for another.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
read -r CB TB <<<"$(mk_coach bo@example.com 'Bo Coach')"
ADMIN=$(cat "$T/cases-admin-token")

count() { sql "SELECT count(*) FROM $1"; }

F=$T/messy.csv
{
  printf '\xef\xbb\xbf'
  printf 'Reference;Name;E-mail;Coach;Company;Job title;Hiring manager;Offered;Declined;Reason;Status;Loss reason;Opened;Favourite colour\r\n'
  printf 'A-1;Dana Cliente;dana@example.com;ana@example.com;"Acme; Inc";Platform Engineer;Dana Whitfield;2026-01-20;2026-02-01;"She said ""no"" twice\r\nthen regretted it";Contact manager;;2026-02-03;blue\r\n'
  printf 'A-2;Eli Bad Date;eli@example.com;ana@example.com;Globex;Analyst;Sam Rivera;2026-01-10;2026-02-30;;;;2026-02-03;red\r\n'
  printf 'A-3;Fay Nobody;fay@example.com;nobody@example.com;Initech;Tester;Pat Lee;;;;;;;green\r\n'
  printf 'A-1;Dana Again;dana@example.com;ana@example.com;Acme;Engineer;Dana Whitfield;;;;;;;blue\r\n'
  printf 'A-4;Gus Lost;gus@example.com;bo@example.com;Umbrella;Chemist;Ada Wong;2025-11-01;2025-11-15;;lost;position filled;2025-12-01;\r\n'
  printf 'A-5;Hal Order;hal@example.com;;Hooli;CEO;Gavin B;2026-03-01;2026-02-01;;;;;\r\n'
} >"$F"

# Dry run (as admin: several coaches): every problem, by line and column,
# in line order. Lines are the file's: A-1's reason spans lines 2 and 3.
expect_exit 3 as "$ADMIN" import --dry-run "$F"
expect_eq "$(grep '^line' <<<"$OUT")" "line 4, column declined_on: must be a date YYYY-MM-DD (got '2026-02-30')
line 5, column coach_email: no coach 'nobody@example.com'
line 6, column external_id: 'A-1' repeats line 2
line 8, column declined_on: must not be before offered_on (2026-03-01)" "dry-run report"
expect_contains "$OUT" "6 rows (semicolon-separated)"
expect_contains "$OUT" "2 to create, 0 already imported, 4 invalid (dry run: nothing written)"
expect_contains "$ERR" "column 'Favourite colour' is not imported"
expect_eq "$(count cases)" 0 "cases after a dry run"
expect_eq "$(count clients)" 0 "clients after a dry run"

# A real run refuses a file with bad lines unless told to skip them.
expect_exit 3 as "$ADMIN" import "$F"
expect_contains "$ERR" "nothing imported"
expect_eq "$(count cases)" 0 "cases after a refused run"

expect_exit 0 as "$ADMIN" import --skip-invalid "$F"
expect_contains "$OUT" "2 created, 0 already imported, 4 invalid skipped"
expect_eq "$(count cases)" 2 "cases imported"
# Quotes, the separator and the newline inside fields survive.
expect_eq "$(sql "SELECT company FROM cases WHERE external_id = 'A-1'")" "Acme; Inc"
expect_eq "$(sql "SELECT decline_reason = E'She said \"no\" twice\nthen regretted it' FROM cases WHERE external_id = 'A-1'")" t
# Back-dated facts: opened, stage and its history, the owner.
expect_eq "$(sql "SELECT rs_ts(created_at), stage, coach_id FROM cases WHERE external_id = 'A-1'")" \
  "2026-02-03T00:00:00Z|contact_manager|$CA"
expect_eq "$(sql "SELECT string_agg(coalesce(h.from_stage, '-') || '>' || h.to_stage || '@' || rs_ts(h.at), ' ' ORDER BY h.id) FROM stage_history h JOIN cases k ON k.id = h.case_id WHERE k.external_id = 'A-1'")" \
  "->verify_opening@2026-02-03T00:00:00Z verify_opening>contact_manager@2026-02-03T00:00:00Z"
expect_eq "$(sql "SELECT stage, loss_reason, rs_ts(closed_at), coach_id FROM cases WHERE external_id = 'A-4'")" \
  "lost|position_filled|2025-12-01T00:00:00Z|$CB"
# A-5 has no coach_email: the importing admin's own.
expect_eq "$(sql "SELECT count(*) FROM cases WHERE external_id = 'A-5'")" 0

# Re-running creates nothing twice.
expect_exit 0 as "$ADMIN" import --skip-invalid "$F"
expect_contains "$OUT" "0 created, 2 already imported"
expect_eq "$(count cases)" 2 "cases after a re-run"
expect_eq "$(count clients)" 2 "clients after a re-run"
expect_eq "$(count stage_history)" 4 "stage changes after a re-run"

# A file without an external_id column is keyed by its lines' hash.
G=$T/plain.csv
printf 'client_name,company,role,manager,opened_on\nIvy Plain,Stark,Welder,Tony S,2026-01-02\nJon Plain,Wayne,Butler,Bruce W,2026-01-03\n' >"$G"
expect_exit 0 as "$TA" import "$G"
expect_contains "$OUT" "2 created"
expect_exit 0 as "$TA" import "$G"
expect_contains "$OUT" "0 created, 2 already imported"
expect_eq "$(sql "SELECT count(*) FROM cases WHERE coach_id = $CA")" 3 "Ana's cases"

# The same lines are other rows for another coach: the hash is per coach.
expect_exit 0 as "$TB" import "$G"
expect_contains "$OUT" "2 created"
expect_eq "$(sql "SELECT count(*) FROM cases WHERE coach_id = $CB")" 3 "Bo's cases"

# A coach imports only for themselves.
H=$T/other.csv
printf 'external_id,client_name,coach_email,company,role,manager\nB-1,Kim,ana@example.com,Acme,Dev,Lou\n' >"$H"
expect_exit 3 as "$TB" import --dry-run "$H"
expect_contains "$OUT" "line 2, column coach_email: 'ana@example.com' is not you: only admins import for other coaches"

# --map for a header the import does not know; a missing required column.
M=$T/mapped.csv
printf 'ref,Kunde,company,role,manager\nM-1,Lea Map,Acme,Dev,Lou\n' >"$M"
expect_exit 3 as "$TA" import --dry-run "$M"
expect_contains "$ERR" "no 'client_name' column"
expect_exit 0 as "$TA" import --map Kunde=client_name "$M"
expect_contains "$OUT" "1 created"

# Attempts, by the case's external id, at their own times; idempotent.
A=$T/attempts.csv
cat >"$A" <<'CSV'
external_id,case_external_id,at,channel,contact_role,contact,outcome,summary,accepted_responsibility
T-1,A-1,2026-02-04T09:30:00Z,phone,hiring manager,Dana Whitfield,left message,"Left a voicemail, will call back",no
T-2,A-1,2026-02-06T10:00:00Z,phone,hiring_manager,Dana Whitfield,in_discussion,Talked it through,yes
T-3,NOPE,2026-02-06T10:00:00Z,phone,hiring_manager,X,no_answer,,
T-4,A-1,2026-13-06T10:00:00Z,fax,hiring_manager,X,no_answer,,
CSV
expect_exit 3 as "$TA" import --attempts --dry-run "$A"
expect_contains "$OUT" "line 4, column case_external_id: no case with external_id 'NOPE'"
expect_contains "$OUT" "line 5, column channel: unknown value 'fax'"
expect_contains "$OUT" "line 5, column at:"
expect_exit 0 as "$TA" import --attempts --skip-invalid "$A"
expect_contains "$OUT" "2 created"
expect_eq "$(sql "SELECT string_agg(rs_ts(at) || ' ' || outcome || ' ' || accepted_responsibility, ',' ORDER BY at) FROM attempts")" \
  "2026-02-04T09:30:00Z left_message false,2026-02-06T10:00:00Z in_discussion true"
# Imported attempts do not move the stage: the file said which it is.
expect_eq "$(sql "SELECT stage FROM cases WHERE external_id = 'A-1'")" contact_manager
expect_exit 0 as "$TA" import --attempts --skip-invalid "$A"
expect_contains "$OUT" "0 created, 2 already imported"
expect_eq "$(count attempts)" 2 "attempts after a re-run"
# Bo cannot attach attempts to Ana's case.
expect_exit 3 as "$TB" import --attempts --dry-run "$A"
expect_contains "$OUT" "line 2, column case_external_id: no case with external_id 'A-1'"

# The server stayed up through all of it.
rs health >/dev/null || fail "server down"
pass
