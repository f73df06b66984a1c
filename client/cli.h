// The command-line client: shared state, the command table types, and the
// helpers every cmd_*.c uses to call the server and print results.
#ifndef RS_CLI_H
#define RS_CLI_H

#include <stdint.h>
#include <stdio.h>
#include <protobuf-c/protobuf-c.h>

#include "opts.h"
#include "rpc_client.h"

// Exit codes, one per status family (documented in docs/cli.md).
enum cli_exit {
        EXIT_OK_ = 0,
        EXIT_FAILURE_ = 1,     // internal or unknown error
        EXIT_USAGE = 2,        // bad command line
        EXIT_INVALID = 3,      // INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE
        EXIT_NOT_FOUND = 4,    // NOT_FOUND
        EXIT_AUTH = 5,         // UNAUTHENTICATED, PERMISSION_DENIED
        EXIT_CONFLICT = 6,     // ALREADY_EXISTS, ABORTED (stale etag)
        EXIT_UNAVAILABLE = 7,  // UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, CANCELLED
        EXIT_UNIMPLEMENTED = 8 // UNIMPLEMENTED: the server does not know the call
};

// How results are printed: -o/--output (--json is -o json).
enum cli_output {
        CLI_OUTPUT_TABLE, // aligned columns fitted to the terminal
        CLI_OUTPUT_WIDE,  // every column, nothing cut
        CLI_OUTPUT_JSON,  // the response message as JSON
        CLI_OUTPUT_CSV,   // list verbs: RFC 4180 with a header row
};

struct cli {
        char server[512];   // server URL
        char ca_file[1024]; // CA bundle for tls+tcp
        char token[128];    // session token, "" when logged out
        uint32_t timeout_ms;
        int json;                // -o json (--json): machine-readable output
        enum cli_output output;  // -o/--output
        struct rpc_client *rpc;  // opened on first call
        const struct args *args; // the verb being run: maps field errors back to its flags
};

// A verb of a noun (tmux's cmd_entry): its rows declare every argument and
// option; the generic parser (opts.c) checks them, fills the request message
// and prints --help, completion and man pages from them.
struct args;
struct cli_verb {
        const char *name; // "list"; "" when the noun is the whole command ("today")
        int (*run)(struct cli *cli, struct args *a);
        const char *summary;                     // one line
        const struct opt *opts;                  // rows, OPT_END-terminated; NULL: none
        const ProtobufCMessageDescriptor *input; // the request the rows fill; NULL: none
        const char *mask;                        // repeated field of input given OPT_MASK fields
        const char *help;                        // a paragraph for --help and man pages, or NULL
        unsigned flags;                          // CLI_HIDDEN
};

// A noun (git's builtin): `reinstate <noun> <verb> ...`, one cmd_*.c each.
struct cli_noun {
        const char *name;             // "case"
        const char *summary;          // one line for `reinstate --help`
        const struct cli_verb *verbs; // its verbs
        size_t n_verbs;
        unsigned flags; // CLI_HIDDEN
};

// Verb and noun flags.
#define CLI_HIDDEN 0x01u // left out of help, completion, man pages and docs
#define CLI_LIST   0x02u // prints one table: -o csv allowed; paged on a terminal
#define CLI_PAGED  0x04u // long output: paged on a terminal
#define CLI_RAW    0x08u // gets its words unparsed (args.p.rest_argv): __complete

// The number of elements of a static array.
#define CLI_COUNT(a) (sizeof(a) / sizeof((a)[0]))

// Defines the noun `var` from its verb table.
#define CLI_NOUN(var, name, summary, verbs)                                                        \
        const struct cli_noun var = {name, summary, verbs, CLI_COUNT(verbs), 0}

// Every noun, in the order `reinstate --help` lists them (commands.c).
extern const struct cli_noun *const cli_nouns[];
extern const size_t cli_n_nouns;

// The names of the output formats, in enum cli_output order, NULL-terminated.
extern const char *const cli_output_names[];

// The global options (commands.c): --server, --timeout, --output...
extern const struct opt cli_global_opts[];

// The parsed command line of one verb, handed to its run function.
struct args {
        const struct cli_noun *noun;
        const struct cli_verb *verb;
        struct opt_parse p;     // values of the verb's rows and of the global rows
        struct opt_arena arena; // memory of the request and normalised values
        ProtobufCMessage *req;  // the verb's input, filled from the rows; NULL without one
};

// The value of row name as typed (dates normalised), or NULL when not given.
const char *args_str(const struct args *a, const char *name);

// Whether row name was given.
int args_has(const struct args *a, const char *name);

// The number of an OPT_INT or OPT_ID row; 0 when not given.
long long args_num(const struct args *a, const char *name);

// Reports a usage mistake the rows cannot express ("give --won or --lost"),
// as the parser words its own: "reinstate: case close: ...". Returns EXIT_USAGE.
int args_error(const struct args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Finds a noun by name; NULL when there is none.
const struct cli_noun *cli_find_noun(const char *name);

// Finds a verb of noun by name; NULL when there is none.
const struct cli_verb *cli_find_verb(const struct cli_noun *noun, const char *name);

// Runs `reinstate <argv...>` (argv[0] is the program): finds the noun and
// verb, parses, fills the request, runs the verb. Returns the exit code.
int cli_main(struct cli *cli, int argc, char **argv);

// Help generated from the tables: the program's, a noun's, a verb's.
void cli_help_top(FILE *f);
void cli_help_noun(FILE *f, const struct cli_noun *n);
void cli_help_verb(FILE *f, const struct cli_noun *n, const struct cli_verb *v);

// The usage line of a verb without "usage: " ("reinstate case show ID").
void cli_usage_line(char *out, size_t len, const struct cli_noun *n, const struct cli_verb *v,
                    int all);

// Calls method with in; on OK sets *out (free with protobuf_c_message_free_unpacked)
// and returns 0. Otherwise prints "reinstate: <message>" (and field errors)
// to stderr and returns the exit code of the status family.
int cli_call(struct cli *cli, const char *method, const ProtobufCMessage *in,
             const ProtobufCMessageDescriptor *out_desc, ProtobufCMessage **out);

// The exit code for a status code.
int cli_exit_code(int status);

// Prints msg as JSON (descriptor-driven) on stdout, with a newline.
void cli_print_json(const ProtobufCMessage *msg);

// Reports a usage error for noun/verb and returns EXIT_USAGE.
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// Config file: $XDG_CONFIG_HOME/reinstate/config (mode 0600), key=value lines
// (server, token, ca_file), one block per context (config.c). Loads the
// context named (NULL: the file's current context, else "default") into
// cli. Returns 0, or -1 when there is no such context.
int cli_config_load(struct cli *cli, const char *context);

// The context the last cli_config_load picked.
const char *cli_config_context(void);

// Writes server, token and ca_file (NULL or "" removes the key) into the
// context in use, keeping the others. Returns 0 or -1.
int cli_config_save(const char *server, const char *token, const char *ca_file);

// Prints "name<TAB>server" for each context whose name starts with prefix.
void cli_config_contexts(const char *prefix);

// The path of the config file into out.
void cli_config_path(char *out, size_t len);

// Tables for human and CSV output (table.c).
struct table;

// Sets how every table prints: the mode, colour (ANSI) on or off, and the
// width to fit in table mode (0: no limit). Called once before the verb runs.
void table_configure(enum cli_output output, int color, int width);

// A table with ncols columns and their headers (copied).
struct table *table_new(int ncols, ...);

// Adds a row of ncols strings (copied; NULL = "").
void table_row(struct table *t, ...);

// Columns from col on are shown only with -o wide and in CSV.
void table_wide_from(struct table *t, int col);

// Marks the last row added: coloured when colour is on.
#define TABLE_MARK_NONE  0
#define TABLE_MARK_ALERT 1 // overdue, failed: red
#define TABLE_MARK_QUIET 2 // done, disabled: dim
void table_mark(struct table *t, int mark);

// Prints the table in the configured mode and frees it.
void table_print(struct table *t, FILE *f);

// Whether free text (titles, summaries around tables) belongs on stdout:
// not in CSV, where stdout holds the table alone.
int cli_text(const struct cli *cli);

#endif
