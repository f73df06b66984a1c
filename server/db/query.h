// Building parameterised SQL for list calls whose WHERE clause depends on
// the filters given: text is appended to a bounded buffer, values become
// numbered parameters. Also the caller-scoping parameters every handler adds
// to its statements (row-level security is the second lock, not the only
// one).
#ifndef RS_QUERY_H
#define RS_QUERY_H

#include <stdint.h>
#include <libpq-fe.h>

#include "buf.h"
#include "rpc.h"

#define QUERY_MAX_PARAMS 24
#define QUERY_MAX_TEXT   16384 // bytes of statement text

struct query {
        struct buf sql;                       // the statement so far
        const char *params[QUERY_MAX_PARAMS]; // values (call memory or static)
        int n;                                // parameters used
        struct rpc_call *call;                // where values are allocated
};

// Starts a query with fixed text. Release with query_fini.
void query_init(struct query *q, struct rpc_call *c, const char *sql);

// Releases the statement text.
void query_fini(struct query *q);

// Appends printf-style text; "$$" in fmt is replaced by the next parameter
// number, whose value is `value` (NULL = SQL NULL). Only one "$$" per call.
void query_add(struct query *q, const char *fmt, const char *value);

// Appends text without parameters.
void query_text(struct query *q, const char *text);

// Runs the statement on the call's connection (db_exec). Fails with
// RS_INTERNAL if the text or parameters overflowed.
int query_exec(struct query *q, PGresult **out);

// The caller's id as text, for `coach_id = $n`. Call memory.
const char *scope_actor(struct rpc_call *c);

// "t" for admins, "f" otherwise, for `($n::boolean OR coach_id = $m)`.
const char *scope_admin(const struct rpc_call *c);

// Runs sql with $1 = id, $2 = scope_admin(c), $3 = scope_actor(c) (the
// caller's own row, or any for an admin) and expects exactly one row in *out;
// otherwise fails with RS_NOT_FOUND "<kind> '<id>' not found" (*out cleared).
int query_owned_row(struct rpc_call *c, PGresult **out, const char *sql, const char *kind,
                    int64_t id);

// An int64 as text in call memory.
const char *query_int(struct rpc_call *c, int64_t v);

// A string parameter that is SQL NULL when empty.
const char *query_nullable(const char *s);

// The etag of a row at `version` ("3"), in call memory.
const char *etag_of(struct rpc_call *c, int64_t version);

// Compares a client's etag with the row's: "" given skips the check.
// Returns RS_OK or RS_ABORTED "<kind> '<id>' was changed by someone else
// (etag mismatch)".
int etag_check(struct rpc_call *c, const char *kind, int64_t id, const char *current,
               const char *given);

#endif
