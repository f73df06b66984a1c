// reinstate settings show | set KEY VALUE: the playbook's durations and
// counts, the agency's time zone and its holidays.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "reinstate/v1/settings.pb-c.h"
#include "banned.h"

static int settings_show(struct cli *cli, struct args *a)
{
        Reinstate__V1__GetSettingsRequest req = REINSTATE__V1__GET_SETTINGS_REQUEST__INIT;
        Reinstate__V1__GetSettingsResponse *resp = NULL;
        struct table *t;
        int rv;

        rv =
            cli_call(cli, "reinstate.v1.Settings/GetSettings", &req.base,
                     &reinstate__v1__get_settings_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                t = table_new(4, "KEY", "VALUE", "DEFAULT", "MEANING");
                for (size_t i = 0; i < resp->n_settings; i++) {
                        const Reinstate__V1__Setting *s = resp->settings[i];
                        char v[16], d[16];
                        int text = strcmp(s->kind, "zone") == 0 || strcmp(s->kind, "dates") == 0;
                        if (text) {
                                table_row(t, s->key, s->text_value[0] ? s->text_value : "-",
                                          strcmp(s->kind, "zone") == 0 ? "UTC" : "-",
                                          s->description);
                                continue;
                        }
                        snprintf(v, sizeof(v), "%d", s->value);
                        snprintf(d, sizeof(d), "%d", s->default_value);
                        table_row(t, s->key, v, d, s->description);
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

// The keys, as settings.def declares them (the server's table).
static const char *const setting_keys[] = {
#define SETTING(key, kind, def, min, max, text_def, field, description) #key,
#include "settings.def"
    NULL,
};

// Whether key holds text (a time zone, a list of dates) rather than a number.
static int setting_is_text(const char *key)
{
#define SETTING(key_, kind, def, min, max, text_def, field, description)                           \
        if (strcmp(key, #key_) == 0)                                                               \
                return strcmp(#kind, "ZONE") == 0 || strcmp(#kind, "DATES") == 0;
#include "settings.def"
        return 0;
}

static int settings_set(struct cli *cli, struct args *a)
{
        Reinstate__V1__SetSettingRequest *req = (void *)a->req;
        Reinstate__V1__SetSettingResponse *resp = NULL;
        const char *value = args_str(a, "VALUE");
        char *end;
        long v;
        int rv, text = setting_is_text(req->key);

        if (text) {
                req->text_value = (char *)value;
        } else {
                v = strtol(value, &end, 10);
                if (*value == '\0' || *end != '\0' || v < 0 || v > 100000)
                        return args_error(a, "VALUE: %s is not a whole number (0-100000)", value);
                req->value = (int32_t)v;
        }
        rv = cli_call(cli, "reinstate.v1.Settings/SetSetting", a->req,
                      &reinstate__v1__set_setting_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else if (text)
                printf("%s = %s\n", resp->setting->key, resp->setting->text_value);
        else
                printf("%s = %d\n", resp->setting->key, resp->setting->value);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct opt set_opts[] = {
    {.name = "KEY",
     .type = OPT_ENUM,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "key",
     .help = "the setting (settings show lists them with what they mean)",
     .values = setting_keys},
    {.name = "VALUE",
     .type = OPT_STRING,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .help = "a whole number (days, counts), or for time_zone an IANA zone and for holidays "
             "dates YYYY-MM-DD separated by commas"},
    OPT_END,
};

static const struct cli_verb settings_verbs[] = {
    {"show", settings_show, "the playbook's durations and what they mean", NULL, NULL, NULL, NULL,
     CLI_LIST},
    {"set", settings_set, "change a setting (admin)", set_opts,
     &reinstate__v1__set_setting_request__descriptor},
};

CLI_NOUN(noun_settings, "settings", "show or change the playbook's durations", settings_verbs);
