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

// The local time now, or a date "YYYY-MM-DD" at noon local time, or an RFC
// 3339 timestamp passed through, as RFC 3339 with the local offset.
// Returns 0, or -1 for a malformed value (nothing printed).
int args_when(const char *s, char *out, size_t len);

// Page options every list verb takes.
struct list_opts {
        int32_t page_size;      // --page-size: one page only
        const char *page_token; // --page-token: one page only
};

// The page options (OPTS_PAGE rows) given to a list verb.
struct list_opts args_page(const struct args *a);

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

// Prints the next page token to stderr when the list stopped early.
void args_more(const ProtobufCMessage *resp, const char *again);

// Shortens a RFC 3339 timestamp for tables: "2025-03-01 14:30".
const char *args_short_time(const char *ts, char out[17]);

#endif
