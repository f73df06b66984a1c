// Settings definitions, checks and loading.
#include "settings.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "banned.h"

#define OFF_DAYS(field)  offsetof(struct playbook_settings, field)
#define OFF_COUNT(field) offsetof(struct playbook_settings, field)
#define OFF_ZONE(field)  0
#define OFF_DATES(field) 0
const struct setting_def settings_defs[] = {
#define SETTING(key, kind, def, min, max, text_def, field, description)                            \
        {#key, SETTING_##kind, def, min, max, text_def, description, OFF_##kind(field)},
#include "settings.def"
};

const size_t settings_count = sizeof(settings_defs) / sizeof(settings_defs[0]);

const struct setting_def *settings_find(const char *key)
{
        for (size_t i = 0; key && i < settings_count; i++)
                if (strcmp(settings_defs[i].key, key) == 0)
                        return &settings_defs[i];
        return NULL;
}

const char *settings_kind_name(enum setting_kind k)
{
        static const char *const names[] = {
            [SETTING_DAYS] = "days",
            [SETTING_COUNT] = "count",
            [SETTING_ZONE] = "zone",
            [SETTING_DATES] = "dates",
        };
        return names[k];
}

int settings_is_text(const struct setting_def *d)
{
        return d->kind == SETTING_ZONE || d->kind == SETTING_DATES;
}

int settings_check_zone(struct rpc_call *c, const char *field, const char *zone, int allow_empty)
{
        const char *p[1] = {zone};
        PGresult *r = NULL;
        int code, known;

        if (zone == NULL || zone[0] == '\0')
                return allow_empty ? RS_OK : rpc_violation(c, field, "must not be empty");
        if (strlen(zone) > 64)
                return rpc_violation(c, field, "'%.64s...' is not a time zone", zone);
        if ((code = db_exec(c, &r, "SELECT rs_zone_known($1)", 1, p)) != RS_OK)
                return code;
        known = db_bool(r, 0, 0);
        PQclear(r);
        if (!known)
                return rpc_violation(c, field,
                                     "'%s' is not a time zone of the tz database (like "
                                     "America/Los_Angeles or Europe/Berlin)",
                                     zone);
        return RS_OK;
}

int settings_parse_holidays(struct rpc_call *c, const char *field, const char *s, pb_day *out)
{
        char day[16];
        int n = 0;
        pb_day d, last = PLAYBOOK_NO_DATE;

        while (s && *s) {
                size_t len;
                while (*s == ' ' || *s == ',')
                        s++;
                if (*s == '\0')
                        break;
                len = strcspn(s, ", ");
                snprintf(day, sizeof(day), "%.*s", (int)(len < 15 ? len : 15), s);
                if (len != 10 || !playbook_date_parse(day, &d)) {
                        rpc_violation(c, field, "'%.20s' is not a date (YYYY-MM-DD)", day);
                        return -1;
                }
                if (last != PLAYBOOK_NO_DATE && d <= last) {
                        rpc_violation(c, field, "dates must be ascending and distinct ('%s')", day);
                        return -1;
                }
                if (n == SETTINGS_MAX_HOLIDAYS) {
                        rpc_violation(c, field, "at most %d dates", SETTINGS_MAX_HOLIDAYS);
                        return -1;
                }
                if (out)
                        out[n] = d;
                n++;
                last = d;
                s += len;
        }
        return n;
}

int settings_load(struct rpc_call *c, struct playbook_settings *out, int32_t *access_ttl_days)
{
        PGresult *r = NULL;
        pb_day *days;
        int code, n;

        *out = playbook_settings_default();
        code = db_exec(c, &r, "SELECT key, value, coalesce(text_value, '') FROM settings", 0, NULL);
        if (code != RS_OK)
                return code;
        for (int i = 0; i < PQntuples(r); i++) {
                const struct setting_def *d = settings_find(db_text(r, i, 0));
                if (d == NULL)
                        continue;
                if (!settings_is_text(d)) {
                        int32_t v = (int32_t)db_int64(r, i, 1);
                        memcpy((char *)out + d->offset, &v, sizeof(v));
                } else if (d->kind == SETTING_DATES) {
                        days = rpc_alloc(c, sizeof(*days) * SETTINGS_MAX_HOLIDAYS);
                        n = settings_parse_holidays(c, d->key, db_text(r, i, 2), days);
                        if (n > 0) {
                                out->holidays = days;
                                out->n_holidays = (size_t)n;
                        }
                }
        }
        if (access_ttl_days)
                *access_ttl_days = out->access_code_ttl_days;
        PQclear(r);
        return RS_OK;
}
