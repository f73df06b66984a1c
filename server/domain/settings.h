// Agency settings: the known keys with their defaults and bounds (the rows
// of settings.def), and loading them (one query) into the playbook's
// settings struct.
#ifndef RS_SETTINGS_H
#define RS_SETTINGS_H

#include <stdint.h>

#include "playbook.h"
#include "rpc.h"

struct setting_def {
        const char *key;         // as stored and typed: "reverify_after_days"
        int32_t def;             // default value
        int32_t min, max;        // accepted range
        const char *description; // one line for `settings show`
        int field;               // offset in struct playbook_settings, or -1
};

// The known settings, in the order of settings.def.
extern const struct setting_def settings_defs[];
extern const size_t settings_count;

// The definition of key, or NULL when unknown.
const struct setting_def *settings_find(const char *key);

// Reads the playbook settings inside the call's transaction; values not in
// the table keep their defaults. *access_ttl_days (may be NULL) receives the
// access-code lifetime. Returns a status.
int settings_load(struct rpc_call *c, struct playbook_settings *out, int32_t *access_ttl_days);

#endif
