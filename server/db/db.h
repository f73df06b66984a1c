// PostgreSQL access for the server: connecting (as the application role,
// which owns no tables, so row-level security applies), converting libpq
// failures to status codes at the boundary, and the parameterised query
// helper handlers use inside the call's transaction.
#ifndef RS_DB_H
#define RS_DB_H

#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "rpc.h"

// The role request connections switch to; created by the migrations.
#define DB_APP_ROLE "reinstate_app"

// A per-connection cache of prepared statements, keyed by SQL text. With
// row-level security and the call-scoping clauses, planning costs several
// times what executing does; a statement prepared once per connection is
// planned once (and PostgreSQL may settle on a generic plan).
struct db_cache;

// Most statements one connection keeps prepared; later ones run unprepared.
#define DB_CACHE_MAX 256

// A new, empty cache (NULL on ENOMEM: statements then run unprepared).
struct db_cache *db_cache_new(void);

// Forgets every statement (the connection they lived on is gone).
void db_cache_reset(struct db_cache *cache);

// Frees the cache. NULL is safe.
void db_cache_free(struct db_cache *cache);

// Looks sql up, preparing it on conn when new. Returns the statement's name
// (owned by the cache), or NULL: when the cache is full or conn is in
// pipeline mode (run the text instead), or when preparing failed, with the
// failed result in *err (PQclear it; err may be NULL).
const char *db_cache_prepare(struct db_cache *cache, PGconn *conn, const char *sql, int nparams,
                             PGresult **err);

// Opens a connection with conninfo ("" = libpq's PG* environment). With
// as_app set, switches to DB_APP_ROLE. Returns RS_OK and *out, or
// RS_UNAVAILABLE with the reason in err.
int db_connect(PGconn **out, const char *conninfo, int as_app, char *err, size_t errlen);

// Maps a failed result (or a broken connection when r is NULL) to a status
// and a message without SQL or values in it. SQLSTATE classes: 57014 →
// DEADLINE_EXCEEDED, 08/57P → UNAVAILABLE, 23505 → ALREADY_EXISTS, 23503 →
// FAILED_PRECONDITION, 23514/23502/22 → INVALID_ARGUMENT, 40 → ABORTED,
// 42501 → PERMISSION_DENIED, else INTERNAL.
int db_status(PGconn *conn, const PGresult *r, char *msg, size_t msglen);

// Runs one parameterised statement (text parameters, NULL = SQL NULL) on the
// call's connection, prepared through the call's statement cache. Returns RS_OK with *out (PQclear
// it; may be NULL if out is NULL) or a status with the call's message set.
int db_exec(struct rpc_call *c, PGresult **out, const char *sql, int nparams,
            const char *const *params);

// Column accessors for a row of a successful result. NULL values read as 0,
// "" or false.
int64_t db_int64(const PGresult *r, int row, int col);
const char *db_text(const PGresult *r, int row, int col);
int db_bool(const PGresult *r, int row, int col);
int db_isnull(const PGresult *r, int row, int col);

#endif
