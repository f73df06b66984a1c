#!/usr/bin/env bash
# Seeds a small agency's worth of clients and cases through the CLI, as the
# coaches who own them: cases at every stage, with attempts, notes, tasks
# (some overdue) and one case that was lost. Called by scripts/demo after
# the coaches logged in.
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

# --- Maya's clients ---
jordan=$(maya client add --name "Jordan Lee" --email jordan.lee@example.com --phone "+1 415 555 0134")
priya=$(maya client add --name "Priya Natarajan" --email priya.n@example.com)
sam=$(maya client add --name "Sam Okafor" --phone "+44 20 7946 0958")
lena=$(maya client add --name "Lena Vogel" --email lena.vogel@example.de)

# Jordan: called the hiring manager, accepted responsibility; re-interview next.
k=$(maya case open --client "$jordan" --company "Acme Analytics" --role "Senior Data Engineer" \
  --manager "Dana Reyes" --manager-email dana.reyes@acme.example --manager-phone "+1 415 555 0199" \
  --hr "Hal Ito" --salary 148000 --currency USD --offered-on "$(ago 40)" --declined-on "$(ago 35)" \
  --reason "expected a bigger offer from a search still in progress" \
  --better-offer "Globex staff role (withdrawn after the final round)")
maya case opening "$k" open >/dev/null
maya attempt log "$k" --at "$(at 12)" --channel email --contact-role hr --contact "Hal Ito" \
  --outcome still_open --summary "HR confirmed the seat is open; suggested writing to Dana" >/dev/null
maya attempt log "$k" --at "$(at 9)" --channel phone --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome in_discussion --accepted-responsibility --conveyed-commitment \
  --summary "Owned the decline, said the Acme team was the first choice all along" \
  --follow-up "$(ago 5)" >/dev/null
maya attempt log "$k" --at "$(at 3)" --channel video --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome reinterview_offered --offered-reinterview --summary "Dana wants one more round with the team" >/dev/null
maya note add "$k" "Jordan is nervous about the team round. Rehearse the 'why did you decline' answer." >/dev/null
maya task add "$k" --due "$(later 2)" "Mock interview with Jordan: the team round" >/dev/null
maya task add "$k" --due "$(later 4)" "Review Jordan's 30/60/90-day plan" >/dev/null

# Priya: opening verified, manager not reached yet (a task is overdue).
k=$(maya case open --client "$priya" --company "Northwind Health" --role "Product Manager" \
  --manager "Marcus Bell" --manager-email m.bell@northwind.example --salary 121000 --currency USD \
  --offered-on "$(ago 21)" --declined-on "$(ago 18)" --reason "relocation worries")
maya case opening "$k" open >/dev/null
maya attempt log "$k" --at "$(at 4)" --channel phone --contact-role hiring_manager --contact "Marcus Bell" \
  --outcome left_message --follow-up "$(ago 1)" >/dev/null
maya task add "$k" --due "$(ago 1)" "Call Marcus Bell again (left a message)" >/dev/null

# Sam: just opened; the opening is not verified yet.
k=$(maya case open --client "$sam" --company "Brightline Logistics" --role "Operations Lead" \
  --manager "Ruth Adeyemi" --hr "Tom Price" --salary 72000 --currency GBP \
  --offered-on "$(ago 10)" --declined-on "$(ago 8)" --better-offer "a counter-offer that never came")
maya task add "$k" --due "$(later 1)" "Find out whether the Brightline role is still open" >/dev/null

# Lena: reinstated after a re-interview.
k=$(maya case open --client "$lena" --company "Helix Robotics" --role "Embedded Engineer" \
  --manager "Jonas Weber" --salary 82000 --currency EUR --offered-on "$(ago 60)" --declined-on "$(ago 55)")
maya case opening "$k" open >/dev/null
maya attempt log "$k" --at "$(at 30)" --channel phone --contact-role hiring_manager --contact "Jonas Weber" \
  --outcome in_discussion --accepted-responsibility --conveyed-commitment >/dev/null
maya attempt log "$k" --at "$(at 20)" --channel in_person --contact-role hiring_manager --contact "Jonas Weber" \
  --outcome reinterview_offered --offered-reinterview >/dev/null
maya attempt log "$k" --at "$(at 6)" --channel email --contact-role hiring_manager --contact "Jonas Weber" \
  --outcome offer_reinstated --summary "Offer reinstated at the original salary; starts next month" >/dev/null
maya note add "$k" "Lesson for Lena: decide on the offer in hand, not the one hoped for." >/dev/null

# Priya's second declined offer: the position was filled.
k=$(maya case open --client "$priya" --company "Contoso Bank" --role "Risk Analyst" --manager "Ivy Chen" \
  --offered-on "$(ago 90)" --declined-on "$(ago 80)")
maya attempt log "$k" --at "$(at 14)" --channel linkedin --contact-role recruiter --contact "Mo Haddad" \
  --outcome position_filled --summary "Filled internally three weeks ago" >/dev/null

# --- Omar's clients ---
ana=$(omar client add --name "Ana Souza" --email ana.souza@example.com)
wei=$(omar client add --name "Wei Zhang" --phone "+1 206 555 0117")
k=$(omar case open --client "$ana" --company "Fabrikam" --role "UX Designer" --manager "Grace Kim" \
  --salary 95000 --currency USD --offered-on "$(ago 25)" --declined-on "$(ago 20)")
omar case opening "$k" open >/dev/null
omar attempt log "$k" --at "$(at 7)" --channel email --contact-role hiring_manager --contact "Grace Kim" \
  --outcome no_answer --follow-up "$(ago 2)" >/dev/null
omar task add "$k" --due "$(ago 2)" "Follow up with Grace Kim by phone" >/dev/null
k=$(omar case open --client "$wei" --company "Tailspin Toys" --role "Backend Engineer" --manager "Nina Ross" \
  --offered-on "$(ago 30)" --declined-on "$(ago 28)")
omar case opening "$k" open >/dev/null
omar attempt log "$k" --at "$(at 10)" --channel phone --contact-role hiring_manager --contact "Nina Ross" \
  --outcome in_discussion --accepted-responsibility >/dev/null
omar case move "$k" negotiating --why "Nina asked for Wei's salary expectations" >/dev/null
omar note add "$k" "Commitment not said out loud yet: make Wei say he will stay." >/dev/null

echo "seeded: $(maya --json case list --all | grep -c '"company"') cases for maya, $(omar --json case list --all | grep -c '"company"') for omar"
