#!/usr/bin/env bash
# Seeds a small agency's month through the CLI, as the coaches who own the
# cases: clients and cases imported with the day each was opened and the day
# its opening was verified, then the attempts logged at the time they were
# made (--at), so the stage history, the report's medians and every "since"
# read like weeks of real work. Cases at every stage, with notes, tasks
# (some overdue), one case reinstated and one lost. Called by scripts/demo
# after the coaches logged in.
#   RS        the CLI command, e.g. "build/reinstate --server tcp://127.0.0.1:7700"
#   MAYA_CFG  XDG_CONFIG_HOME of a logged-in coach (Maya)
#   OMAR_CFG  XDG_CONFIG_HOME of another logged-in coach (Omar); optional
set -euo pipefail
: "${RS:?RS must be the reinstate command}" "${MAYA_CFG:?MAYA_CFG must name a logged-in config}"

maya() { XDG_CONFIG_HOME=$MAYA_CFG $RS "$@"; }
omar() { XDG_CONFIG_HOME=${OMAR_CFG:-$MAYA_CFG} $RS "$@"; }
ago() { date -d "-$1 days" +%F; }      # a date N days ago
later() { date -d "+$1 days" +%F; }    # a date N days ahead
at() { date -d "-$1 days 10:30" +%Y-%m-%dT%H:%M:%S%:z; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The id of the one case at COMPANY, as WHO sees it.
case_at() { "$1" case list --all --company "$2" | awk 'NR == 2 { print $1 }'; }

cols="external_id,client_name,client_email,client_phone,company,role,manager,manager_email"
cols="$cols,manager_phone,hr,salary,currency,offered_on,declined_on,reason,better_offer,opening"
cols="$cols,stage,opened_on,stage_on"

# --- Maya's cases: opened over the last two months ---
{
  echo "$cols"
  echo "demo-1,Jordan Lee,jordan.lee@example.com,+1 415 555 0134,Acme Analytics,Senior Data Engineer,Dana Reyes,dana.reyes@acme.example,+1 415 555 0199,Hal Ito,148000,USD,$(ago 40),$(ago 35),expected a bigger offer from a search still in progress,Globex staff role (withdrawn after the final round),open,contact_manager,$(ago 33),$(ago 12)"
  echo "demo-2,Priya Natarajan,priya.n@example.com,,Northwind Health,Product Manager,Marcus Bell,m.bell@northwind.example,,,121000,USD,$(ago 21),$(ago 18),relocation worries,,open,contact_manager,$(ago 16),$(ago 11)"
  echo "demo-3,Sam Okafor,,+44 20 7946 0958,Brightline Logistics,Operations Lead,Ruth Adeyemi,,,Tom Price,72000,GBP,$(ago 10),$(ago 8),,a counter-offer that never came,unknown,verify_opening,$(ago 3),"
  echo "demo-4,Lena Vogel,lena.vogel@example.de,,Helix Robotics,Embedded Engineer,Jonas Weber,,,,82000,EUR,$(ago 60),$(ago 55),,,open,contact_manager,$(ago 52),$(ago 41)"
  echo "demo-5,Priya Natarajan,priya.n@example.com,,Contoso Bank,Risk Analyst,Ivy Chen,,,,,,$(ago 90),$(ago 80),,,unknown,verify_opening,$(ago 44),"
} >"$tmp/maya.csv"
maya import "$tmp/maya.csv"

k=$(case_at maya "Acme Analytics")
maya attempt log "$k" --at "$(at 12)" --channel email --contact-role hr --contact "Hal Ito" \
  --outcome still_open --summary "HR confirmed the seat is open; suggested writing to Dana" >/dev/null
maya attempt log "$k" --at "$(at 9)" --channel phone --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome in_discussion --accepted-responsibility --conveyed-commitment \
  --summary "Owned the decline, said the Acme team was the first choice all along" \
  --follow-up "$(ago 5)" >/dev/null
maya attempt log "$k" --at "$(at 3)" --channel video --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome reinterview_offered --offered-reinterview --summary "Dana wants one more round with the team" >/dev/null
maya attempt log "$k" --at "$(at 2)" --channel email --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome no_answer --summary "Written recap of the call: thanks, owned the decline, restated commitment" >/dev/null
maya note add "$k" "Jordan is nervous about the team round. Rehearse the 'why did you decline' answer." >/dev/null
maya task add "$k" --due "$(later 2)" "Mock interview with Jordan: the team round" >/dev/null
maya task add "$k" --due "$(later 4)" "Review Jordan's 30/60/90-day plan" >/dev/null

# Priya: opening verified, manager not reached yet (a task is overdue).
k=$(case_at maya "Northwind Health")
maya attempt log "$k" --at "$(at 4)" --channel phone --contact-role hiring_manager --contact "Marcus Bell" \
  --outcome left_message --follow-up "$(ago 1)" >/dev/null
maya task add "$k" --due "$(ago 1)" "Call Marcus Bell again (left a message)" >/dev/null

# Sam: opened three days ago; the opening is not verified yet.
k=$(case_at maya "Brightline Logistics")
maya task add "$k" --due "$(later 1)" "Find out whether the Brightline role is still open" >/dev/null

# Lena: reinstated after a re-interview.
k=$(case_at maya "Helix Robotics")
maya attempt log "$k" --at "$(at 30)" --channel phone --contact-role hiring_manager --contact "Jonas Weber" \
  --outcome in_discussion --accepted-responsibility --conveyed-commitment >/dev/null
maya attempt log "$k" --at "$(at 20)" --channel in_person --contact-role hiring_manager --contact "Jonas Weber" \
  --outcome reinterview_offered --offered-reinterview >/dev/null
maya attempt log "$k" --at "$(at 6)" --channel email --contact-role hiring_manager --contact "Jonas Weber" \
  --outcome offer_reinstated --summary "Offer reinstated at the original salary; starts next month" >/dev/null
maya note add "$k" "Lesson for Lena: decide on the offer in hand, not the one hoped for." >/dev/null

# Priya's second declined offer: the position was filled.
k=$(case_at maya "Contoso Bank")
maya attempt log "$k" --at "$(at 14)" --channel linkedin --contact-role recruiter --contact "Mo Haddad" \
  --outcome position_filled --summary "Filled internally three weeks ago" >/dev/null

# --- Omar's cases ---
{
  echo "$cols"
  echo "demo-6,Ana Souza,ana.souza@example.com,,Fabrikam,UX Designer,Grace Kim,,,,95000,USD,$(ago 25),$(ago 20),,,open,contact_manager,$(ago 19),$(ago 15)"
  echo "demo-7,Wei Zhang,,+1 206 555 0117,Tailspin Toys,Backend Engineer,Nina Ross,,,,,,$(ago 30),$(ago 28),,,open,contact_manager,$(ago 27),$(ago 22)"
} >"$tmp/omar.csv"
omar import "$tmp/omar.csv"

k=$(case_at omar Fabrikam)
omar attempt log "$k" --at "$(at 7)" --channel email --contact-role hiring_manager --contact "Grace Kim" \
  --outcome no_answer --follow-up "$(ago 2)" >/dev/null
omar task add "$k" --due "$(ago 2)" "Follow up with Grace Kim by phone" >/dev/null
k=$(case_at omar "Tailspin Toys")
omar attempt log "$k" --at "$(at 10)" --channel phone --contact-role hiring_manager --contact "Nina Ross" \
  --outcome in_discussion --accepted-responsibility >/dev/null
omar case move "$k" negotiating --why "Nina asked for Wei's salary expectations" >/dev/null
omar note add "$k" "Commitment not said out loud yet: make Wei say he will stay." >/dev/null

echo "seeded: $(maya --json case list --all | grep -c '"company"') cases for maya, $(omar --json case list --all | grep -c '"company"') for omar"
