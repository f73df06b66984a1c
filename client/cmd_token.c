// reinstate token: API tokens for scripts. create prints the secret alone
// on stdout, once (the server keeps only its hash); a script passes it as
// REINSTATE_TOKEN or keeps it in a context's token= line.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/tokens.pb-c.h"
#include "banned.h"

// "90d" or "90" into days. Returns 0, or -1 when it is neither.
static int parse_days(const char *s, int32_t *days)
{
        char *end = NULL;
        long v;

        if (s[0] < '0' || s[0] > '9')
                return -1;
        v = strtol(s, &end, 10);
        if ((*end != '\0' && strcmp(end, "d") != 0) || v < 1 || v > 366)
                return -1;
        *days = (int32_t)v;
        return 0;
}

static int token_create(struct cli *cli, struct args *a)
{
        Reinstate__V1__CreateTokenRequest *req = (void *)a->req;
        Reinstate__V1__CreateTokenResponse *resp = NULL;
        int rv;

        if (args_has(a, "expires") && parse_days(args_str(a, "expires"), &req->expires_days) != 0)
                return args_error(a, "--expires: %s is not a number of days from 1d to 366d",
                                  args_str(a, "expires"));
        rv =
            cli_call(cli, "reinstate.v1.Tokens/CreateToken", a->req,
                     &reinstate__v1__create_token_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                printf("%s\n", resp->token);
                fprintf(stderr,
                        "token %lld '%s'%s, expires %s; shown this once: keep it where your "
                        "script reads it (REINSTATE_TOKEN)\n",
                        (long long)resp->api_token->id, resp->api_token->name,
                        resp->api_token->read_only ? " (read-only)" : "",
                        resp->api_token->expires_at);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int token_list(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListTokensResponse *resp = NULL;
        struct table *t;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Tokens/ListTokens", a->req,
                      &reinstate__v1__list_tokens_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                t = table_new(7, "ID", "NAME", "CREATED", "EXPIRES", "LAST USED", "READ-ONLY",
                              "STATE");
                for (size_t i = 0; i < resp->n_tokens; i++) {
                        const Reinstate__V1__ApiToken *k = resp->tokens[i];
                        char id[24], c[17], e[17], u[17];
                        snprintf(id, sizeof(id), "%lld", (long long)k->id);
                        table_row(t, id, k->name, args_short_time(k->created_at, c),
                                  args_short_time(k->expires_at, e),
                                  k->last_used_at[0] ? args_short_time(k->last_used_at, u)
                                                     : "never",
                                  k->read_only ? "yes" : "no", k->revoked ? "ended" : "active");
                        if (k->revoked)
                                table_mark(t, TABLE_MARK_QUIET);
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int token_revoke(struct cli *cli, struct args *a)
{
        Reinstate__V1__RevokeTokenResponse *resp = NULL;
        int rv;

        rv =
            cli_call(cli, "reinstate.v1.Tokens/RevokeToken", a->req,
                     &reinstate__v1__revoke_token_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf("token %lld '%s' revoked\n", (long long)resp->api_token->id,
                       resp->api_token->name);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct opt create_opts[] = {
    {.name = "name",
     .type = OPT_STRING,
     .flags = OPT_REQUIRED,
     .field = "name",
     .meta = "NAME",
     .help = "what the token is for (1-100 characters), shown by 'token list'"},
    {.name = "expires",
     .type = OPT_STRING,
     .meta = "DAYS",
     .help = "lifetime: 1d to 366d (default 90d)"},
    {.name = "read-only",
     .type = OPT_FLAG,
     .field = "read_only",
     .help = "the token can read but never change anything"},
    OPT_END,
};

static const struct opt list_opts[] = {
    {.name = "all",
     .type = OPT_FLAG,
     .field = "include_revoked",
     .help = "also the revoked and expired tokens"},
    OPT_END,
};

static const struct opt revoke_opts[] = {
    {.name = "ID",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "id",
     .help = "the token (its id from 'token list')"},
    OPT_END,
};

static const struct cli_verb token_verbs[] = {
    {"create", token_create, "make an API token for scripts; prints it once", create_opts,
     &reinstate__v1__create_token_request__descriptor, NULL,
     "Makes an API token bound to you, for scripts: it acts as you until it expires or is "
     "revoked, and with --read-only it can read but never change anything (the server refuses "
     "every call that changes data). The token is printed once, alone on stdout; the server "
     "keeps only its hash. Use it as REINSTATE_TOKEN=... or as the token= line of a context. "
     "Tokens are made from a login session, not with another token; changing your password "
     "ends them."},
    {"list", token_list, "list your API tokens (never their secrets)", list_opts,
     &reinstate__v1__list_tokens_request__descriptor, NULL,
     "Lists your API tokens: name, when made, when they expire, when last used (to the minute) "
     "and whether read-only. The secrets are never shown again.",
     CLI_LIST},
    {"revoke", token_revoke, "end an API token at once", revoke_opts,
     &reinstate__v1__revoke_token_request__descriptor, NULL,
     "Ends the token at once: calls made with it are refused from now on."},
};

CLI_NOUN(noun_token, "token", "API tokens for scripts: create, list, revoke", token_verbs);
