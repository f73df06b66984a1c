#!/usr/bin/env bash
# Settings: everyone reads the playbook's durations; only admins change them,
# within bounds; changes are audited.
. "$RS_TESTS/lib.sh"
rs_setup
echo 'admin-secret-pw-1' | "$RS_BIN/reinstated" admin create --email admin@agency.test --password-stdin >/dev/null
rs_start_server
as() { local who=$1; shift; XDG_CONFIG_HOME=$T/cfg-$who rs "$@"; }
echo 'admin-secret-pw-1' | as admin login --email admin@agency.test --password-stdin >/dev/null || fail "login"
echo 'coach-secret-pw-1' | as admin coach add --email c@agency.test --name C --password-stdin >/dev/null || fail "coach add"
echo 'coach-secret-pw-1' | as coach login --email c@agency.test --password-stdin >/dev/null || fail "coach login"

expect_exit 0 as coach settings show
expect_contains "$OUT" "reverify_after_days"
expect_contains "$OUT" "follow_up_after_days"
expect_exit 0 as admin settings set reverify_after_days 10
expect_eq "$OUT" "reverify_after_days = 10"
expect_exit 0 as coach --json settings show
expect_contains "$OUT" '"value": 10'
expect_exit 5 as coach settings set reverify_after_days 3
# The keys are settings.def's rows: the CLI lists them and refuses others.
expect_exit 2 as admin settings set no_such_key 3
expect_contains "$ERR" "KEY"
expect_contains "$ERR" "channel_switch_after"
expect_exit 0 as admin settings set --help
expect_contains "$OUT" "holidays"
expect_exit 3 as admin settings set stale_after_days 0
expect_contains "$ERR" "stale_after_days must be"
expect_exit 2 as admin settings set stale_after_days ten
expect_exit 0 as admin audit list --record setting/reverify_after_days
expect_contains "$OUT" "reverify_after_days = 10"

# The database takes its keys and bounds from the same table (vocab_setting,
# filled at start-up): every declared key, an unknown key and a value out of
# bounds refused.
expect_eq "$(sql "SELECT count(*) FROM vocab_setting")" "12" "vocab_setting has every row of settings.def"
expect_eq "$(sql "SELECT min_value || '-' || max_value FROM vocab_setting WHERE key = 'stale_after_days'")" "1-365"
expect_eq "$(sql "SELECT kind FROM vocab_setting WHERE key = 'time_zone'")" "zone"
sql_try "INSERT INTO settings (key, value) VALUES ('no_such_key', 3)" 2>/dev/null &&
  fail "the database accepted an undeclared setting key"
sql_try "UPDATE settings SET value = 0 WHERE key = 'stale_after_days'" 2>/dev/null &&
  fail "the database accepted a value below the setting's bounds"
expect_eq "$(sql "SELECT value FROM settings WHERE key = 'stale_after_days'")" "14"
pass
