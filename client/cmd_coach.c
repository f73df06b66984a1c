// reinstate coach ...: the admin's management of coaches. New and reset
// passwords are generated here unless given on stdin, so the server's
// stored replies never hold one; the password is shown once.
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <sodium.h>

#include "commands.h"
#include "password.h"
#include "pbjson.h"
#include "reinstate/v1/coaches.pb-c.h"
#include "banned.h"

// 16 characters from an alphabet without look-alikes: ~90 bits.
static void random_password(char *out, size_t len)
{
        static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        size_t n = len - 1 < 16 ? len - 1 : 16;

        for (size_t i = 0; i < n; i++)
                out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
        out[n] = '\0';
}

static int parse_id(const char *s, int64_t *id)
{
        char *end;
        long long v = strtoll(s, &end, 10);

        if (*s == '\0' || *end != '\0' || v <= 0)
                return -1;
        *id = v;
        return 0;
}

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
                random_password(pw, len);
                return 1;
        }
        if (password_read("", 1, pw, len) != 0)
                return -1;
        return 0;
}

static int coach_add(struct cli *cli, int argc, char **argv)
{
        static const struct option longopts[] = {
            {"email", required_argument, NULL, 'e'},
            {"name", required_argument, NULL, 'n'},
            {"admin", no_argument, NULL, 'a'},
            {"password-stdin", no_argument, NULL, 's'},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__CreateCoachRequest req = REINSTATE__V1__CREATE_COACH_REQUEST__INIT;
        Reinstate__V1__CoachResponse *resp = NULL;
        char pw[PASSWORD_MAX_LEN + 2];
        int opt, from_stdin = 0, generated, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                if (opt == 'e')
                        req.email = optarg;
                else if (opt == 'n')
                        req.display_name = optarg;
                else if (opt == 'a')
                        req.admin = 1;
                else if (opt == 's')
                        from_stdin = 1;
                else
                        return EXIT_USAGE;
        }
        if (optind < argc || req.email[0] == '\0' || req.display_name[0] == '\0')
                return cli_usage_error(
                    "usage: reinstate coach add --email E --name N [--admin] [--password-stdin]");
        if ((generated = get_password(from_stdin, pw, sizeof(pw))) < 0)
                return cli_usage_error("cannot read the password from stdin");
        req.password = pw;
        rv = cli_call(cli, "reinstate.v1.Coaches/CreateCoach", &req.base,
                      &reinstate__v1__coach_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv == 0) {
                print_coach_result(cli, resp, "created", generated ? pw : NULL);
                protobuf_c_message_free_unpacked(&resp->base, NULL);
        }
        sodium_memzero(pw, sizeof(pw));
        return rv;
}

static int coach_list(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__ListCoachesRequest req = REINSTATE__V1__LIST_COACHES_REQUEST__INIT;
        Reinstate__V1__ListCoachesResponse *resp = NULL;
        struct table *t;
        int rv;

        if (argc > 2 || (argc == 2 && strcmp(argv[1], "--all") != 0))
                return cli_usage_error("usage: reinstate coach list [--all]");
        req.include_disabled = argc == 2;
        rv =
            cli_call(cli, "reinstate.v1.Coaches/ListCoaches", &req.base,
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
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int coach_toggle(struct cli *cli, int argc, char **argv, const char *method,
                        const char *what)
{
        Reinstate__V1__CoachIdRequest req = REINSTATE__V1__COACH_ID_REQUEST__INIT;
        Reinstate__V1__CoachResponse *resp = NULL;
        int rv;

        if (argc != 2 || parse_id(argv[1], &req.id) != 0)
                return cli_usage_error("usage: reinstate coach %s ID", argv[0]);
        rv = cli_call(cli, method, &req.base, &reinstate__v1__coach_response__descriptor,
                      (ProtobufCMessage **)&resp);
        if (rv == 0) {
                print_coach_result(cli, resp, what, NULL);
                protobuf_c_message_free_unpacked(&resp->base, NULL);
        }
        return rv;
}

static int coach_disable(struct cli *cli, int argc, char **argv)
{
        return coach_toggle(cli, argc, argv, "reinstate.v1.Coaches/DisableCoach", "disabled");
}

static int coach_enable(struct cli *cli, int argc, char **argv)
{
        return coach_toggle(cli, argc, argv, "reinstate.v1.Coaches/EnableCoach", "enabled");
}

static int coach_reset_password(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__ResetPasswordRequest req = REINSTATE__V1__RESET_PASSWORD_REQUEST__INIT;
        Reinstate__V1__CoachResponse *resp = NULL;
        char pw[PASSWORD_MAX_LEN + 2];
        int from_stdin = argc == 3 && strcmp(argv[2], "--password-stdin") == 0, generated, rv;

        if ((argc != 2 && !from_stdin) || parse_id(argv[1], &req.id) != 0)
                return cli_usage_error(
                    "usage: reinstate coach reset-password ID [--password-stdin]");
        if ((generated = get_password(from_stdin, pw, sizeof(pw))) < 0)
                return cli_usage_error("cannot read the password from stdin");
        req.new_password = pw;
        rv = cli_call(cli, "reinstate.v1.Coaches/ResetPassword", &req.base,
                      &reinstate__v1__coach_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv == 0) {
                print_coach_result(cli, resp, "reset password of", generated ? pw : NULL);
                protobuf_c_message_free_unpacked(&resp->base, NULL);
        }
        sodium_memzero(pw, sizeof(pw));
        return rv;
}

// coach edit ID --time-zone ZONE: the zone the coach's days are counted in
// ("" for the agency's). Admins for anyone, a coach for themself.
static int coach_edit(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__SetCoachTimeZoneRequest req =
            REINSTATE__V1__SET_COACH_TIME_ZONE_REQUEST__INIT;
        Reinstate__V1__CoachResponse *resp = NULL;
        int rv;

        if (argc == 3 && strncmp(argv[2], "--time-zone=", 12) == 0)
                req.time_zone = argv[2] + 12;
        else if (argc == 4 && strcmp(argv[2], "--time-zone") == 0)
                req.time_zone = argv[3];
        else
                return cli_usage_error("usage: reinstate coach edit ID --time-zone ZONE");
        if (parse_id(argv[1], &req.id) != 0)
                return cli_usage_error("usage: reinstate coach edit ID --time-zone ZONE");
        rv = cli_call(cli, "reinstate.v1.Coaches/SetCoachTimeZone", &req.base,
                      &reinstate__v1__coach_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf("coach %lld: time zone %s\n", (long long)resp->coach->id,
                       resp->coach->time_zone[0] ? resp->coach->time_zone : "(the agency's)");
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct cli_verb coach_verbs[] = {
    {"add", coach_add, "add --email E --name N [--admin] [--password-stdin]",
     "add a coach (admin); prints a temporary password unless given on stdin"},
    {"list", coach_list, "list [--all]", "list coaches; --all includes disabled ones"},
    {"disable", coach_disable, "disable ID", "disable a coach and end their sessions at once"},
    {"enable", coach_enable, "enable ID", "enable a disabled coach"},
    {"edit", coach_edit, "edit ID --time-zone ZONE",
     "set the time zone a coach's days are counted in (\"\" = the agency's)"},
    {"reset-password", coach_reset_password, "reset-password ID [--password-stdin]",
     "set a new temporary password and end the coach's sessions"},
};

int cmd_coach(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "coach", coach_verbs,
                             sizeof(coach_verbs) / sizeof(coach_verbs[0]), argc, argv);
}
