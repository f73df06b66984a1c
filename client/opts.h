// The command table's rows and the one parser that applies them. Every verb
// declares its positional arguments and options here (git's parse-options,
// tmux's cmd_entry): name, type, required or not, help line and the proto
// field of the verb's request message each fills. The same rows parse the
// command line, check types with one wording for every error, fill the
// request, print --help, and drive completion, man pages and docs/cli.md.
#ifndef RS_OPTS_H
#define RS_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <protobuf-c/protobuf-c.h>

#include "envelope.h"

struct cli;

// What a value must look like. Checked before anything is sent.
enum opt_type {
        OPT_STRING, // any text
        OPT_INT,    // a whole number, within [min, max] when min < max
        OPT_ID,     // a positive whole number: a record's id
        OPT_DATE,   // a calendar day, sent as YYYY-MM-DD
        OPT_TIME,   // a day (noon, local) or an RFC 3339 time, sent as RFC 3339
        OPT_ENUM,   // one of the values of .vocab or .values
        OPT_FLAG,   // no value: true, or .set stored into the field
};

// Vocabularies shared with the server (the playbook's names): an OPT_ENUM
// takes its values from one of these, so the CLI never keeps its own copy.
enum cli_vocab {
        CLI_VOCAB_NONE,
        CLI_VOCAB_STAGE,
        CLI_VOCAB_OUTCOME,
        CLI_VOCAB_LOSS_REASON,
        CLI_VOCAB_OPENING,
        CLI_VOCAB_CHANNEL,
        CLI_VOCAB_CONTACT_ROLE,
        CLI_VOCAB_COUNT,
};

// What a value can be completed with at the shell, beyond enum values.
enum opt_complete {
        COMP_NONE,
        COMP_CASE,   // open cases, with company names (asks the server)
        COMP_CLIENT, // clients (asks the server)
        COMP_COACH,  // coaches (asks the server; admins)
        COMP_TASK,   // open tasks (asks the server)
        COMP_FILE,   // a file name
        COMP_CONTEXT // a context of the config file
};

// Row flags.
#define OPT_REQUIRED   0x01u // must be given
#define OPT_POSITIONAL 0x02u // an argument, in table order, not an --option
#define OPT_HIDDEN     0x04u // parsed but left out of help and completion
#define OPT_MASK       0x08u // its field's name goes into the verb's update mask when given
#define OPT_LOCAL      0x10u // takes the place of the global option of the same name
#define OPT_REST       0x20u // the last positional: takes every further word, joined by spaces
#define OPT_MULTI      0x40u // may be given again: the values, in order, joined by newlines

// One argument or option of a verb.
struct opt {
        const char *name;     // "declined-on" (typed as --declined-on), or "ID" for a positional
        char short_name;      // 'o' for -o, or 0
        enum opt_type type;   // what the value must look like
        unsigned flags;       // OPT_* above
        const char *field;    // proto field it fills in the request ("case.declined_on"), or
                              // NULL when the verb reads it itself (args_str)
        const char *help;     // one line
        const char *meta;     // placeholder in usage ("NAME"); NULL: from the type
        enum cli_vocab vocab; // OPT_ENUM: the shared vocabulary of its values
        const char *const *values;  // OPT_ENUM without a vocabulary: NULL-terminated values
        long long min, max;         // OPT_INT: the accepted range when min < max
        const char *set;            // OPT_FLAG: the value stored in a string field ("closed"), or
                                    // "false" for a bool field (default: true)
        enum opt_complete complete; // dynamic completion of the value
};

// The end of an option table.
#define OPT_END                                                                                    \
        {                                                                                          \
                .name = NULL                                                                       \
        }

// The page options every list verb takes (read by args_list).
#define OPTS_PAGE                                                                                  \
        {.name = "page-size",                                                                      \
         .type = OPT_INT,                                                                          \
         .min = 1,                                                                                 \
         .max = INT32_MAX,                                                                         \
         .meta = "N",                                                                              \
         .help = "one page of N rows (default: every row, " RS_STR(RS_MAX_PAGE_SIZE) " a call)"},  \
            {.name = "page-token",                                                                 \
             .type = OPT_STRING,                                                                   \
             .meta = "T",                                                                          \
             .help = "the page after T (from a previous --page-size list)"},                       \
        {                                                                                          \
                .name = "all-pages", .type = OPT_FLAG,                                             \
                .help = "follow the pages to the end (of --page-size N rows a call)"               \
        }

// --all-pages of the lists of --limit N (read by args_limit_page).
#define OPT_ALL_PAGES                                                                              \
        {                                                                                          \
                .name = "all-pages", .type = OPT_FLAG,                                             \
                .help = "follow the pages to the end (of --limit N rows a call, default " RS_STR(  \
                    RS_MAX_PAGE_SIZE) ")"                                                          \
        }

// The values one parse found: one slot per row of a table.
#define OPTS_MAX 48
struct opt_values {
        const struct opt *opts;  // the table (OPT_END-terminated)
        const char *v[OPTS_MAX]; // the value as sent (normalised), NULL when not given
        long long n[OPTS_MAX];   // OPT_INT / OPT_ID: the number
};

// Call-scoped memory of a parse: sub-messages, normalised values.
struct opt_arena {
        void **blocks;
        size_t n, cap;
};

// Allocates zeroed memory owned by the arena (aborts when out of memory).
void *opt_arena_alloc(struct opt_arena *a, size_t size);

// Copies s into the arena.
char *opt_arena_strdup(struct opt_arena *a, const char *s);

// Frees everything the arena holds.
void opt_arena_fini(struct opt_arena *a);

// The values of an OPT_ENUM row: NULL-terminated, static storage.
const char *const *opt_enum_values(const struct opt *o);

// The values of a vocabulary, NULL-terminated (static storage).
const char *const *cli_vocab_values(enum cli_vocab v);

// The placeholder of a row's value in usage lines ("ID", "DATE", "STAGE").
const char *opt_meta(const struct opt *o);

// Checks and normalises one value of row o into *out (arena memory or s
// itself) and *num. On failure writes the reason ("2026-02-30 is not a date
// (YYYY-MM-DD)") into err and returns -1.
int opt_check_value(const struct opt *o, const char *s, struct opt_arena *a, const char **out,
                    long long *num, char *err, size_t errlen);

// The result of parsing a command line against a verb's table and the
// global options.
struct opt_parse {
        const char *who;          // "case open": prefixes every error
        struct opt_values verb;   // the verb's rows
        struct opt_values global; // the global rows (may be found anywhere before "--")
        int help;                 // --help or -h was given
        int rest_argc;            // CLI_RAW verbs: the words after the verb, unparsed
        char **rest_argv;
};

// Parses argv[0..argc) (the words after the verb) against p->verb.opts,
// falling back to p->global.opts for options. Options take "--name value",
// "--name=value" or "-x value"; "--" ends options. Prints one line
// "reinstate: <who>: <what>" to stderr and returns 2 (the usage exit code)
// on the first mistake; returns 0 otherwise. With --help anywhere, stops,
// sets p->help and returns 0 without checking required rows.
int opt_parse_argv(struct opt_parse *p, struct opt_arena *a, int argc, char **argv);

// Fills the request message req from the rows that name a field: strings,
// integers, booleans and sub-messages on the way ("case.company" allocates
// req->case_ from the arena). Fields of OPT_MASK rows given are appended to
// the repeated string field mask_field when that is not NULL. Returns 0, or
// -1 when a field path does not exist in the message (a table defect).
int opt_fill(const struct opt_values *vals, ProtobufCMessage *req, const char *mask_field,
             struct opt_arena *a);

// Checks that every row's field path exists in desc with a type the row can
// fill. Returns NULL, or a description of the first defect (static buffer).
const char *opt_table_check(const struct opt *opts, const ProtobufCMessageDescriptor *desc);

// The index of row name in a table, or -1.
int opt_index(const struct opt *opts, const char *name);

#endif
