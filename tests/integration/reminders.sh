#!/usr/bin/env bash
# Reminders end to end, through the real binaries and an SMTP relay that
# saves what it receives (tests/tools/smtp_sink.py):
# - a coach whose digest time has passed gets exactly one digest that day,
#   across a restart, with the same items as `reinstate today`, plain text
#   and HTML; a coach whose time has not come gets none;
# - the relay refusing at first: retried, then delivered;
# - the server killed after the relay took a message and before it was
#   marked sent: the message goes again with the same Message-ID;
# - a job seeker opted in gets one update when the case moves, with the
#   status page's words and nothing private, and an unsubscribe link that
#   works without a login;
# - the calendar feed parses as iCalendar and its events match `today`.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
PY=/usr/bin/python3 # Debian's, with python3-aiosmtpd and python3-icalendar
MAIL=$T/mail
HOLD=$T/hold

start_sink() {
  rm -f "$T/sink.port"
  "$PY" "$RS_TESTS/tools/smtp_sink.py" --dir "$MAIL" --ready "$T/sink.port" --hold "$HOLD" "$@" \
    >>"$T/sink.log" 2>&1 &
  SINK_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$T/sink.port" ] && break
    sleep 0.1
  done
  [ -s "$T/sink.port" ] || fail "the SMTP sink did not start: $(cat "$T/sink.log")"
  SINK_PORT=$(cat "$T/sink.port")
}
stop_sink() { kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null; }
rs_on_exit 'stop_sink'

# The relay answers the first two messages "451 try again later".
start_sink --fail-first 2
export REINSTATE_MAIL_TICK_MS=300 REINSTATE_MAIL_RETRY_MS=200
HTTP_PORT=$(rs_free_port)
WEB=http://127.0.0.1:$HTTP_PORT
SERVER_ARGS=(--smtp-url "smtp://127.0.0.1:$SINK_PORT" --mail-from "reminders@agency.test"
  --public-url "https://status.agency.test/" --agency-name "Test Agency" --http-listen "$WEB")
# Nobody gets a digest until the test says so: in this test's database, new
# accounts start without a digest time (the mailer would otherwise handle
# the day, with nothing due yet, as soon as the accounts exist).
"$RS_BIN/reinstated" migrate >"$T/migrate.log" 2>&1 || fail "migrate: $(cat "$T/migrate.log")"
sql "ALTER TABLE coaches ALTER COLUMN digest_at DROP DEFAULT,
     ALTER COLUMN weekly_digest_dow DROP DEFAULT" >/dev/null
rs_start_server "${SERVER_ARGS[@]}"

read -r A TA <<<"$(mk_coach ana@agency.test 'Ana Coach')"
read -r B TB <<<"$(mk_coach bo@agency.test 'Bo Coach')"
ADMIN=$(cat "$T/cases-admin-token")
expect_eq "$(sql "SELECT count(*) FROM coaches WHERE digest_at IS NOT NULL OR weekly_digest_dow IS NOT NULL")" 0 \
  "accounts with a digest time before the test sets one"

# mails_to ADDR: the saved messages sent to ADDR, one path a line.
mails_to() { grep -l "^X-Envelope-To: $1" "$MAIL"/*.eml 2>/dev/null || true; }
count_to() { mails_to "$1" | grep -c . || true; }
wait_count() { # ADDR N: until N messages reached ADDR (at most 60 s)
  for _ in $(seq 1 600); do
    [ "$(count_to "$1")" -ge "$2" ] && return 0
    sleep 0.1
  done
  fail "$1 received $(count_to "$1") messages, expected $2; outbox:
$(as "$ADMIN" outbox list 2>&1)
$(tail -20 "$T/server.log")"
}
# mail_part FILE WHAT: "headers", "text" or "html" of a saved message, decoded.
mail_part() {
  "$PY" - "$1" "$2" <<'EOF'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
what = sys.argv[2]
if what == "headers":
    for k, v in m.items():
        print("%s: %s" % (k, v))
else:
    part = m.get_body(preferencelist=("plain",) if what == "text" else ("html",))
    print(part.get_content() if part else "")
EOF
}

# Ana has a case whose next step is due today; Bo has one too.
cl=$(as "$TA" client add --name "Sam Rivera" --email sam@example.com) || fail "client add"
KA=$(as "$TA" case open --client "$cl" --company "Acme Analytics" --role "Data Analyst" \
  --manager "Dana Whitfield" --salary 91000 --currency USD --declined-on 2026-11-20 \
  --reason "PRIVATE-REASON waited for another offer") || fail "case open"
as "$TA" note add "$KA" "PRIVATE-NOTE the manager sounded annoyed" >/dev/null || fail "note add"
clb=$(as "$TB" client add --name "Lee Park") || fail "client add"
KB=$(as "$TB" case open --client "$clb" --company "Globex" --role "Analyst" --manager "Mo Chen" \
  --declined-on 2026-11-21) || fail "case open"

# Ana's digest time has passed in her zone; Bo's is two hours ahead in his.
read -r ZONE LATER <<<"$("$PY" -c '
import datetime, zoneinfo
for z in ["UTC", "Asia/Tokyo", "America/New_York", "Europe/Paris", "Pacific/Auckland"]:
    t = datetime.datetime.now(zoneinfo.ZoneInfo(z))
    if 1 <= t.hour <= 20:
        print(z, "%02d:%02d" % (t.hour + 2, t.minute)); break')"
sql "UPDATE coaches SET time_zone = '$ZONE' WHERE id = $B" >/dev/null
expect_exit 0 as "$TA" digest set --at 00:00
expect_contains "$OUT" "digest 00:00"
expect_exit 0 as "$TB" coach edit "$B" --digest "$LATER"
expect_contains "$OUT" "digest $LATER ($ZONE)"
expect_exit 5 as "$TB" digest set --coach "$A" --at off
expect_exit 3 as "$TA" digest set --at 25:00
expect_contains "$ERR" "HH:MM"

# Exactly one digest for Ana, after two refusals by the relay.
wait_count ana@agency.test 1
sleep 1.5
expect_eq "$(count_to ana@agency.test)" 1 "digests to Ana"
expect_eq "$(count_to bo@agency.test)" 0 "digests to Bo before his time"
D=$(mails_to ana@agency.test)
H=$(mail_part "$D" headers)
expect_contains "$H" "From: reminders@agency.test"
expect_contains "$H" "To: ana@agency.test"
expect_contains "$H" "Subject: Test Agency: 1 due today"
expect_contains "$H" "Message-ID: <digest."
expect_contains "$H" "multipart/alternative"
TXT=$(mail_part "$D" text)
HTML=$(mail_part "$D" html)
# The same step as `reinstate today`, with its reason and its case.
expect_exit 0 as "$TA" --json today
STEP=$(json_get "$OUT" 'j["items"][0]["title"]')
expect_contains "$TXT" "$STEP" "the digest's text"
expect_contains "$TXT" "case $KA: Sam Rivera at Acme Analytics" "the digest's text"
expect_contains "$TXT" "why: " "the digest's text"
expect_contains "$HTML" "<li><strong>" "the digest's HTML"
expect_contains "$HTML" "Acme Analytics" "the digest's HTML"
expect_not_contains "$TXT" "PRIVATE-NOTE" "the digest"
expect_exit 0 as "$ADMIN" --json outbox list --status sent
expect_eq "$(json_get "$OUT" '[m["attempts"] for m in j["messages"] if m["recipient"]=="ana@agency.test"]')" "[3]" "delivery attempts (two refused)"
expect_contains "$(json_get "$OUT" 'j["relay"]')" "smtp://127.0.0.1:$SINK_PORT"
expect_exit 5 as "$TA" outbox list
# /metrics counts the mail: two refusals, then deliveries.
expect_exit 0 curl -sS "$WEB/metrics"
expect_contains "$OUT" "reinstate_mail_failed_total 2"
expect_contains "$OUT" "reinstate_mail_queued "
[ "$(echo "$OUT" | sed -n 's/^reinstate_mail_sent_total //p')" -ge 1 ] || fail "no mail counted as sent: $OUT"

# A restart does not send the day's digest again.
rs_stop_server
rs_start_server "${SERVER_ARGS[@]}"
sleep 2
expect_eq "$(count_to ana@agency.test)" 1 "digests to Ana after a restart"

# An admin asks for Bo's digest now.
expect_exit 0 as "$ADMIN" digest send --coach "$B"
expect_contains "$OUT" "digest requested for 1 coach"
wait_count bo@agency.test 1
expect_exit 4 as "$ADMIN" digest send --coach 999

# Killed after the relay took the message, before it was marked sent: the
# message goes again, the same Message-ID.
touch "$HOLD"
expect_exit 0 as "$ADMIN" digest send --coach "$A"
for _ in $(seq 1 600); do
  [ "$(count_to ana@agency.test)" -ge 2 ] && break
  sleep 0.1
done
expect_eq "$(count_to ana@agency.test)" 2 "the held message reached the relay"
kill -KILL "$RS_SERVER_PID"
wait "$RS_SERVER_PID" 2>/dev/null
RS_SERVER_PID=
rm -f "$HOLD"
rs_start_server "${SERVER_ARGS[@]}"
wait_count ana@agency.test 3
ids=$(for f in $(mails_to ana@agency.test); do mail_part "$f" headers | sed -n 's/^Message-ID: //p'; done)
expect_eq "$(echo "$ids" | sed -n 2p)" "$(echo "$ids" | sed -n 3p)" "the resent Message-ID"
sleep 1
expect_eq "$(count_to ana@agency.test)" 3 "no more copies"

# The job seeker's update: opted in at sharing; one mail when the case moves.
expect_exit 2 as "$TA" case share "$KA" --notify
expect_exit 3 as "$TA" case share "$KA" --notify not-an-address
expect_exit 0 as "$TA" case share "$KA" --notify sam@example.com
sleep 1
expect_eq "$(count_to sam@example.com)" 0 "updates before the case moved"
expect_exit 0 as "$TA" case opening "$KA" open
wait_count sam@example.com 1
RS_MAY_FAIL=1 as "$TA" case move "$KA" awaiting_response >/dev/null 2>&1 || true
sleep 1.5
expect_eq "$(count_to sam@example.com)" 1 "updates the same day"
U=$(mails_to sam@example.com)
UT=$(mail_part "$U" text)
UH=$(mail_part "$U" headers)
expect_contains "$UH" "Subject: Your Data Analyst application at Acme Analytics"
expect_contains "$UT" "Getting ready to contact the hiring manager"
expect_contains "$UT" "https://status.agency.test/"
for private in PRIVATE-NOTE PRIVATE-REASON 91000 "Sam Rivera" "$STEP"; do
  expect_not_contains "$(cat "$U")" "$private" "the job seeker's update"
done
expect_contains "$UH" "List-Unsubscribe: <https://status.agency.test/unsubscribe?t="
UNSUB=$(echo "$UT" | sed -n 's|.*unsubscribe?t=\([A-Za-z0-9_-]*\).*|\1|p' | head -1)
[ -n "$UNSUB" ] || fail "no unsubscribe link in the update"
# The link works without a login: a page with one button, which POSTs; a mail
# client's one-click unsubscribe (RFC 8058) POSTs to the link itself.
expect_exit 0 curl -sS "$WEB/unsubscribe?t=$UNSUB"
expect_contains "$OUT" '<form method="post" action="/unsubscribe">'
expect_contains "$OUT" "value=\"$UNSUB\""
expect_exit 0 curl -sS -o /dev/null -w '%{http_code}' -X POST -d "t=rs1_not-a-known-token-at-all" "$WEB/unsubscribe"
expect_eq "$OUT" 404 "an unknown unsubscribe token"
expect_exit 0 curl -sS -w '\n%{http_code}' -X POST -d "List-Unsubscribe=One-Click" "$WEB/unsubscribe?t=$UNSUB"
expect_contains "$OUT" "no more e-mails"
expect_eq "$(echo "$OUT" | tail -1)" 200 "one-click unsubscribe"
expect_eq "$(sql "SELECT count(*) FROM access_codes WHERE unsubscribed_at IS NOT NULL")" 1 "unsubscribed codes"

# The calendar feed: secret, stable, revocable, parses, matches `today`.
expect_exit 0 as "$TA" calendar url
URL=$OUT
expect_contains "$URL" "https://status.agency.test/calendar/"
expect_exit 0 as "$TA" calendar url
expect_eq "$OUT" "$URL" "the feed's URL asked twice"
as "$TA" task add "$KA" --due 2099-01-02 "Send the thank-you note" >/dev/null || fail "task add"
as "$TA" case edit "$KA" --interview-on 2099-02-03 >/dev/null || fail "case edit --interview-on"
expect_exit 0 as "$TA" calendar export
printf '%s\n' "$OUT" >"$T/feed.ics"
# The same feed over HTTP, as a calendar application reads it.
TOKEN=${URL##*/calendar/}
TOKEN=${TOKEN%.ics}
expect_exit 0 curl -sS -D "$T/feed.h" -o "$T/feed-http.ics" "$WEB/calendar/$TOKEN.ics"
expect_contains "$(cat "$T/feed.h")" "Content-Type: text/calendar"
expect_contains "$(cat "$T/feed-http.ics")" "BEGIN:VCALENDAR"
expect_exit 0 curl -sS -o /dev/null -w '%{http_code}' "$WEB/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics"
expect_eq "$OUT" 404 "an unknown feed"
expect_exit 0 as "$TA" --json today --days 30
printf '%s\n' "$OUT" >"$T/today.json"
"$PY" - "$T/feed.ics" "$T/today.json" <<'EOF' || fail "the calendar feed does not match today"
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
today = json.load(open(sys.argv[2]))
for it in today.get("items", []):
    if it["kind"] != "next_step":
        continue
    e = events.get("step-%s@reinstate" % it["caseId"] if "caseId" in it else "step-%s@reinstate" % it["case_id"])
    assert e is not None, "no event for %r in %s" % (it, list(events))
    assert e.decoded("DTSTART").isoformat() == it.get("dueOn", it.get("due_on")), (e, it)
    assert it["title"] in str(e["SUMMARY"]), (str(e["SUMMARY"]), it["title"])
tasks = [e for u, e in events.items() if u.startswith("task-")]
assert any("Send the thank-you note" in str(e["SUMMARY"]) for e in tasks), list(events)
iv = [e for u, e in events.items() if u.startswith("interview-")]
assert len(iv) == 1 and iv[0].decoded("DTSTART").isoformat() == "2099-02-03", iv
assert all("PRIVATE" not in str(e.get("DESCRIPTION", "")) for e in events.values())
print("feed ok:", len(events), "events")
EOF
expect_exit 0 as "$TB" calendar export
expect_not_contains "$OUT" "Acme Analytics" "Bo's feed"
expect_exit 0 as "$TA" calendar revoke
expect_exit 0 curl -sS -o /dev/null -w '%{http_code}' "$WEB/calendar/$TOKEN.ics"
expect_eq "$OUT" 404 "a revoked feed"
expect_exit 0 as "$TA" calendar url
[ "$OUT" != "$URL" ] || fail "a revoked feed's URL came back"

pass
