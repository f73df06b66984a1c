// Session commands: login, logout, whoami, passwd. Login stores the server
// address and token in the config file (mode 0600); logout revokes the
// session on the server and forgets the token.
#include <getopt.h>
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

int cmd_login(struct cli *cli, int argc, char **argv)
{
        static const struct option longopts[] = {
            {"email", required_argument, NULL, 'e'},
            {"password-stdin", no_argument, NULL, 's'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__LoginRequest req = REINSTATE__V1__LOGIN_REQUEST__INIT;
        Reinstate__V1__LoginResponse *resp = NULL;
        char email[256] = "", pw[PASSWORD_MAX_LEN + 2];
        int opt, from_stdin = 0, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
                if (opt == 'e') {
                        snprintf(email, sizeof(email), "%s", optarg);
                } else if (opt == 's') {
                        from_stdin = 1;
                } else if (opt == 'h') {
                        printf("usage: reinstate login [--email EMAIL] [--password-stdin]\n\n"
                               "Starts a session and keeps its token in the config file.\n"
                               "The password is read without echo, or as the first line of "
                               "stdin with --password-stdin.\n");
                        return 0;
                } else {
                        return EXIT_USAGE;
                }
        }
        if (optind < argc)
                return cli_usage_error("login takes no arguments (use --email)");
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

int cmd_logout(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__LogoutRequest req = REINSTATE__V1__LOGOUT_REQUEST__INIT;
        ProtobufCMessage *resp = NULL;
        int rv;

        if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                printf("usage: reinstate logout\n\nEnds the session on the server and forgets "
                       "its token.\n");
                return 0;
        }
        if (argc > 1)
                return cli_usage_error("logout takes no arguments");
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

int cmd_whoami(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__WhoAmIRequest req = REINSTATE__V1__WHO_AM_IREQUEST__INIT;
        Reinstate__V1__WhoAmIResponse *resp = NULL;
        int rv;

        if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                printf("usage: reinstate whoami\n\nShows who the current session belongs to.\n");
                return 0;
        }
        if (argc > 1)
                return cli_usage_error("whoami takes no arguments");
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

int cmd_passwd(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__ChangePasswordRequest req = REINSTATE__V1__CHANGE_PASSWORD_REQUEST__INIT;
        Reinstate__V1__ChangePasswordResponse *resp = NULL;
        char cur[PASSWORD_MAX_LEN + 2], pw[PASSWORD_MAX_LEN + 2], again[PASSWORD_MAX_LEN + 2];
        int from_stdin = argc > 1 && strcmp(argv[1], "--password-stdin") == 0, rv = EXIT_USAGE;

        if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
                printf("usage: reinstate passwd [--password-stdin]\n\n"
                       "Changes your password and ends your other sessions. With "
                       "--password-stdin,\nreads the current and the new password as two "
                       "lines of stdin.\n");
                return 0;
        }
        if (argc > 2 || (argc == 2 && !from_stdin))
                return cli_usage_error("usage: reinstate passwd [--password-stdin]");
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
