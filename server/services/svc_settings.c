// reinstate.v1.Settings: every logged-in user reads the agency's playbook
// durations, time zone and holidays; admins change them.
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "services.h"
#include "settings.h"
#include "reinstate/v1/settings.pb-c.h"
#include "banned.h"

static Reinstate__V1__Setting *setting_msg(struct rpc_call *c, const struct setting_def *d,
                                           int32_t value, const char *text, const char *updated_at)
{
        Reinstate__V1__Setting *s = rpc_alloc(c, sizeof(*s));

        reinstate__v1__setting__init(s);
        s->key = (char *)d->key;
        s->kind = (char *)settings_kind_name(d->kind);
        s->text_value = rpc_strdup(c, text ? text : "");
        s->value = value;
        s->default_value = d->def;
        s->min = d->min;
        s->max = d->max;
        s->description = (char *)d->description;
        s->updated_at = rpc_strdup(c, updated_at);
        return s;
}

static int settings_get(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        Reinstate__V1__GetSettingsResponse *resp = (void *)out;
        PGresult *r = NULL;
        int code = db_exec(c, &r,
                           "SELECT key, coalesce(value, 0), rs_ts(updated_at), "
                           "coalesce(text_value, '') FROM settings",
                           0, NULL);

        if (code != RS_OK)
                return code;
        resp->settings = rpc_alloc(c, sizeof(*resp->settings) * settings_count);
        for (size_t i = 0; i < settings_count; i++) {
                const struct setting_def *d = &settings_defs[i];
                int32_t v = d->def;
                const char *at = "", *text = d->text_def;
                for (int k = 0; k < PQntuples(r); k++)
                        if (strcmp(db_text(r, k, 0), d->key) == 0) {
                                v = (int32_t)db_int64(r, k, 1);
                                at = db_text(r, k, 2);
                                text = db_text(r, k, 3);
                        }
                resp->settings[resp->n_settings++] = setting_msg(c, d, v, text, at);
        }
        PQclear(r);
        return RS_OK;
}

static int settings_set(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__SetSettingRequest *req = (const void *)in;
        Reinstate__V1__SetSettingResponse *resp = (void *)out;
        const struct setting_def *d = settings_find(req->key);
        char value[16];
        const char *p[3] = {req->key, value, NULL};
        PGresult *r = NULL;
        int code;

        if (d == NULL)
                return rpc_violation(c, "key", "'%.64s' is not a setting (see settings show)",
                                     req->key);
        if (settings_is_text(d)) {
                if (d->kind == SETTING_ZONE &&
                    (code = settings_check_zone(c, "text_value", req->text_value, 0)) != RS_OK)
                        return code;
                if (d->kind == SETTING_DATES &&
                    settings_parse_holidays(c, "text_value", req->text_value, NULL) < 0)
                        return RS_INVALID_ARGUMENT;
                p[1] = NULL;
                p[2] = req->text_value;
        } else {
                if (req->value < d->min || req->value > d->max)
                        return rpc_violation(c, "value", "%s must be %d-%d", d->key, d->min,
                                             d->max);
                snprintf(value, sizeof(value), "%d", req->value);
        }
        code = db_exec(c, &r,
                       "INSERT INTO settings (key, value, text_value, updated_by) VALUES ($1, "
                       "$2::int, $3, rs_actor()) ON CONFLICT (key) DO UPDATE SET value = "
                       "excluded.value, text_value = excluded.text_value, updated_at = now(), "
                       "updated_by = excluded.updated_by RETURNING rs_ts(updated_at)",
                       3, p);
        if (code != RS_OK)
                return code;
        resp->setting = setting_msg(c, d, p[1] ? req->value : 0, p[2], db_text(r, 0, 0));
        PQclear(r);
        if (p[2])
                rpc_audit(c, rpc_printf(c, "setting/%s", d->key), "%s = '%s'", d->key, p[2]);
        else
                rpc_audit(c, rpc_printf(c, "setting/%s", d->key), "%s = %d", d->key, req->value);
        return RS_OK;
}

static const struct rpc_method settings_methods[] = {
    {"GetSettings", settings_get, RPC_AUTH},
    {"SetSetting", settings_set, RPC_ADMIN | RPC_MUTATES},
};

const struct rpc_service svc_settings =
    RPC_SERVICE(reinstate__v1__settings__descriptor, settings_methods);
