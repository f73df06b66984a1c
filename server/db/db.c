// The libpq boundary: connecting, SQLSTATE → status conversion, the
// statement cache, and the transaction protocol around every call.
//
// A database call is one transaction. Its opening round trip is a libpq
// pipeline: BEGIN, the statement timeout from the remaining deadline, the
// session check that also sets the row-level-security context, and the
// request_id claim for mutations. Its closing round trip stores the response
// for replays, appends the audit record and commits. The statements of both
// are prepared once per connection (a pipeline cannot prepare as it goes).
#include "db.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "log.h"
#include "banned.h"

int db_connect(PGconn **out, const char *conninfo, int as_app, char *err, size_t errlen)
{
        PGconn *conn = PQconnectdb(conninfo);
        PGresult *r = NULL;

        *out = NULL;
        if (PQstatus(conn) != CONNECTION_OK) {
                const char *m = PQerrorMessage(conn);
                size_t n = strcspn(m, "\n");
                snprintf(err, errlen, "cannot connect to database: %.*s", (int)n, m);
                PQfinish(conn);
                return RS_UNAVAILABLE;
        }
        if (as_app) {
                // The login role is the app role itself: nothing to switch
                // to, and RESET ROLE has nothing to return to.
                r = PQexec(conn, "SET application_name = 'reinstated'");
                if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                        snprintf(err, errlen, "cannot set up the connection: %s",
                                 PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
                        PQclear(r);
                        PQfinish(conn);
                        return RS_UNAVAILABLE;
                }
                PQclear(r);
        }
        *out = conn;
        return RS_OK;
}

char *db_conninfo_as(const char *conninfo, const char *user, const char *password)
{
        PQconninfoOption *opts = PQconninfoParse(conninfo ? conninfo : "", NULL);
        struct buf b = BUF_INIT(8192);
        char *out = NULL;
        int bad = 0;

        if (opts == NULL)
                return NULL;
        for (PQconninfoOption *o = opts; o->keyword; o++) {
                const char *v = o->val;

                if (user && strcmp(o->keyword, "user") == 0)
                        v = user;
                else if (password && strcmp(o->keyword, "password") == 0)
                        v = password;
                if (v == NULL)
                        continue;
                bad |= buf_printf(&b, "%s%s='", b.len ? " " : "", o->keyword);
                for (const char *p = v; *p; p++) {
                        if (*p == '\\' || *p == '\'')
                                bad |= buf_add(&b, "\\", 1);
                        bad |= buf_add(&b, p, 1);
                }
                bad |= buf_adds(&b, "'");
        }
        if (!bad)
                out = strdup(buf_str(&b));
        if (b.ptr)
                sodium_memzero(b.ptr, b.cap);
        buf_fini(&b);
        PQconninfoFree(opts);
        return out;
}

// The login proof's key, read once from the owner's connection.
static struct {
        pthread_mutex_t lock;
        char *conninfo;
        unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
        int loaded;
} login_key = {PTHREAD_MUTEX_INITIALIZER, NULL, {0}, 0};

int db_login_key_source(const char *owner_conninfo)
{
        pthread_mutex_lock(&login_key.lock);
        free(login_key.conninfo);
        login_key.conninfo = strdup(owner_conninfo ? owner_conninfo : "");
        pthread_mutex_unlock(&login_key.lock);
        return login_key.conninfo ? 0 : -1;
}

static int login_key_load(void)
{
        PGconn *conn = NULL;
        PGresult *r = NULL;
        char err[256];
        int rv = -1;

        if (login_key.loaded)
                return 0;
        if (login_key.conninfo == NULL ||
            db_connect(&conn, login_key.conninfo, 0, err, sizeof(err)) != RS_OK) {
                log_error("login key: %s", login_key.conninfo ? err : "no owner connection");
                return -1;
        }
        r = PQexecParams(conn, "SELECT key FROM rs_login_key", 0, NULL, NULL, NULL, NULL, 1);
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
            PQgetlength(r, 0, 0) == (int)sizeof(login_key.key)) {
                memcpy(login_key.key, PQgetvalue(r, 0, 0), sizeof(login_key.key));
                login_key.loaded = 1;
                rv = 0;
        } else {
                log_error("login key: cannot read rs_login_key (migrations applied?)");
        }
        PQclear(r);
        PQfinish(conn);
        return rv;
}

int db_login_proof(int64_t coach_id, const char *token_hash_text, char out[DB_PROOF_TEXT_LEN])
{
        unsigned char mac[crypto_auth_hmacsha256_BYTES];
        char msg[128];
        int n, rv;

        pthread_mutex_lock(&login_key.lock);
        rv = login_key_load();
        pthread_mutex_unlock(&login_key.lock);
        if (rv != 0)
                return -1;
        n = snprintf(msg, sizeof(msg), "%lld:%s", (long long)coach_id, token_hash_text);
        if (n < 0 || (size_t)n >= sizeof(msg))
                return -1;
        crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n,
                               login_key.key);
        out[0] = '\\';
        out[1] = 'x';
        sodium_bin2hex(out + 2, DB_PROOF_TEXT_LEN - 2, mac, sizeof(mac));
        return 0;
}

int db_status(PGconn *conn, const PGresult *r, char *msg, size_t msglen)
{
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

        if (conn == NULL || PQstatus(conn) != CONNECTION_OK)
                state = NULL;
        return db_status_of(state, r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL,
                            r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL, msg, msglen);
}

int db_status_of(const char *state, const char *primary, const char *constraint, char *msg,
                 size_t msglen)
{
        if (state == NULL) {
                snprintf(msg, msglen, "database is unavailable");
                return RS_UNAVAILABLE;
        }
        if (strcmp(state, "57014") == 0) {
                snprintf(msg, msglen, "deadline exceeded while waiting for the database");
                return RS_DEADLINE_EXCEEDED;
        }
        if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
            strcmp(state, "53300") == 0) {
                snprintf(msg, msglen, "database is unavailable");
                return RS_UNAVAILABLE;
        }
        if (strcmp(state, "23505") == 0) {
                snprintf(msg, msglen, "already exists (%s)", constraint ? constraint : "unique");
                return RS_ALREADY_EXISTS;
        }
        if (strcmp(state, "23503") == 0) {
                snprintf(msg, msglen, "a referenced record does not exist (%s)",
                         constraint ? constraint : "foreign key");
                return RS_FAILED_PRECONDITION;
        }
        if (strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0 ||
            strncmp(state, "22", 2) == 0) {
                // PostgreSQL's own text (which echoes the value) stays in
                // the server's log (db_exec); the client learns the
                // constraint, which is ours, or nothing more.
                if (constraint)
                        snprintf(msg, msglen, "invalid value (%s)", constraint);
                else
                        snprintf(msg, msglen, "invalid value");
                return RS_INVALID_ARGUMENT;
        }
        if (strncmp(state, "40", 2) == 0) {
                snprintf(msg, msglen, "concurrent change, try again");
                return RS_ABORTED;
        }
        if (strcmp(state, "42501") == 0) {
                snprintf(msg, msglen, "permission denied");
                return RS_PERMISSION_DENIED;
        }
        log_error("unexpected database error %s: %s", state, primary ? primary : "");
        snprintf(msg, msglen, "internal error");
        return RS_INTERNAL;
}

// A per-connection cache of prepared statements, keyed by SQL text.
struct db_stmt {
        uint64_t hash;
        char *sql;
        char name[16];
};

struct db_cache {
        struct db_stmt stmts[DB_CACHE_MAX];
        int n;
        unsigned generation; // names stay unique across resets of one cache
};

static struct db_cache *db_cache_new(void)
{
        return calloc(1, sizeof(struct db_cache));
}

static void db_cache_reset(struct db_cache *cache)
{
        if (cache == NULL)
                return;
        for (int i = 0; i < cache->n; i++)
                free(cache->stmts[i].sql);
        cache->n = 0;
        cache->generation++;
}

static void db_cache_free(struct db_cache *cache)
{
        db_cache_reset(cache);
        free(cache);
}

static uint64_t fnv1a(const char *s)
{
        uint64_t h = 1469598103934665603ull;

        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 1099511628211ull;
        return h;
}

// Looks sql up, preparing it on conn when new. Returns the statement's name
// (owned by the cache), or NULL: when the cache is full or conn is in
// pipeline mode (run the text instead), or when preparing failed, with the
// failed result in *err (PQclear it; err may be NULL).
static const char *db_cache_prepare(struct db_cache *cache, PGconn *conn, const char *sql,
                                    int nparams, PGresult **err)
{
        uint64_t h;
        struct db_stmt *st;
        PGresult *r;

        if (err)
                *err = NULL;
        if (cache == NULL)
                return NULL;
        h = fnv1a(sql);
        for (int i = 0; i < cache->n; i++)
                if (cache->stmts[i].hash == h && strcmp(cache->stmts[i].sql, sql) == 0)
                        return cache->stmts[i].name;
        if (cache->n == DB_CACHE_MAX || PQpipelineStatus(conn) != PQ_PIPELINE_OFF)
                return NULL;
        st = &cache->stmts[cache->n];
        snprintf(st->name, sizeof(st->name), "rs%u_%d", cache->generation % 1000, cache->n);
        r = PQprepare(conn, st->name, sql, nparams, NULL);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                if (err)
                        *err = r;
                else
                        PQclear(r);
                return NULL;
        }
        PQclear(r);
        if ((st->sql = strdup(sql)) == NULL)
                return NULL; // prepared but not remembered: harmless
        st->hash = h;
        cache->n++;
        return st->name;
}

// --- the transaction protocol around a call ---

struct db_conn {
        char *conninfo;
        PGconn *pg;             // NULL when not connected
        struct db_cache *cache; // statements prepared on pg
        int commit_pending;     // a read's COMMIT sent, its answer not yet read
};

// The statements of every call's opening and closing round trips.
enum fixed_stmt {
        FS_BEGIN,
        FS_TIMEOUT,
        FS_AUTH,
        FS_SCOPE,
        FS_CLAIM,
        FS_STORE,
        FS_AUDIT,
        FS_COMMIT,
        FS_COUNT
};

static const struct {
        const char *sql;
        int nparams;
} fixed_sql[FS_COUNT] = {
    // BEGIN and COMMIT prepared too: sent as text they are parsed and
    // planned again on every call.
    [FS_BEGIN] = {"BEGIN", 0},
    [FS_COMMIT] = {"COMMIT", 0},
    [FS_TIMEOUT] = {"SELECT set_config('statement_timeout', $1, true)", 1},
    [FS_AUTH] = {"SELECT coach_id, role, email FROM rs_authenticate($1)", 1},
    [FS_SCOPE] = {"SELECT coalesce(rs_token_scope($1), true)", 1},
    // Claimed only once the session check found a coach: an unauthenticated
    // call claims nothing (and makes no row-level-security error in the
    // database's log). The request's hash is kept for db_replay_lookup.
    [FS_CLAIM] = {"INSERT INTO idempotency (coach_id, request_id, method, request_hash) "
                  "SELECT a, $1, $2, $3::bytea FROM (SELECT rs_actor() AS a) x "
                  "WHERE a IS NOT NULL ON CONFLICT DO NOTHING RETURNING true",
                  3},
    // A reply with a secret shown once is not stored: the refusal a replay
    // gets is, in its stead (rpc_call.replay_refusal, schema/100).
    [FS_STORE] = {"UPDATE idempotency SET response = $2, replay_refusal = $3 "
                  "WHERE coach_id = rs_actor() AND request_id = $1",
                  3},
    [FS_AUDIT] = {"INSERT INTO audit_log (actor_id, method, record, request_id, summary) "
                  "VALUES (rs_actor(), $1, $2, $3, $4)",
                  4},
};

struct db_conn *db_conn_new(const char *conninfo)
{
        struct db_conn *d = calloc(1, sizeof(*d));

        if (d == NULL)
                return NULL;
        d->conninfo = strdup(conninfo ? conninfo : "");
        d->cache = db_cache_new();
        if (d->conninfo == NULL || d->cache == NULL) {
                db_conn_free(d);
                return NULL;
        }
        return d;
}

static void conn_drop(struct db_conn *d)
{
        if (d->pg) {
                PQfinish(d->pg);
                d->pg = NULL;
        }
        db_cache_reset(d->cache);
}

void db_conn_free(struct db_conn *d)
{
        if (d == NULL)
                return;
        conn_drop(d);
        db_cache_free(d->cache);
        free(d->conninfo);
        free(d);
}

int db_conn_up(const struct db_conn *d)
{
        return d->pg != NULL;
}

static int pipe_finish(struct db_conn *d);

int db_conn_ready(struct db_conn *d, int *reconnected, char *err, size_t errlen)
{
        *reconnected = 0;
        if (d->commit_pending) {
                // The previous read's COMMIT (db_tx_end_read): a failure there
                // changes nothing that call answered.
                PGresult *r;
                d->commit_pending = 0;
                while (d->pg && (r = PQgetResult(d->pg)) != NULL) // COMMIT's answer
                        PQclear(r);
                if (d->pg && !pipe_finish(d))
                        conn_drop(d);
        }
        if (d->pg && PQstatus(d->pg) == CONNECTION_OK && PQtransactionStatus(d->pg) == PQTRANS_IDLE)
                return RS_OK;
        conn_drop(d);
        if (db_connect(&d->pg, d->conninfo, 1, err, errlen) != RS_OK)
                return RS_UNAVAILABLE;
        *reconnected = 1;
        for (int i = 0; i < FS_COUNT; i++)
                db_cache_prepare(d->cache, d->pg, fixed_sql[i].sql, fixed_sql[i].nparams, NULL);
        return RS_OK;
}

enum db_tx_state db_tx_state(const struct db_conn *d)
{
        if (d->pg == NULL)
                return DB_TX_NONE;
        switch (PQtransactionStatus(d->pg)) {
        case PQTRANS_INTRANS:
                return DB_TX_OPEN;
        case PQTRANS_INERROR:
                return DB_TX_FAILED;
        default:
                return DB_TX_NONE;
        }
}

int db_ping(const char *conninfo, char *err, size_t errlen)
{
        PGconn *conn = NULL;

        if (db_connect(&conn, conninfo, 1, err, errlen) != RS_OK)
                return RS_UNAVAILABLE;
        PQfinish(conn);
        return RS_OK;
}

// Queues one of the fixed statements in the pipeline: prepared when the
// cache has it, else with its text.
static void send_fixed(struct db_conn *d, enum fixed_stmt which, const char *const *params,
                       const int *lens, const int *fmts)
{
        const char *name =
            db_cache_prepare(d->cache, d->pg, fixed_sql[which].sql, fixed_sql[which].nparams, NULL);

        if (name)
                PQsendQueryPrepared(d->pg, name, fixed_sql[which].nparams, params, lens, fmts, 0);
        else
                PQsendQueryParams(d->pg, fixed_sql[which].sql, fixed_sql[which].nparams, NULL,
                                  params, lens, fmts, 0);
}

// A failure on the connection itself poisons it: drop it so the next call
// reconnects.
static int conn_failed(struct db_conn *d, struct rpc_call *c, const PGresult *r)
{
        int code = db_status(d->pg, r, c->message, sizeof(c->message));

        if (PQstatus(d->pg) != CONNECTION_OK) {
                conn_drop(d);
                c->retry_after_ms = 1000;
                return rpc_fail(c, RS_UNAVAILABLE, "database is unavailable");
        }
        return code;
}

// Reads one pipelined result; returns it (PQclear) or NULL on a failed one,
// with *code set (the first failure wins).
static PGresult *pipe_result(struct db_conn *d, struct rpc_call *c, int *code)
{
        PGresult *r = PQgetResult(d->pg), *extra;
        ExecStatusType st;

        if (r == NULL) {
                *code = conn_failed(d, c, NULL);
                return NULL;
        }
        // Each query's results end with a NULL.
        while ((extra = PQgetResult(d->pg)) != NULL)
                PQclear(extra);
        st = PQresultStatus(r);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
                return r;
        if (*code == RS_OK)
                *code = st == PGRES_PIPELINE_ABORTED ? RS_INTERNAL : conn_failed(d, c, r);
        PQclear(r);
        return NULL;
}

// Drains the pipeline to its sync point and leaves pipeline mode. Returns 1,
// or 0 when the connection could not leave it.
static int pipe_finish(struct db_conn *d)
{
        PGresult *r;

        if (d->pg == NULL)
                return 0;
        while ((r = PQgetResult(d->pg)) != NULL) {
                if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
                        PQclear(r);
                        break;
                }
                PQclear(r);
        }
        return PQexitPipelineMode(d->pg) == 1;
}

int db_tx_open(struct db_conn *d, struct rpc_call *c, int session, int claim, int *replayed)
{
        char timeout[24];
        const char *p_to[1] = {timeout};
        const char *p_auth[1] = {c->token_hash};
        const char *p_claim[3] = {c->request_id, c->method, c->request_hash};
        int code = RS_OK;
        PGresult *r;

        *replayed = 0;
        c->db = d;
        // statement_timeout 0 would mean "no limit": never send it.
        snprintf(timeout, sizeof(timeout), "%llu",
                 (unsigned long long)(rpc_remaining_ms(c) ? rpc_remaining_ms(c) : 1));
        if (PQenterPipelineMode(d->pg) != 1)
                return conn_failed(d, c, NULL);
        send_fixed(d, FS_BEGIN, NULL, NULL, NULL);
        send_fixed(d, FS_TIMEOUT, p_to, NULL, NULL);
        if (session)
                send_fixed(d, FS_AUTH, p_auth, NULL, NULL);
        if (session && c->api_token)
                send_fixed(d, FS_SCOPE, p_auth, NULL, NULL);
        if (claim)
                send_fixed(d, FS_CLAIM, p_claim, NULL, NULL);
        if (PQpipelineSync(d->pg) != 1) {
                code = conn_failed(d, c, NULL);
                pipe_finish(d);
                return code;
        }
        for (int i = 0; i < 2 && d->pg; i++) {
                r = pipe_result(d, c, &code);
                PQclear(r);
        }
        if (session && d->pg) {
                r = pipe_result(d, c, &code);
                if (r && PQntuples(r) == 1) {
                        c->actor_id = db_int64(r, 0, 0);
                        c->actor_role = strcmp(db_text(r, 0, 1), "admin") == 0 ? RPC_ROLE_ADMIN
                                                                               : RPC_ROLE_COACH;
                        snprintf(c->actor_email, sizeof(c->actor_email), "%s", db_text(r, 0, 2));
                } else if (r && code == RS_OK) {
                        code = rpc_fail(c, RS_UNAUTHENTICATED, "session is invalid or has expired");
                }
                PQclear(r);
        }
        if (session && c->api_token && d->pg) {
                // An unreadable scope counts as read-only: never more rights.
                r = pipe_result(d, c, &code);
                c->read_only = r == NULL || PQntuples(r) != 1 || db_bool(r, 0, 0);
                PQclear(r);
        }
        if (claim && d->pg) {
                r = pipe_result(d, c, &code);
                if (r && code == RS_OK && PQntuples(r) == 0)
                        *replayed = 1;
                PQclear(r);
        }
        if (!pipe_finish(d) && code == RS_OK)
                code = conn_failed(d, c, NULL);
        return code;
}

int db_replay_lookup(struct db_conn *d, struct rpc_call *c, uint8_t **out, size_t *len)
{
        // Another transaction used this id and committed: return what it
        // returned, unless it was another method or another request (rows
        // claimed before schema/091 have no hash: replayed as before).
        const char *p[2] = {c->request_id, c->request_hash};
        PGresult *r = PQexecParams(d->pg,
                                   "SELECT method, response, request_hash IS NULL OR "
                                   "request_hash = $2::bytea, replay_refusal FROM idempotency "
                                   "WHERE coach_id = rs_actor() AND request_id = $1",
                                   2, NULL, p, NULL, NULL, 1);
        int code = RS_OK;

        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
                code = PQresultStatus(r) == PGRES_TUPLES_OK
                           ? rpc_fail(c, RS_ABORTED, "request_id is being used, retry")
                           : conn_failed(d, c, r);
        } else if (strcmp(PQgetvalue(r, 0, 0), c->method) != 0) {
                code =
                    rpc_fail(c, RS_FAILED_PRECONDITION, "request_id '%s' was already used for %s",
                             c->request_id, PQgetvalue(r, 0, 0));
        } else if (PQgetlength(r, 0, 2) != 1 || PQgetvalue(r, 0, 2)[0] != 1) {
                // Binary result: a boolean is one byte, 1 for true.
                code = rpc_fail(c, RS_FAILED_PRECONDITION,
                                "request_id reused with a different request");
        } else if (!PQgetisnull(r, 0, 3)) {
                // The reply held a secret shown once (an access code).
                code = rpc_fail(c, RS_FAILED_PRECONDITION, "%s", PQgetvalue(r, 0, 3));
        } else {
                *len = (size_t)PQgetlength(r, 0, 1);
                *out = rpc_alloc(c, *len + 1);
                memcpy(*out, PQgetvalue(r, 0, 1), *len);
        }
        PQclear(r);
        return code;
}

void db_tx_end_read(struct db_conn *d)
{
        if (d->pg == NULL)
                return;
        if (PQenterPipelineMode(d->pg) == 1) {
                send_fixed(d, FS_COMMIT, NULL, NULL, NULL);
                if (PQpipelineSync(d->pg) == 1) {
                        d->commit_pending = 1;
                        return;
                }
        }
        conn_drop(d);
}

void db_tx_abort(struct db_conn *d)
{
        PGresult *r;

        if (d->pg == NULL || PQtransactionStatus(d->pg) == PQTRANS_IDLE)
                return;
        r = PQexec(d->pg, "ROLLBACK");
        PQclear(r);
        if (PQstatus(d->pg) != CONNECTION_OK)
                conn_drop(d);
}

int db_tx_commit(struct db_conn *d, struct rpc_call *c, int store_response, int audit,
                 const uint8_t *payload, size_t plen)
{
        const char *p_store[3] = {c->request_id, c->replay_refusal ? NULL : (const char *)payload,
                                  c->replay_refusal};
        int lens[3] = {0, (int)plen, 0}, fmts[3] = {0, 1, 0};
        const char *p_audit[4] = {c->method, c->audit_record, c->request_id,
                                  c->audit_summary ? c->audit_summary : ""};
        int code = RS_OK, n = 1;
        PGresult *r;

        if (PQenterPipelineMode(d->pg) != 1)
                return conn_failed(d, c, NULL);
        if (store_response) {
                send_fixed(d, FS_STORE, p_store, lens, fmts);
                n++;
        }
        if (audit) {
                send_fixed(d, FS_AUDIT, p_audit, NULL, NULL);
                n++;
        }
        send_fixed(d, FS_COMMIT, NULL, NULL, NULL);
        if (PQpipelineSync(d->pg) != 1) {
                code = conn_failed(d, c, NULL);
                pipe_finish(d);
                return code;
        }
        for (int i = 0; i < n && d->pg; i++) {
                r = pipe_result(d, c, &code);
                PQclear(r);
        }
        if (!pipe_finish(d) && code == RS_OK)
                code = conn_failed(d, c, NULL);
        return code;
}

int db_exec(struct rpc_call *c, PGresult **out, const char *sql, int nparams,
            const char *const *params)
{
        PGresult *failed = NULL;
        PGconn *pg = c->db->pg;
        const char *name = db_cache_prepare(c->db->cache, pg, sql, nparams, &failed);
        PGresult *r = failed ? failed
                      : name ? PQexecPrepared(pg, name, nparams, params, NULL, NULL, 0)
                             : PQexecParams(pg, sql, nparams, NULL, params, NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(r);
        int code;

        if (out)
                *out = NULL;
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
                if (out)
                        *out = r;
                else
                        PQclear(r);
                return RS_OK;
        }
        code = db_status(pg, r, c->message, sizeof(c->message));
        log_warn(
            "database error request_id=%s method=%s sqlstate=%s: %s",
            c->request_id && c->request_id[0] ? c->request_id : "-", c->method ? c->method : "-",
            PQresultErrorField(r, PG_DIAG_SQLSTATE) ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : "-",
            PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                : PQerrorMessage(pg));
        PQclear(r);
        return code;
}

int64_t db_int64(const PGresult *r, int row, int col)
{
        return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

const char *db_text(const PGresult *r, int row, int col)
{
        return PQgetvalue(r, row, col);
}

int db_bool(const PGresult *r, int row, int col)
{
        return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

int db_isnull(const PGresult *r, int row, int col)
{
        return PQgetisnull(r, row, col);
}
