// Settings definitions, checks and loading.
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "banned.h"

const struct setting_def settings_defs[] = {
    {"reverify_after_days", SETTING_DAYS, 7, 1, 365, NULL,
     "days a verification that the job is open stays good before re-verifying"},
    {"follow_up_after_days", SETTING_DAYS, 3, 1, 60, NULL,
     "business days of silence from the hiring manager before following up"},
    {"late_decline_days", SETTING_DAYS, 30, 1, 3650, NULL,
     "days between declining and opening the case above which the odds are lower"},
    {"stale_after_days", SETTING_DAYS, 14, 1, 365, NULL,
     "days without any activity before a case is stale"},
    {"access_code_ttl_days", SETTING_DAYS, 30, 1, 365, NULL,
     "days a job seeker's access code stays valid"},
    {"manager_attempts_max", SETTING_COUNT, 3, 1, 20, NULL,
     "unanswered attempts on the route in before the close-out note"},
    {"cadence_days", SETTING_DAYS, 14, 1, 365, NULL,
     "days from the first unanswered attempt over which those attempts are spread"},
    {"channel_switch_after", SETTING_COUNT, 2, 1, 20, NULL,
     "unanswered attempts on one channel before switching channel"},
    {"time_zone", SETTING_ZONE, 0, 0, 0, "UTC",
     "the agency's time zone (IANA name): days are counted in it unless a coach has their own"},
    {"holidays", SETTING_DATES, 0, 0, 0, "",
     "days that are not business days (YYYY-MM-DD, comma-separated)"},
};

const size_t settings_count = sizeof(settings_defs) / sizeof(settings_defs[0]);

const struct setting_def *settings_find(const char *key)
{
        for (size_t i = 0; key && i < settings_count; i++)
                if (strcmp(settings_defs[i].key, key) == 0)
                        return &settings_defs[i];
        return NULL;
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
        if (access_ttl_days)
                *access_ttl_days = settings_find("access_code_ttl_days")->def;
        code = db_exec(c, &r, "SELECT key, value, coalesce(text_value, '') FROM settings", 0, NULL);
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
                else if (strcmp(k, "manager_attempts_max") == 0)
                        out->manager_attempts_max = v;
                else if (strcmp(k, "cadence_days") == 0)
                        out->cadence_days = v;
                else if (strcmp(k, "channel_switch_after") == 0)
                        out->channel_switch_after = v;
                else if (strcmp(k, "access_code_ttl_days") == 0 && access_ttl_days)
                        *access_ttl_days = v;
                else if (strcmp(k, "holidays") == 0) {
                        days = rpc_alloc(c, sizeof(*days) * SETTINGS_MAX_HOLIDAYS);
                        n = settings_parse_holidays(c, "holidays", db_text(r, i, 2), days);
                        if (n > 0) {
                                out->holidays = days;
                                out->n_holidays = (size_t)n;
                        }
                }
        }
        PQclear(r);
        return RS_OK;
}
