// reinstate coach ...: the admin's management of coaches. New and reset
// passwords are generated here unless given on stdin, so the server's
// stored replies never hold one; the password is shown once.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <sodium.h>

#include "commands.h"
#include "password.h"
#include "pbjson.h"
#include "reinstate/v1/coaches.pb-c.h"
#include "reinstate/v1/mail.pb-c.h"
#include "banned.h"

static void print_coach_result(struct cli *cli, const Reinstate__V1__CoachResponse *resp,
                               const char *what, const char *password)
{
        if (cli->json) {
                json_t *j = pbjson_from_message(&resp->base);
                if (password)
                        json_object_set_new(j, "temporary_password", json_string(password));
                json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
                fputs("\n", stdout);
                json_decref(j);
                return;
        }
        printf("%s coach %lld %s (%s)\n", what, (long long)resp->coach->id, resp->coach->email,
               resp->coach->role);
        if (resp->sessions_revoked)
                printf("%d session%s ended\n", resp->sessions_revoked,
                       resp->sessions_revoked == 1 ? "" : "s");
        if (password)
                printf("temporary password: %s\n(shown once; the coach changes it with "
                       "'reinstate passwd')\n",
                       password);
}

static int get_password(int from_stdin, char *pw, size_t len)
{
        if (!from_stdin) {
                password_generate(pw, len);
                return 1;
        }
        if (password_read("", 1, pw, len) != 0)
                return -1;
        return 0;
}

static int coach_add(struct cli *cli, struct args *a)
{
        Reinstate__V1__CreateCoachRequest *req = (void *)a->req;
        Reinstate__V1__CoachResponse *resp = NULL;
        char pw[PASSWORD_MAX_LEN + 2];
        int from_stdin = args_has(a, "password-stdin"), generated, rv;

        if ((generated = get_password(from_stdin, pw, sizeof(pw))) < 0)
                return cli_usage_error("cannot read the password from stdin");
        req->password = pw;
        rv = cli_call(cli, "reinstate.v1.Coaches/CreateCoach", a->req,
                      &reinstate__v1__coach_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv == 0) {
                print_coach_result(cli, resp, "created", generated ? pw : NULL);
                protobuf_c_message_free_unpacked(&resp->base, NULL);
        }
        sodium_memzero(pw, sizeof(pw));
        return rv;
}

static int coach_list(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListCoachesResponse *resp = NULL;
        struct table *t;
        int rv;

        rv =
            cli_call(cli, "reinstate.v1.Coaches/ListCoaches", a->req,
                     &reinstate__v1__list_coaches_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                t = table_new(6, "ID", "EMAIL", "NAME", "ROLE", "STATUS", "TIME ZONE");
                for (size_t i = 0; i < resp->n_coaches; i++) {
                        const Reinstate__V1__Coach *c = resp->coaches[i];
                        char id[24];
                        snprintf(id, sizeof(id), "%lld", (long long)c->id);
                        table_row(t, id, c->email, c->display_name, c->role,
                                  c->disabled ? "disabled" : "active",
                                  c->time_zone[0] ? c->time_zone : "-");
                        if (c->disabled)
                                table_mark(t, TABLE_MARK_QUIET);
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int coach_toggle(struct cli *cli, struct args *a, const char *method, const char *what)
{
        Reinstate__V1__CoachResponse *resp = NULL;
        int rv;

        rv = cli_call(cli, method, a->req, &reinstate__v1__coach_response__descriptor,
                      (ProtobufCMessage **)&resp);
        if (rv == 0) {
                print_coach_result(cli, resp, what, NULL);
                protobuf_c_message_free_unpacked(&resp->base, NULL);
        }
        return rv;
}

static int coach_disable(struct cli *cli, struct args *a)
{
        return coach_toggle(cli, a, "reinstate.v1.Coaches/DisableCoach", "disabled");
}

static int coach_enable(struct cli *cli, struct args *a)
{
        return coach_toggle(cli, a, "reinstate.v1.Coaches/EnableCoach", "enabled");
}

static int coach_reset_password(struct cli *cli, struct args *a)
{
        Reinstate__V1__ResetPasswordRequest *req = (void *)a->req;
        Reinstate__V1__CoachResponse *resp = NULL;
        char pw[PASSWORD_MAX_LEN + 2];
        int from_stdin = args_has(a, "password-stdin"), generated, rv;

        if ((generated = get_password(from_stdin, pw, sizeof(pw))) < 0)
                return cli_usage_error("cannot read the password from stdin");
        req->new_password = pw;
        rv = cli_call(cli, "reinstate.v1.Coaches/ResetPassword", a->req,
                      &reinstate__v1__coach_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv == 0) {
                print_coach_result(cli, resp, "reset password of", generated ? pw : NULL);
                protobuf_c_message_free_unpacked(&resp->base, NULL);
        }
        sodium_memzero(pw, sizeof(pw));
        return rv;
}

#define COACH_ID_ARG                                                                               \
        {                                                                                          \
                .name = "ID", .type = OPT_ID, .flags = OPT_POSITIONAL | OPT_REQUIRED,              \
                .field = "id", .help = "the coach", .complete = COMP_COACH                         \
        }

static const struct opt add_opts[] = {
    {.name = "email",
     .type = OPT_STRING,
     .flags = OPT_REQUIRED,
     .meta = "EMAIL",
     .field = "email",
     .help = "the coach's e-mail, their login"},
    {.name = "name",
     .type = OPT_STRING,
     .flags = OPT_REQUIRED,
     .field = "display_name",
     .help = "the name shown to colleagues and job seekers"},
    {.name = "admin", .type = OPT_FLAG, .field = "admin", .help = "an admin, not a coach"},
    {.name = "password-stdin",
     .type = OPT_FLAG,
     .help = "read the password from stdin (default: generate one and show it once)"},
    OPT_END,
};

static const struct opt list_opts[] = {
    {.name = "all", .type = OPT_FLAG, .field = "include_disabled", .help = "disabled coaches too"},
    OPT_END,
};

static const struct opt id_opts[] = {COACH_ID_ARG, OPT_END};

static const struct opt reset_opts[] = {
    COACH_ID_ARG,
    {.name = "password-stdin",
     .type = OPT_FLAG,
     .help = "read the new password from stdin (default: generate one and show it once)"},
    OPT_END,
};

// coach edit ID [--time-zone ZONE] [--digest off|HH:MM]: the zone the
// coach's days are counted in ("" for the agency's) and the local time of
// their daily digest. Admins for anyone, a coach for themself.
static int coach_edit(struct cli *cli, struct args *a)
{
        Reinstate__V1__CoachResponse *resp = NULL;
        int rv;

        if (!args_has(a, "time-zone") && !args_has(a, "digest"))
                return args_error(a, "give --time-zone or --digest");
        if (args_has(a, "time-zone")) {
                rv = cli_call(cli, "reinstate.v1.Coaches/SetCoachTimeZone", a->req,
                              &reinstate__v1__coach_response__descriptor,
                              (ProtobufCMessage **)&resp);
                if (rv != 0)
                        return rv;
                if (cli->json)
                        cli_print_json(&resp->base);
                else
                        printf("coach %lld: time zone %s\n", (long long)resp->coach->id,
                               resp->coach->time_zone[0] ? resp->coach->time_zone
                                                         : "(the agency's)");
                protobuf_c_message_free_unpacked(&resp->base, NULL);
        }
        if (args_has(a, "digest")) {
                Reinstate__V1__DigestSettings req = REINSTATE__V1__DIGEST_SETTINGS__INIT;
                Reinstate__V1__DigestSettings *d = NULL;
                req.coach_id = args_num(a, "ID");
                req.digest = (char *)args_str(a, "digest");
                rv = cli_call(cli, "reinstate.v1.Outbox/SetDigest", &req.base,
                              &reinstate__v1__digest_settings__descriptor, (ProtobufCMessage **)&d);
                if (rv != 0)
                        return rv;
                if (cli->json)
                        cli_print_json(&d->base);
                else
                        printf("coach %lld: digest %s (%s)\n", (long long)d->coach_id, d->digest,
                               d->time_zone);
                protobuf_c_message_free_unpacked(&d->base, NULL);
        }
        return 0;
}

static const struct opt edit_opts[] = {
    COACH_ID_ARG,
    {.name = "time-zone",
     .type = OPT_STRING,
     .meta = "ZONE",
     .field = "time_zone",
     .help = "an IANA zone like Europe/Paris; \"\" for the agency's"},
    {.name = "digest",
     .type = OPT_STRING,
     .meta = "off|HH:MM",
     .help = "the daily digest's local time (24-hour), or off"},
    OPT_END,
};

static const struct cli_verb coach_verbs[] = {
    {"add", coach_add, "add a coach (admin); prints a temporary password unless given on stdin",
     add_opts, &reinstate__v1__create_coach_request__descriptor},
    {"list", coach_list, "list coaches; --all includes disabled ones", list_opts,
     &reinstate__v1__list_coaches_request__descriptor, NULL, NULL, CLI_LIST},
    {"disable", coach_disable, "disable a coach and end their sessions at once", id_opts,
     &reinstate__v1__coach_id_request__descriptor},
    {"enable", coach_enable, "enable a disabled coach", id_opts,
     &reinstate__v1__coach_id_request__descriptor},
    {"edit", coach_edit,
     "set a coach's time zone (\"\" = the agency's) or daily digest time (off to stop it)",
     edit_opts, &reinstate__v1__set_coach_time_zone_request__descriptor},
    {"reset-password", coach_reset_password,
     "set a new temporary password and end the coach's sessions", reset_opts,
     &reinstate__v1__reset_password_request__descriptor},
};

CLI_NOUN(noun_coach, "coach", "manage coaches (admin)", coach_verbs);
