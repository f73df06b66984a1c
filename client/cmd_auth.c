// Session commands: login, logout, whoami, passwd. Login stores the server
// address and token in the config file (mode 0600); logout revokes the
// session on the server and forgets the token.
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#include "commands.h"
#include "password.h"
#include "reinstate/v1/auth.pb-c.h"
#include "banned.h"

static int read_line_prompt(const char *prompt, char *out, size_t len)
{
        FILE *tty = isatty(STDIN_FILENO) ? stdin : NULL;

        if (tty) {
                fputs(prompt, stderr);
                fflush(stderr);
        }
        if (fgets(out, (int)len, stdin) == NULL)
                return -1;
        out[strcspn(out, "\r\n")] = '\0';
        return out[0] ? 0 : -1;
}

static int login(struct cli *cli, struct args *a)
{
        Reinstate__V1__LoginRequest req = REINSTATE__V1__LOGIN_REQUEST__INIT;
        Reinstate__V1__LoginResponse *resp = NULL;
        char email[256] = "", pw[PASSWORD_MAX_LEN + 2];
        int from_stdin = args_has(a, "password-stdin"), rv;

        if (args_has(a, "email"))
                snprintf(email, sizeof(email), "%s", args_str(a, "email"));
        if (email[0] == '\0' && read_line_prompt("email: ", email, sizeof(email)) != 0)
                return cli_usage_error("login needs an email address");
        if (password_read("password: ", from_stdin, pw, sizeof(pw)) != 0)
                return cli_usage_error("cannot read the password%s",
                                       from_stdin ? " from stdin"
                                                  : " (no terminal? use --password-stdin)");
        req.email = email;
        req.password = pw;
        cli->token[0] = '\0';
        rv = cli_call(cli, "reinstate.v1.Auth/Login", &req.base,
                      &reinstate__v1__login_response__descriptor, (ProtobufCMessage **)&resp);
        sodium_memzero(pw, sizeof(pw));
        if (rv != 0)
                return rv;
        if (cli_config_save(cli->server, resp->token, cli->ca_file) != 0) {
                char path[1024];
                cli_config_path(path, sizeof(path));
                fprintf(stderr, "reinstate: cannot write %s\n", path);
                rv = EXIT_FAILURE_;
        } else if (cli->json) {
                // The token stays out of the output; it is in the config file.
                resp->token = (char *)"";
                cli_print_json(&resp->base);
        } else {
                printf("logged in as %s (%s, %s) until %s\n", resp->coach->email,
                       resp->coach->display_name, resp->coach->role, resp->expires_at);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return rv;
}

static int logout(struct cli *cli, struct args *a)
{
        Reinstate__V1__LogoutRequest req = REINSTATE__V1__LOGOUT_REQUEST__INIT;
        ProtobufCMessage *resp = NULL;
        int rv;

        if (cli->token[0] == '\0') {
                fprintf(stderr, "reinstate: not logged in\n");
                return EXIT_AUTH;
        }
        rv = cli_call(cli, "reinstate.v1.Auth/Logout", &req.base,
                      &reinstate__v1__logout_response__descriptor, &resp);
        if (resp)
                protobuf_c_message_free_unpacked(resp, NULL);
        // Forget the token even when the server already ended the session.
        if (rv == 0 || rv == EXIT_AUTH) {
                cli_config_save(cli->server, NULL, cli->ca_file);
                if (rv == 0 && !cli->json)
                        printf("logged out\n");
        }
        return rv;
}

static int whoami(struct cli *cli, struct args *a)
{
        Reinstate__V1__WhoAmIRequest req = REINSTATE__V1__WHO_AM_IREQUEST__INIT;
        Reinstate__V1__WhoAmIResponse *resp = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Auth/WhoAmI", &req.base,
                      &reinstate__v1__who_am_iresponse__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf("%s (%s), %s, id %lld; session until %s\n", resp->coach->email,
                       resp->coach->display_name, resp->coach->role, (long long)resp->coach->id,
                       resp->session_expires_at);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int passwd(struct cli *cli, struct args *a)
{
        Reinstate__V1__ChangePasswordRequest req = REINSTATE__V1__CHANGE_PASSWORD_REQUEST__INIT;
        Reinstate__V1__ChangePasswordResponse *resp = NULL;
        char cur[PASSWORD_MAX_LEN + 2], pw[PASSWORD_MAX_LEN + 2], again[PASSWORD_MAX_LEN + 2];
        int from_stdin = args_has(a, "password-stdin"), rv = EXIT_USAGE;

        if (password_read("current password: ", from_stdin, cur, sizeof(cur)) != 0 ||
            password_read("new password: ", from_stdin, pw, sizeof(pw)) != 0) {
                cli_usage_error("cannot read the passwords");
                goto out;
        }
        if (!from_stdin && (password_read("new password again: ", 0, again, sizeof(again)) != 0 ||
                            strcmp(pw, again) != 0)) {
                cli_usage_error("the new passwords do not match");
                goto out;
        }
        req.current_password = cur;
        req.new_password = pw;
        rv = cli_call(cli, "reinstate.v1.Auth/ChangePassword", &req.base,
                      &reinstate__v1__change_password_response__descriptor,
                      (ProtobufCMessage **)&resp);
        if (rv == 0) {
                if (cli->json)
                        cli_print_json(&resp->base);
                else
                        printf("password changed; %d other session%s ended\n",
                               resp->sessions_revoked, resp->sessions_revoked == 1 ? "" : "s");
                protobuf_c_message_free_unpacked(&resp->base, NULL);
        }
out:
        sodium_memzero(cur, sizeof(cur));
        sodium_memzero(pw, sizeof(pw));
        sodium_memzero(again, sizeof(again));
        return rv;
}

static const struct opt login_opts[] = {
    {.name = "email",
     .type = OPT_STRING,
     .meta = "EMAIL",
     .help = "your e-mail (asked for when not given)"},
    {.name = "password-stdin",
     .type = OPT_FLAG,
     .help = "read the password as the first line of stdin (default: asked without echo)"},
    OPT_END,
};

static const struct opt passwd_opts[] = {
    {.name = "password-stdin",
     .type = OPT_FLAG,
     .help = "read the current and the new password as two lines of stdin"},
    OPT_END,
};

static const struct cli_verb login_verbs[] = {
    {"", login, "start a session (keeps the token in the config file)", login_opts, NULL, NULL,
     "Starts a session and keeps its token in the config file (mode 0600). The password is read "
     "without echo, or as the first line of stdin with --password-stdin."},
};
static const struct cli_verb logout_verbs[] = {
    {"", logout, "end the session", NULL, NULL, NULL,
     "Ends the session on the server and forgets its token."},
};
static const struct cli_verb whoami_verbs[] = {
    {"", whoami, "show who is logged in", NULL, NULL, NULL,
     "Shows who the current session belongs to and until when."},
};
static const struct cli_verb passwd_verbs[] = {
    {"", passwd, "change your password", passwd_opts, NULL, NULL,
     "Changes your password and ends your other sessions."},
};

CLI_NOUN(noun_login, "login", "start a session (keeps the token in the config file)", login_verbs);
CLI_NOUN(noun_logout, "logout", "end the session", logout_verbs);
CLI_NOUN(noun_whoami, "whoami", "show who is logged in", whoami_verbs);
CLI_NOUN(noun_passwd, "passwd", "change your password", passwd_verbs);
