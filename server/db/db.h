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

// The role request connections log in as (the runtime role); created by the
// migrations. Not a superuser, not the owner, a member of no other role.
#define DB_APP_ROLE "reinstate_app"

// conninfo (a URI or key=value string) as a key=value string with user
// and/or password replaced when not NULL. Returns a malloc'd string (free
// it), or NULL when conninfo does not parse or on ENOMEM.
char *db_conninfo_as(const char *conninfo, const char *user, const char *password);

// Where the login proof's key is read from (the owner's conninfo, copied):
// schema/090's rs_login_key, readable by the owner only. Returns 0, -1 on
// ENOMEM. Call once at start.
int db_login_key_source(const char *owner_conninfo);

// "\\x" + 64 hex digits + NUL.
#define DB_PROOF_TEXT_LEN 67

// The proof that the server checked coach_id's password for the session of
// token_hash_text ("\\x..." as sent): HMAC-SHA-256 under the login key,
// as rs_session_open() (schema/090) checks it, in bytea text form. The key
// is read on first use. Returns 0, or -1 when the key cannot be read.
int db_login_proof(int64_t coach_id, const char *token_hash_text, char out[DB_PROOF_TEXT_LEN]);

// Most statements one connection keeps prepared; later ones run unprepared.
// With row-level security and the call-scoping clauses, planning costs
// several times what executing does; a statement prepared once per
// connection is planned once (and PostgreSQL may settle on a generic plan).
#define DB_CACHE_MAX 256

// One request-path connection to PostgreSQL (as DB_APP_ROLE) with its cache
// of prepared statements. It knows nothing of workers or the transport: one
// thread uses it at a time, one call's transaction after another.
struct db_conn;

// A new connection object for conninfo (copied); not connected until
// db_conn_ready. NULL on ENOMEM.
struct db_conn *db_conn_new(const char *conninfo);

// Closes the connection and frees d. NULL is safe.
void db_conn_free(struct db_conn *d);

// Makes d ready for a transaction: keeps an open, idle connection, else
// (re)connects and prepares the statements every call uses. Returns RS_OK,
// setting *reconnected when a new connection was made; or RS_UNAVAILABLE
// with the reason in err.
int db_conn_ready(struct db_conn *d, int *reconnected, char *err, size_t errlen);

// Whether d holds an open connection (0 after a broken one was dropped).
int db_conn_up(const struct db_conn *d);

// Where the call's transaction stands, for the dispatcher's decision.
enum db_tx_state {
        DB_TX_NONE,   // no connection, or outside a transaction
        DB_TX_OPEN,   // inside a transaction that can still commit
        DB_TX_FAILED, // inside a transaction a statement failed
};
enum db_tx_state db_tx_state(const struct db_conn *d);

// Opens the call's transaction in one pipelined round trip: BEGIN, the
// statement timeout from the call's remaining deadline; with session, the
// session check of c->token_hash, which sets the row-level-security context
// and c->actor_*; with claim, the claim of c->request_id for c->method. Binds
// d to c for db_exec. Returns RS_OK (*replayed set when the request_id was
// already claimed: fetch the stored response with db_replay_lookup);
// UNAUTHENTICATED when the session is unknown or expired; or another status
// with the call's message set (a broken connection is dropped: UNAVAILABLE).
int db_tx_open(struct db_conn *d, struct rpc_call *c, int session, int claim, int *replayed);

// Inside a transaction opened with *replayed set: the response stored for
// c->request_id, copied into call memory (*out, *len). Returns RS_OK;
// FAILED_PRECONDITION when the id was used for another method or request, or
// when the reply held a secret shown once (the stored refusal's message);
// ABORTED when the claiming transaction has not committed yet.
int db_replay_lookup(struct db_conn *d, struct rpc_call *c, uint8_t **out, size_t *len);

// Closes the call's transaction in one pipelined round trip: with
// store_response, stores payload as the replay of c->request_id (or, when
// c->replay_refusal is set, that refusal instead of payload); with audit,
// appends c's audit record; then COMMIT. Returns RS_OK only once COMMIT
// succeeded, else a status with the call's message set.
int db_tx_commit(struct db_conn *d, struct rpc_call *c, int store_response, int audit,
                 const uint8_t *payload, size_t plen);

// Ends a read's transaction without waiting for it: COMMIT is sent now and
// its answer read when d is next made ready (db_conn_ready), by which time
// it has long arrived, so the call spares a round trip's wait. Only for
// calls whose reply depends on nothing the transaction wrote.
void db_tx_end_read(struct db_conn *d);

// Rolls the call's transaction back (nothing when none is open); drops a
// broken connection.
void db_tx_abort(struct db_conn *d);

// Connects as the application role and disconnects: whether the database
// answers. Returns RS_OK or RS_UNAVAILABLE with the reason in err.
int db_ping(const char *conninfo, char *err, size_t errlen);

// Opens a connection with conninfo ("" = libpq's PG* environment). With
// as_app set, switches to DB_APP_ROLE. Returns RS_OK and *out, or
// RS_UNAVAILABLE with the reason in err.
int db_connect(PGconn **out, const char *conninfo, int as_app, char *err, size_t errlen);

// Maps a failed result (or a broken connection when r is NULL) to a status
// and a message without SQL, values or PostgreSQL's own text in it (only
// names of our constraints). SQLSTATE classes: 57014 →
// DEADLINE_EXCEEDED, 08/57P → UNAVAILABLE, 23505 → ALREADY_EXISTS, 23503 →
// FAILED_PRECONDITION, 23514/23502/22 → INVALID_ARGUMENT, 40 → ABORTED,
// 42501 → PERMISSION_DENIED, else INTERNAL.
int db_status(PGconn *conn, const PGresult *r, char *msg, size_t msglen);

// db_status's table on its own: the status and message for a SQLSTATE (NULL
// = no answer from the server: UNAVAILABLE), the server's primary message
// and the constraint named (both may be NULL).
int db_status_of(const char *state, const char *primary, const char *constraint, char *msg,
                 size_t msglen);

// Runs one parameterised statement (text parameters, NULL = SQL NULL) inside
// the call's transaction, prepared through its connection's statement cache.
// Returns RS_OK with *out (PQclear it; may be NULL if out is NULL) or a status
// with the call's message set.
int db_exec(struct rpc_call *c, PGresult **out, const char *sql, int nparams,
            const char *const *params);

// Column accessors for a row of a successful result. NULL values read as 0,
// "" or false.
int64_t db_int64(const PGresult *r, int row, int col);
const char *db_text(const PGresult *r, int row, int col);
int db_bool(const PGresult *r, int row, int col);
int db_isnull(const PGresult *r, int row, int col);

#endif
