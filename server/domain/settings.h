// Agency settings: the known keys with their defaults and bounds (declared
// once, in settings.def), and loading them (one query) into the playbook's
// settings struct. Most are
// whole numbers (days, counts); the agency's time zone and its holiday
// calendar are text.
#ifndef RS_SETTINGS_H
#define RS_SETTINGS_H

#include <stdint.h>

#include "playbook.h"
#include "rpc.h"

// What a setting's value is.
enum setting_kind {
        SETTING_DAYS,  // a number of days
        SETTING_COUNT, // a number of attempts
        SETTING_ZONE,  // an IANA time zone name (text)
        SETTING_DATES, // a list of YYYY-MM-DD dates, comma-separated (text)
};

struct setting_def {
        const char *key;         // as stored and typed: "reverify_after_days"
        enum setting_kind kind;  // number or text, and what it counts
        int32_t def;             // default value (numbers)
        int32_t min, max;        // accepted range (numbers)
        const char *text_def;    // default value (text)
        const char *description; // one line for `settings show`
        size_t offset;           // numbers: where the value lands in struct playbook_settings
};

// The most holidays the calendar holds.
#define SETTINGS_MAX_HOLIDAYS 200

// The known settings, in display order: the rows of settings.def.
extern const struct setting_def settings_defs[];
extern const size_t settings_count;

// The definition of key, or NULL when unknown.
const struct setting_def *settings_find(const char *key);

// The kind as the wire and the vocab_setting table spell it: "days", "count",
// "zone", "dates". Static.
const char *settings_kind_name(enum setting_kind k);

// Whether a setting holds text rather than a number.
int settings_is_text(const struct setting_def *d);

// Checks that zone is a name of the tz database (through PostgreSQL's
// pg_timezone_names); "" passes when allow_empty. A violation on field
// otherwise. Returns a status.
int settings_check_zone(struct rpc_call *c, const char *field, const char *zone, int allow_empty);

// Parses a holiday list "YYYY-MM-DD,YYYY-MM-DD" (blanks around commas
// allowed, "" = none) into up to SETTINGS_MAX_HOLIDAYS ascending distinct
// days in out (may be NULL to only check). Returns the number, or -1 after
// a violation on field.
int settings_parse_holidays(struct rpc_call *c, const char *field, const char *s, pb_day *out);

// Reads the playbook settings inside the call's transaction; values not in
// the table keep their defaults; the holiday list is kept in call memory.
// *access_ttl_days (may be NULL) receives the access-code lifetime. Returns a
// status.
int settings_load(struct rpc_call *c, struct playbook_settings *out, int32_t *access_ttl_days);

#endif
