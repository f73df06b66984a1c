// The command-line client: shared state, the command table types, and the
// helpers every cmd_*.c uses to call the server and print results.
#ifndef RS_CLI_H
#define RS_CLI_H

#include <stdint.h>
#include <stdio.h>
#include <protobuf-c/protobuf-c.h>

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

struct cli {
        char server[512];   // server URL
        char ca_file[1024]; // CA bundle for tls+tcp
        char token[128];    // session token, "" when logged out
        uint32_t timeout_ms;
        int json;               // --json: machine-readable output
        struct rpc_client *rpc; // opened on first call
};

// A noun (git's builtin): runs `reinstate <noun> ...` with argv[0] = noun.
struct cli_command {
        const char *name; // "case"
        int (*run)(struct cli *cli, int argc, char **argv);
        const char *summary; // one line for `reinstate --help`
};

// A verb of a noun: argv[0] = verb.
struct cli_verb {
        const char *name; // "list"
        int (*run)(struct cli *cli, int argc, char **argv);
        const char *usage;   // "list [--closed]"
        const char *summary; // one line
};

// Dispatches argv[1] among verbs; prints the noun's help for --help, no verb
// or an unknown verb (exit 2).
int cli_run_verbs(struct cli *cli, const char *noun, const struct cli_verb *verbs, size_t n,
                  int argc, char **argv);

// Prints the usage of one verb to f.
void cli_verb_usage(FILE *f, const char *noun, const struct cli_verb *v);

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
// (server, token, ca_file, time_zone). Loaded before the environment and
// flags; time_zone (an IANA name) becomes TZ unless TZ is set, so dates and
// times typed as words ("yesterday 15:30") are read in it.
void cli_config_load(struct cli *cli);

// Writes the given keys back (NULL value removes the key); a time_zone line
// is kept. Returns 0 or -1.
int cli_config_save(const char *server, const char *token, const char *ca_file);

// The path of the config file into out.
void cli_config_path(char *out, size_t len);

// Aligned text tables for human output.
struct table;
struct table *table_new(int ncols, ...);    // column headers
void table_row(struct table *t, ...);       // ncols strings (NULL = "")
void table_print(struct table *t, FILE *f); // prints and frees

#endif
