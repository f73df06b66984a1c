// reinstate settings show | set KEY VALUE: the playbook's durations and
// counts, the agency's time zone and its holidays.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "reinstate/v1/settings.pb-c.h"
#include "banned.h"

static int settings_show(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__GetSettingsRequest req = REINSTATE__V1__GET_SETTINGS_REQUEST__INIT;
        Reinstate__V1__GetSettingsResponse *resp = NULL;
        struct table *t;
        int rv;

        if (argc > 1)
                return cli_usage_error("settings show takes no arguments");
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
                        snprintf(v, sizeof(v), "%d", s->value);
                        snprintf(d, sizeof(d), "%d", s->default_value);
                        if (text) {
                                table_row(t, s->key, s->text_value[0] ? s->text_value : "-",
                                          strcmp(s->kind, "zone") == 0 ? "UTC" : "-",
                                          s->description);
                                continue;
                        }
                        table_row(t, s->key, v, d, s->description);
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int settings_set(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__SetSettingRequest req = REINSTATE__V1__SET_SETTING_REQUEST__INIT;
        Reinstate__V1__SetSettingResponse *resp = NULL;
        char *end;
        long v;
        int rv;

        if (argc != 3)
                return cli_usage_error("usage: reinstate settings set KEY VALUE");
        req.key = argv[1];
        if (strcmp(argv[1], "time_zone") == 0 || strcmp(argv[1], "holidays") == 0) {
                req.text_value = argv[2];
        } else {
                v = strtol(argv[2], &end, 10);
                if (*argv[2] == '\0' || *end != '\0' || v < 0 || v > 100000)
                        return cli_usage_error("VALUE must be a whole number");
                req.value = (int32_t)v;
        }
        rv = cli_call(cli, "reinstate.v1.Settings/SetSetting", &req.base,
                      &reinstate__v1__set_setting_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else if (req.text_value[0] || strcmp(argv[1], "holidays") == 0)
                printf("%s = %s\n", resp->setting->key, resp->setting->text_value);
        else
                printf("%s = %d\n", resp->setting->key, resp->setting->value);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct cli_verb settings_verbs[] = {
    {"show", settings_show, "show", "the playbook's durations and what they mean"},
    {"set", settings_set, "set KEY VALUE", "change a setting (admin)"},
};

int cmd_settings(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "settings", settings_verbs,
                             sizeof(settings_verbs) / sizeof(settings_verbs[0]), argc, argv);
}
