// reinstate status: the job seeker's view of their case, with an access
// code and no login; and the coach's side of it, `case share` and
// `case unshare` (verbs of `case`, kept here beside the code they issue).
//
// share asks the server for a code: the server draws it, keeps only its
// hash and returns it this once (a replay of the request id is refused,
// "already shown"), so the code is printed once, from this process.
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "access_code.h"
#include "args.h"
#include "commands.h"
#include "password.h"
#include "reinstate/v1/access.pb-c.h"
#include "banned.h"

// Whether the server address only answers on this machine.
static int is_loopback(const char *url)
{
        const char *h = strstr(url, "://");

        h = h ? h + 3 : url;
        return strncmp(url, "ipc://", 6) == 0 || strncmp(h, "127.", 4) == 0 ||
               strncmp(h, "localhost", 9) == 0 || strncmp(h, "[::1]", 5) == 0;
}

int cmd_case_share(struct cli *cli, struct args *a)
{
        Reinstate__V1__ShareCaseResponse *resp = NULL;
        const char *code;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Access/ShareCase", a->req,
                      &reinstate__v1__share_case_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        code = resp->code;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                printf("access code for case %lld, valid until %s:\n\n    %s\n\n"
                       "It is shown only this once. The job seeker checks their case with\n"
                       "    reinstate --server %s%s%s status --code %s\n",
                       (long long)resp->case_id, resp->expires_at, code, cli->server,
                       cli->ca_file[0] ? " --ca-file " : "", cli->ca_file[0] ? "CA.pem" : "", code);
                if (cli->ca_file[0])
                        printf("(CA.pem: a copy of %s, the agency's certificate authority)\n",
                               cli->ca_file);
                if (is_loopback(cli->server))
                        printf("(%s answers on this machine only: on theirs, use the address "
                               "the agency's server is reachable at)\n",
                               cli->server);
                printf("Revoke it with: reinstate case unshare %lld\n", (long long)resp->case_id);
        }
        sodium_memzero(resp->code, strlen(resp->code));
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

int cmd_case_unshare(struct cli *cli, struct args *a)
{
        Reinstate__V1__UnshareCaseResponse *resp = NULL;
        int rv;

        rv =
            cli_call(cli, "reinstate.v1.Access/UnshareCase", a->req,
                     &reinstate__v1__unshare_case_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf("case %lld: %d access code%s revoked\n", (long long)resp->case_id,
                       resp->revoked, resp->revoked == 1 ? "" : "s");
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

int cmd_case_shares(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListSharesResponse *resp = NULL;
        struct table *t;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Access/ListShares", a->req,
                      &reinstate__v1__list_shares_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else if (resp->n_shares == 0 && cli_text(cli)) {
                printf("case %lld has never been shared\n", (long long)resp->case_id);
        } else {
                t = table_new(8, "ID", "STATE", "CREATED", "EXPIRES", "REVOKED", "BY", "VIEWS",
                              "LAST VIEWED");
                for (size_t i = 0; i < resp->n_shares; i++) {
                        const Reinstate__V1__Share *sh = resp->shares[i];
                        char id[24], views[16];
                        snprintf(id, sizeof(id), "%lld", (long long)sh->access_code_id);
                        snprintf(views, sizeof(views), "%d", sh->views);
                        table_row(t, id, sh->state, sh->created_at, sh->expires_at,
                                  sh->revoked_at[0] ? sh->revoked_at : "-", sh->created_by, views,
                                  sh->last_viewed_at[0] ? sh->last_viewed_at : "never");
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int status(struct cli *cli, struct args *a)
{
        Reinstate__V1__GetStatusRequest req = REINSTATE__V1__GET_STATUS_REQUEST__INIT;
        Reinstate__V1__GetStatusResponse *resp = NULL;
        const char *given = args_str(a, "code");
        char typed[128] = "";
        int rv;

        if (strcmp(given, "-") == 0) {
                if (password_read(NULL, 1, typed, sizeof(typed)) != 0)
                        return args_error(a, "cannot read the code from stdin");
        } else {
                snprintf(typed, sizeof(typed), "%s", given);
        }
        // A public call: a coach's session, if any, is not sent with it.
        sodium_memzero(cli->token, sizeof(cli->token));
        req.code = typed;
        rv = cli_call(cli, "reinstate.v1.Access/GetStatus", &req.base,
                      &reinstate__v1__get_status_response__descriptor, (ProtobufCMessage **)&resp);
        sodium_memzero(typed, sizeof(typed));
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                printf("%s at %s\n\n", resp->role_title, resp->company);
                printf("  where it stands  %s\n", resp->stage_words);
                printf("  what happens     %s\n", resp->next_step);
                printf("  last activity    %s\n",
                       resp->last_activity_on[0] ? resp->last_activity_on : "none yet");
                printf("  your coach       %s <%s>\n", resp->coach_name, resp->coach_email);
                printf("\nthis code works until %s\n", resp->code_expires_at);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct opt status_opts[] = {
    {.name = "code",
     .type = OPT_STRING,
     .flags = OPT_REQUIRED,
     .help = "the access code your coach gave you (XXXX-XXXX-XXXX-XXXX; case and dashes do not "
             "matter); - reads it from stdin"},
    OPT_END,
};

static const struct cli_verb status_verbs[] = {
    {"", status, "a job seeker's case status, with an access code (no login)", status_opts, NULL,
     NULL,
     "Shows where your case stands, what happens next, when something last happened and who "
     "your coach is. No login is needed."},
};

CLI_NOUN(noun_status, "status", "a job seeker's case status, with an access code (no login)",
         status_verbs);
