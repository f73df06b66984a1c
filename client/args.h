// Helpers shared by the case-management commands: parsing ids and dates
// from the command line, the local date and time as the server expects
// them, and List calls that follow page tokens.
#ifndef RS_ARGS_H
#define RS_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "cli.h"

// Today's local date "YYYY-MM-DD" into out (11 bytes).
void args_today(char out[11]);

// The local time now (s NULL or ""), an RFC 3339 timestamp passed through,
// or what a person types (common/when.h: "yesterday 15:30", "friday"; a
// date alone means noon) in the local zone, as RFC 3339 with its offset.
// Says on stderr what a typed value became. Returns 0, or EXIT_USAGE.
int args_when(const char *s, char *out, size_t len);

// A date as typed ("tomorrow", "+3d", "friday", "2026-12-01") in the local
// zone, as "YYYY-MM-DD" in out; says on stderr what a typed value became
// ("--due tomorrow: 2026-11-30 (Monday)"). flag names the option in
// messages. Returns 0, or EXIT_USAGE with the reason.
int args_date(const char *flag, const char *s, char *out, size_t len);

// Page options every list verb takes.
struct list_opts {
        int32_t page_size;      // --page-size: one page only
        const char *page_token; // --page-token: one page only
        int all_pages;          // --all-pages: every page after all, whatever the above
        int one_page;           // without --all-pages: one call, the server's page size when
                                // page_size is 0 (lists of --limit N, newest first)
};

// The page options (OPTS_PAGE rows) given to a list verb.
struct list_opts args_page(const struct args *a);

// The page options of a list of --limit N (one page, the server's size by
// default), --page-token T and OPT_ALL_PAGES (every page, of N rows a call).
struct list_opts args_limit_page(const struct args *a);

// A merged List response: every item of every page (or one page when the
// options ask for one) in one message of the method's output type.
struct list_result {
        ProtobufCMessage *msg;    // the merged response; items borrowed from pages
        ProtobufCMessage **pages; // the responses received
        size_t n_pages;
        void *items; // the merged item array
};

// Calls a List method with req (which has page_size and page_token fields)
// and follows next_page_token until the last page, unless o asks for a
// single page. Returns 0 with *res filled (release with list_result_fini)
// or an exit code.
int args_list(struct cli *cli, const char *method, ProtobufCMessage *req,
              const ProtobufCMessageDescriptor *out_desc, const struct list_opts *o,
              struct list_result *res);

// Releases a list result.
void list_result_fini(struct list_result *res);

// Keeps the command line as typed (argv of main, before anything parses
// it) for args_more. The strings are not copied: argv outlives the call.
void args_save_command(int argc, char **argv);

// When the list stopped early, prints to stderr the command to get the
// next page: the command as typed, filters and global options included,
// with the new --page-token in place of any old one.
void args_more(const ProtobufCMessage *resp);

// Shortens a RFC 3339 timestamp for tables: "2025-03-01 14:30".
const char *args_short_time(const char *ts, char out[17]);

#endif
