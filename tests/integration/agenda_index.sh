#!/usr/bin/env bash
# `today` reads only the open cases that can be on the agenda (an index range
# of case_agenda, schema/080_agenda.sql), and must show exactly what the
# engine shows when run over every open case. On a seeded agency of varied
# cases (every stage, opening checks old and new, attempts to HR and to the
# manager, follow-ups planned in the past and the future, quiet cases), the
# agenda of many days and horizons is taken twice: as stored, and with every
# case marked to compute again (then every open case is run through the
# engine). Both must be identical, after writes through the CLI too. The
# seed includes the steps with a due day of their own: the client's
# motivation before the first manager call (PB-18) and the written recap
# after a spoken manager conversation (PB-19, due the next business day,
# cleared by a written contact to the same person).
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r C1 T1 <<<"$(mk_coach maya@example.com 'Maya Coach')"
read -r C2 T2 <<<"$(mk_coach omar@example.com 'Omar Coach')"
ADMIN=$(cat "$T/cases-admin-token")
export REINSTATE_TOKEN=$T1

# 240 cases for Maya and 40 for Omar, spread over every stage, with 0-6
# attempts each over the last 60 days.
sql "
INSERT INTO clients (coach_id, name)
  SELECT CASE WHEN g % 7 = 0 THEN $C2 ELSE $C1 END, 'Client ' || g FROM generate_series(1, 280) g;
INSERT INTO cases (client_id, coach_id, company, role_title, manager_name, hr_name, declined_on,
                   opening_status, opening_verified_at, stage, loss_reason, stage_changed_at,
                   closed_at, created_at, motivation_confirmed_at)
  SELECT cl.id, cl.coach_id, 'Company ' || cl.id, 'Engineer', 'Manager ' || cl.id, 'HR ' || cl.id,
         current_date - (cl.id % 50)::int,
         s.op, CASE WHEN s.op <> 'unknown' THEN now() - ((cl.id * 3 % 20) || ' days')::interval END,
         s.st, CASE WHEN s.st = 'lost' THEN 'no_response' END,
         now() - ((cl.id * 5 % 40) || ' days')::interval,
         CASE WHEN s.st IN ('reinstated', 'lost') THEN now() END,
         now() - ((cl.id % 60) || ' days')::interval,
         CASE WHEN cl.id % 3 <> 0 THEN now() - interval '70 days' END
    FROM clients cl,
         LATERAL (SELECT (ARRAY['verify_opening', 'contact_manager', 'awaiting_response',
                                'in_discussion', 'reinterview', 'negotiating', 'reinstated',
                                'lost'])[1 + cl.id % 8] AS st) s0,
         LATERAL (SELECT s0.st,
                         CASE WHEN s0.st = 'verify_opening' THEN (ARRAY['unknown', 'open', 'filled'])[1 + cl.id / 8 % 3]
                              ELSE 'open' END AS op) s;
INSERT INTO attempts (case_id, coach_id, at, channel, contact_role, contact_name, outcome,
                      accepted_responsibility, conveyed_commitment, offered_reinterview,
                      follow_up_on, logged_by)
  SELECT k.id, k.coach_id, now() - (((k.id * 7 + g * 11) % 60) || ' days')::interval,
         (ARRAY['phone', 'email', 'phone', 'video', 'letter'])[1 + (k.id * 3 + g) % 5],
         (ARRAY['hiring_manager', 'hr', 'recruiter', 'hiring_manager'])[1 + (k.id + g) % 4],
         'Manager ' || k.id,
         (ARRAY['no_answer', 'left_message', 'still_open', 'callback_requested', 'in_discussion',
                'reinterview_offered'])[1 + (k.id * g) % 6],
         (k.id + g) % 2 = 0, (k.id + g) % 3 = 0, (k.id + g) % 5 = 0,
         CASE WHEN (k.id + g) % 3 = 0
              THEN ((now() - (((k.id * 7 + g * 11) % 60) || ' days')::interval) AT TIME ZONE 'UTC')::date
                   + ((k.id * 13 + g) % 40)::int END,
         k.coach_id
    FROM cases k, generate_series(1, 6) g WHERE g <= k.id % 7;
INSERT INTO tasks (case_id, coach_id, title, due_on, created_by)
  SELECT k.id, k.coach_id, 'task ' || k.id, current_date + (k.id % 30 - 10)::int, k.coach_id
    FROM cases k WHERE k.id % 4 = 0;
ANALYZE;" >/dev/null || fail "seed"
OPEN=$(sql "SELECT count(*) FROM cases WHERE coach_id = $C1 AND closed_at IS NULL")
[ "$OPEN" -gt 150 ] || fail "expected a busy coach, got $OPEN open cases"

# Writes through the CLI after the seed: a shorter quiet period, an
# attempt planning a follow-up, a stage move, an opening check.
expect_exit 0 env REINSTATE_TOKEN="$(cat "$T/cases-admin-token")" "$RS_BIN/reinstate" \
  --server "$RS_URL" settings set stale_after_days 10
K1=$(sql "SELECT min(id) FROM cases WHERE coach_id = $C1 AND stage = 'awaiting_response'")
K2=$(sql "SELECT min(id) FROM cases WHERE coach_id = $C1 AND stage = 'contact_manager'")
K3=$(sql "SELECT min(id) FROM cases WHERE coach_id = $C1 AND stage = 'verify_opening' AND opening_status = 'unknown'")
# A case of its own for the recap: nothing else due, so the day stored for
# it is the recap's due day, the next business day (the agency is on UTC).
CLR=$(sql "INSERT INTO clients (coach_id, name) VALUES ($C1, 'Recap Client') RETURNING id")
KR=$(sql "INSERT INTO cases (client_id, coach_id, company, role_title, manager_name, declined_on,
                             opening_status, opening_verified_at, stage, stage_changed_at,
                             motivation_confirmed_at)
          VALUES ($CLR, $C1, 'Recap Co', 'Engineer', 'Rae Kim', current_date - 3, 'open', now(),
                  'contact_manager', now(), now()) RETURNING id")
[ -n "$KR" ] || fail "the recap case"
# And one whose client has not confirmed wanting the job: due today.
KM=$(sql "INSERT INTO cases (client_id, coach_id, company, role_title, manager_name, declined_on,
                             opening_status, opening_verified_at, stage, stage_changed_at)
          VALUES ($CLR, $C1, 'Motive Co', 'Engineer', 'Sol Ray', current_date - 3, 'open', now(),
                  'contact_manager', now()) RETURNING id")
[ -n "$KM" ] || fail "the motivation case"
case $(date -u +%u) in 5) bd=3 ;; 6) bd=2 ;; *) bd=1 ;; esac
RECAP_DUE=$(date -u -d "+$bd days" +%F)

day() { date -u -d "+$1 days" +%F; }
# agenda_all NAME: every day and horizon's agenda (JSON), and the admin's
# per-coach report of overdue steps of each day (read from the same index),
# into $T/NAME. With a second argument, every case is marked to compute
# again before each call, so every open case goes through the engine.
agenda_all() {
  : >"$T/$1"
  for d in 0 1 2 4 7 11 14 15 21 30 45 61 62 90; do
    for h in 0 3 30; do
      [ -z "${2:-}" ] || dirty_all
      expect_exit 0 rs --json today --as-of "$(day "$d")" --days "$h"
      printf '== day +%s horizon %s\n%s\n' "$d" "$h" "$OUT" >>"$T/$1"
    done
    [ -z "${2:-}" ] || dirty_all
    expect_exit 0 as "$ADMIN" --json report coaches --as-of "$(day "$d")"
    printf '== day +%s overdue by coach %s\n' "$d" \
      "$(json_get "$OUT" '[(r["coach_id"], r["open_cases"], r["overdue_steps"]) for r in j["coaches"]]')" >>"$T/$1"
  done
}
dirty_all() { sql "UPDATE case_agenda SET agenda_on = -2147483648" >/dev/null || fail "mark"; }

expect_exit 0 rs today # stores the days
expect_exit 0 rs attempt log "$K1" --channel phone --contact-role hiring_manager --contact "Manager" \
  --outcome callback_requested --follow-up "$(day 12)"
expect_exit 0 rs case move "$K2" awaiting_response --why "left a message"
expect_exit 0 rs case opening "$K3" open
expect_exit 0 rs attempt log "$KR" --channel phone --contact-role hiring_manager --contact "Rae Kim" \
  --outcome in_discussion --accepted-responsibility --conveyed-commitment --offered-reinterview
expect_exit 0 rs today
expect_eq "$(sql "SELECT agenda_on = ('$RECAP_DUE'::date - DATE '1970-01-01') FROM case_agenda WHERE case_id = $KR")" \
  t "the recap case is stored for the recap's due day"
expect_exit 0 rs --json today --days 0
expect_not_contains "$OUT" "\"case_id\": $KR," "the recap is not due today"
expect_exit 0 rs --json today --as-of "$RECAP_DUE" --days 0
expect_contains "$OUT" "\"case_id\": $KR," "the recap on its due day"
STORED=$(sql "SELECT count(*) FROM case_agenda WHERE coach_id = $C1 AND agenda_on > (current_date - DATE '1970-01-01')")
DIRTY=$(sql "SELECT count(*) FROM case_agenda WHERE agenda_on = -2147483648 AND coach_id = $C1")
[ "$DIRTY" = 0 ] || fail "today left $DIRTY of its cases to compute again"
# The index leaves cases out today, so the comparison below means something.
[ "$STORED" -gt 10 ] || fail "only $STORED cases are off today's agenda: the seed does not test the index"

agenda_all stored.json
agenda_all full.json dirty
if ! cmp -s "$T/stored.json" "$T/full.json"; then
  diff "$T/stored.json" "$T/full.json" | head -40
  fail "the agenda from the index differs from the engine over every open case"
fi
# Not vacuous: the agendas have items and change with the day.
expect_contains "$(cat "$T/full.json")" '"kind": "next_step"'
expect_contains "$(cat "$T/full.json")" '"kind": "stale"'
expect_contains "$(cat "$T/full.json")" '"kind": "follow_up"'
expect_contains "$(cat "$T/full.json")" '"rule_id": "PB-18-confirm-motivation"'
expect_contains "$(cat "$T/full.json")" '"rule_id": "PB-19-send-recap"'
expect_contains "$(cat "$T/full.json")" '"rule_id": "PB-06-contact-manager"'
expect_contains "$(cat "$T/full.json")" '"rule_id": "PB-13-wait"'

# The recap sent (a written contact to the same person): the stored day
# moves on, and the index still agrees with the engine.
expect_exit 0 rs attempt log "$KR" --channel email --contact-role hiring_manager --contact "rae kim" \
  --outcome no_answer
expect_exit 0 rs today
expect_exit 0 rs case next "$KR"
expect_not_contains "$OUT" "PB-19-send-recap" "the recap was sent"
agenda_all stored2.json
agenda_all full2.json dirty
cmp -s "$T/stored2.json" "$T/full2.json" || fail "after the recap, the index differs from the engine"
[ "$(grep -c '"case_id"' "$T/full.json")" -gt 1000 ] || fail "agendas are nearly empty"
grep -q "overdue by coach .*($C1, [0-9]*, [1-9]" "$T/full.json" || fail "no overdue step in the coach report"

# A closed case leaves the index; reopening brings it back.
expect_exit 0 rs today
expect_exit 0 rs case close "$K1" --lost no_response
expect_eq "$(sql "SELECT count(*) FROM case_agenda WHERE case_id = $K1")" 0 "closed case in the index"
# The other coach's rows are not Maya's to read.
expect_exit 0 env REINSTATE_TOKEN="$T2" "$RS_BIN/reinstate" --server "$RS_URL" --json today
expect_not_contains "$OUT" "\"case_id\": $K2,"
pass
