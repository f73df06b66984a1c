#!/usr/bin/env bash
# The client's own settings: `reinstate config set|get|unset|view`. The
# time zone typed dates and times are read in is checked against the
# system's tz database, kept in the config file (time_zone=) and used:
# "today" is the day in that zone (Kiritimati, UTC+14, and Pago Pago,
# UTC-11, are always a day apart), unless TZ is set. `view` shows the
# settings and contexts, never a token.
. "$RS_TESTS/lib.sh"
export XDG_CONFIG_HOME=$T/cfg
R=$RS_BIN/reinstate
CFG=$T/cfg/reinstate/config
DEAD="tcp://127.0.0.1:$(rs_free_port)"

# Nothing set yet: get exits 4.
expect_exit 4 "$R" config get time-zone
expect_eq "$OUT" "" "no zone"

# Validated against the tz database.
expect_exit 2 "$R" config set time-zone Mars/Olympus_Mons
expect_contains "$ERR" "reinstate: config set: VALUE: 'Mars/Olympus_Mons' is not in the system's time zone database"
expect_exit 2 "$R" config set time-zone ../../etc/passwd
expect_contains "$ERR" "not a time zone name"
expect_exit 2 "$R" config set time-zone /usr/share/zoneinfo/UTC
expect_exit 2 "$R" config set colour blue
expect_contains "$ERR" "KEY"
[ ! -e "$CFG" ] || fail "a refused value wrote the config file"

expect_exit 0 "$R" config set time-zone Pacific/Kiritimati
expect_eq "$(stat -c %a "$CFG")" 600 "config file mode"
expect_contains "$(cat "$CFG")" "time_zone=Pacific/Kiritimati" "the file"
expect_exit 0 "$R" config get time-zone
expect_eq "$OUT" "Pacific/Kiritimati" "get"
expect_exit 0 "$R" --json config get time-zone
expect_eq "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["time_zone"])' <<<"$OUT")" \
  Pacific/Kiritimati "get --json"

# today: the day in the configured zone (the date is said on stderr before
# the call, which fails: no server there).
today_as_typed() {
  env -u TZ "$R" --server "$DEAD" --timeout 300 report funnel --from today 2>&1 >/dev/null |
    sed -n 's/^reinstate: --from today: \([0-9-]*\) .*/\1/p'
}
KIR=$(today_as_typed)
expect_eq "$KIR" "$(TZ=Pacific/Kiritimati date +%F)" "today in Kiritimati"
expect_exit 0 "$R" config set time-zone Pacific/Pago_Pago
PAGO=$(today_as_typed)
expect_eq "$PAGO" "$(TZ=Pacific/Pago_Pago date +%F)" "today in Pago Pago"
[ "$KIR" != "$PAGO" ] || fail "the zone made no difference: $KIR"
# TZ wins over the file.
expect_eq "$(TZ=Pacific/Kiritimati "$R" --server "$DEAD" --timeout 300 report funnel --from today 2>&1 |
  sed -n 's/^reinstate: --from today: \([0-9-]*\) .*/\1/p')" "$KIR" "TZ overrides the file"

# Contexts and the zone live side by side in one file.
expect_exit 0 "$R" config add-context staging --server "$DEAD"
printf 'token=rs1_secret-of-default\n' >>"$CFG"
expect_exit 0 "$R" config get time-zone
expect_eq "$OUT" "Pacific/Pago_Pago" "zone kept by add-context"
expect_exit 0 "$R" config view
expect_contains "$OUT" "time-zone: Pacific/Pago_Pago"
expect_contains "$OUT" "context staging: $DEAD"
expect_not_contains "$OUT" "rs1_" "config view"
expect_exit 0 "$R" --json config view
expect_not_contains "$OUT" "rs1_" "config view --json"
expect_eq "$(python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["time_zone"], [c["name"] for c in j["contexts"]])' <<<"$OUT")" \
  "Pacific/Pago_Pago ['default', 'staging']" "view --json"

expect_exit 0 "$R" config unset time-zone
expect_exit 4 "$R" config get time-zone
expect_not_contains "$(cat "$CFG")" "time_zone=" "the file after unset"
expect_contains "$(cat "$CFG")" "[context staging]" "contexts kept by unset"
pass
