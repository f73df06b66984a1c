// Settings definitions (the rows of settings.def) and loading.
#include "settings.h"

#include <stddef.h>
#include <string.h>

#include "db.h"
#include "banned.h"

const struct setting_def settings_defs[] = {
#define PLAYBOOK_SETTING(key, def, min, max, description)                                          \
        {#key, def, min, max, description, (int)offsetof(struct playbook_settings, key)},
#define SETTING(key, def, min, max, description) {#key, def, min, max, description, -1},
#include "settings.def"
};

const size_t settings_count = sizeof(settings_defs) / sizeof(settings_defs[0]);

const struct setting_def *settings_find(const char *key)
{
        for (size_t i = 0; i < settings_count; i++)
                if (strcmp(settings_defs[i].key, key) == 0)
                        return &settings_defs[i];
        return NULL;
}

int settings_load(struct rpc_call *c, struct playbook_settings *out, int32_t *access_ttl_days)
{
        PGresult *r = NULL;
        int code;

        *out = playbook_settings_default();
        if (access_ttl_days)
                *access_ttl_days = settings_find("access_code_ttl_days")->def;
        code = db_exec(c, &r, "SELECT key, value FROM settings", 0, NULL);
        if (code != RS_OK)
                return code;
        for (int i = 0; i < PQntuples(r); i++) {
                const struct setting_def *d = settings_find(db_text(r, i, 0));
                int32_t v = (int32_t)db_int64(r, i, 1);
                if (d == NULL)
                        continue;
                if (d->field >= 0)
                        memcpy((char *)out + d->field, &v, sizeof(v));
                else if (access_ttl_days && strcmp(d->key, "access_code_ttl_days") == 0)
                        *access_ttl_days = v;
        }
        PQclear(r);
        return RS_OK;
}
