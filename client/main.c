// reinstate: the command-line client. `reinstate <noun> <verb> [args]`.
//
// Global options may appear anywhere before "--": --server, --ca-file,
// --timeout, --json. Settings come from the config file, then the
// environment (REINSTATE_SERVER, REINSTATE_TOKEN, REINSTATE_CA_FILE), then
// flags. Every noun lives in its own cmd_*.c and is listed in one table here.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "commands.h"
#include "envelope.h"
#include "banned.h"

static const struct cli_command commands[] = {
    {"health", cmd_health, "check that the server is up and its database reachable"},
    {"rpc", cmd_rpc, "list the services and methods the server speaks"},
    {"login", cmd_login, "start a session (keeps the token in the config file)"},
    {"logout", cmd_logout, "end the session"},
    {"whoami", cmd_whoami, "show who is logged in"},
    {"passwd", cmd_passwd, "change your password"},
    {"coach", cmd_coach, "manage coaches (admin)"},
    {"audit", cmd_audit, "read the audit log (admin)"},
    {"client", cmd_client, "add, list, show, edit, archive and restore clients"},
    {"case", cmd_case, "open, list, show and move cases (declined offers)"},
    {"attempt", cmd_attempt, "log and list reinstatement attempts on a case"},
    {"note", cmd_note, "add and list a case's coach-only notes"},
    {"task", cmd_task, "add, list and complete tasks"},
    {"today", cmd_today, "your agenda: next steps, tasks and follow-ups due, stale cases"},
    {"settings", cmd_settings, "show or change the playbook's durations"},
    {"report", cmd_report, "funnel and per-coach reports"},
    {"digest", cmd_digest, "your daily digest by mail: when it comes, or send one now"},
    {"calendar", cmd_calendar, "your next steps and tasks as a calendar feed"},
    {"search", cmd_search, "find clients, cases, attempts and notes (typos forgiven)"},
    {"import", cmd_import, "import clients and cases, or attempts, from CSV (--dry-run first)"},
    {"export", cmd_export, "write the agency's data as CSV or JSON files (admin)"},
    {"outbox", cmd_outbox, "outgoing mail: queued, sent and failed (admin)"},
    {"status", cmd_status, "a job seeker's case status, with an access code (no login)"},
};

static void usage(FILE *f)
{
        fprintf(f, "usage: reinstate [--server URL] [--ca-file FILE] [--timeout MS] [--json]\n"
                   "                 <command> [<verb>] [args]\n\ncommands:\n");
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
        fprintf(f, "\nRun 'reinstate <command> --help' for its verbs.\n"
                   "Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid request, 4 not found,\n"
                   "5 not logged in or not allowed, 6 conflict, 7 unavailable (try again),\n"
                   "8 not implemented by the server.\n");
}

// Removes global options from argv, applying them to cli. Returns the new
// argc, or -1 on a malformed option.
static int take_globals(struct cli *cli, int argc, char **argv)
{
        int out = 1;

        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];
                const char *val = NULL;
                size_t n;

                if (strcmp(a, "--") == 0) {
                        while (i < argc)
                                argv[out++] = argv[i++];
                        break;
                }
                if (strcmp(a, "--json") == 0) {
                        cli->json = 1;
                        continue;
                }
                if (strncmp(a, "--server", 8) == 0 || strncmp(a, "--ca-file", 9) == 0 ||
                    strncmp(a, "--timeout", 9) == 0) {
                        const char *eq = strchr(a, '=');
                        n = eq ? (size_t)(eq - a) : strlen(a);
                        if (!((n == 8 && strncmp(a, "--server", 8) == 0) ||
                              (n == 9 && strncmp(a, "--ca-file", 9) == 0) ||
                              (n == 9 && strncmp(a, "--timeout", 9) == 0))) {
                                argv[out++] = argv[i];
                                continue;
                        }
                        if (eq)
                                val = eq + 1;
                        else if (i + 1 < argc)
                                val = argv[++i];
                        else
                                return cli_usage_error("option '%s' needs a value", a), -1;
                        if (strncmp(a, "--server", 8) == 0) {
                                snprintf(cli->server, sizeof(cli->server), "%s", val);
                        } else if (strncmp(a, "--ca-file", 9) == 0) {
                                snprintf(cli->ca_file, sizeof(cli->ca_file), "%s", val);
                        } else {
                                char *end;
                                long ms = strtol(val, &end, 10);
                                if (*end != '\0' || ms < 1 || ms > (long)RS_MAX_TIMEOUT_MS)
                                        return cli_usage_error("--timeout must be 1-%u ms",
                                                               RS_MAX_TIMEOUT_MS),
                                               -1;
                                cli->timeout_ms = (uint32_t)ms;
                        }
                        continue;
                }
                argv[out++] = argv[i];
        }
        argv[out] = NULL;
        return out;
}

static void take_env(struct cli *cli)
{
        const char *v;

        if ((v = getenv("REINSTATE_SERVER")) && v[0])
                snprintf(cli->server, sizeof(cli->server), "%s", v);
        if ((v = getenv("REINSTATE_TOKEN")) && v[0])
                snprintf(cli->token, sizeof(cli->token), "%s", v);
        if ((v = getenv("REINSTATE_CA_FILE")) && v[0])
                snprintf(cli->ca_file, sizeof(cli->ca_file), "%s", v);
}

int main(int argc, char **argv)
{
        struct cli cli;
        int rv = EXIT_USAGE;

        memset(&cli, 0, sizeof(cli));
        snprintf(cli.server, sizeof(cli.server), "%s", RS_DEFAULT_URL);
        cli.timeout_ms = RS_DEFAULT_TIMEOUT_MS;
        args_save_command(argc, argv);
        cli_config_load(&cli);
        take_env(&cli);
        if ((argc = take_globals(&cli, argc, argv)) < 0)
                return EXIT_USAGE;
        if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
            strcmp(argv[1], "help") == 0) {
                usage(argc < 2 ? stderr : stdout);
                return argc < 2 ? EXIT_USAGE : 0;
        }
        if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
                printf("reinstate %s\n", REINSTATE_VERSION);
                return 0;
        }
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
                if (strcmp(argv[1], commands[i].name) == 0) {
                        rv = commands[i].run(&cli, argc - 1, argv + 1);
                        goto out;
                }
        }
        fprintf(stderr, "reinstate: unknown command '%s'\n\n", argv[1]);
        usage(stderr);
out:
        rpc_client_close(cli.rpc);
        return rv;
}
