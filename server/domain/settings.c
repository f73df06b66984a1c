// Settings definitions and loading.
#include "settings.h"

#include <string.h>

#include "db.h"
#include "banned.h"

const struct setting_def settings_defs[] = {
    {"reverify_after_days", 7, 1, 365,
     "days a verification that the job is open stays good before re-verifying"},
    {"follow_up_after_days", 3, 1, 60,
     "business days of silence from the hiring manager before following up"},
    {"late_decline_days", 30, 1, 3650,
     "days between declining and opening the case above which the odds are lower"},
    {"stale_after_days", 14, 1, 365, "days without any activity before a case is stale"},
    {"access_code_ttl_days", 30, 1, 365, "days a job seeker's access code stays valid"},
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
                const char *k = db_text(r, i, 0);
                int32_t v = (int32_t)db_int64(r, i, 1);
                if (strcmp(k, "reverify_after_days") == 0)
                        out->reverify_after_days = v;
                else if (strcmp(k, "follow_up_after_days") == 0)
                        out->follow_up_after_days = v;
                else if (strcmp(k, "late_decline_days") == 0)
                        out->late_decline_days = v;
                else if (strcmp(k, "stale_after_days") == 0)
                        out->stale_after_days = v;
                else if (strcmp(k, "access_code_ttl_days") == 0 && access_ttl_days)
                        *access_ttl_days = v;
        }
        PQclear(r);
        return RS_OK;
}
