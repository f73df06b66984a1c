// The command table: every noun of `reinstate`, in the order
// `reinstate --help` lists them. A noun's verbs and their rows live in its
// cmd_*.c (docs/cli.md, "Adding a verb or an option").
#include "commands.h"
#include "envelope.h"

// A number as text, for help lines built from the shared defaults.
#define CLI_STR_(x) #x
#define CLI_STR(x)  CLI_STR_(x)

#include "banned.h"

const struct cli_noun *const cli_nouns[] = {
    &noun_health,   &noun_rpc,        &noun_login,    &noun_logout,   &noun_whoami, &noun_passwd,
    &noun_token,    &noun_coach,      &noun_audit,    &noun_client,   &noun_case,   &noun_attempt,
    &noun_note,     &noun_task,       &noun_today,    &noun_settings, &noun_report, &noun_digest,
    &noun_calendar, &noun_outbox,     &noun_search,   &noun_import,   &noun_export, &noun_status,
    &noun_config,   &noun_completion, &noun_complete, &noun_man,      &noun_doc,
};

const size_t cli_n_nouns = CLI_COUNT(cli_nouns);

// The names of enum cli_output, in its order.
const char *const cli_output_names[] = {"table", "wide", "json", "csv", NULL};

// The global options: accepted before the command and after it.
const struct opt cli_global_opts[] = {
    {.name = "server",
     .type = OPT_STRING,
     .meta = "URL",
     .help = "server to talk to: " RS_DEFAULT_URL " (default) or tls+tcp://host:port"},
    {.name = "context",
     .type = OPT_STRING,
     .meta = "NAME",
     .complete = COMP_CONTEXT,
     .help = "the config file's context (server and session) to use; see 'reinstate config'"},
    {.name = "ca-file",
     .type = OPT_STRING,
     .meta = "FILE",
     .complete = COMP_FILE,
     .help = "PEM CA bundle to verify a tls+tcp:// server"},
    {.name = "timeout",
     .type = OPT_INT,
     .min = 1,
     .max = 300000,
     .meta = "MS",
     .help = "deadline of each call in milliseconds, retries included (default " CLI_STR(
         RS_DEFAULT_TIMEOUT_MS) ")"},
    {.name = "output",
     .short_name = 'o',
     .type = OPT_ENUM,
     .values = cli_output_names,
     .meta = "FORMAT",
     .help = "table (fitted to the terminal), wide (every column), json (the response), csv "
             "(lists: RFC 4180 with a header row)"},
    {.name = "json", .type = OPT_FLAG, .help = "the same as -o json"},
    {.name = "no-color", .type = OPT_FLAG, .help = "no colour (also when NO_COLOR is set)"},
    {.name = "no-pager",
     .type = OPT_FLAG,
     .help = "never page (default on a terminal: $REINSTATE_PAGER, $PAGER or less -FRX)"},
    {.name = "version", .type = OPT_FLAG, .help = "print the client's version"},
    OPT_END,
};
