// The request path.
//
// One REP socket, N workers. Each worker owns a thread, a PostgreSQL
// connection and a few nng contexts (slots), so nothing on the request path
// is shared beyond atomic counters. The aio callback decodes the envelope and
// answers at once when it can (errors, RPC_INLINE methods such as health and
// reflection: no thread hop); database calls are handed to the worker's own
// thread, because aio callbacks must never block.
//
// A database call is one transaction. Its opening round trip is a libpq
// pipeline: BEGIN, the statement timeout from the remaining deadline, the
// session check that also sets the row-level-security context, and the
// request_id claim for mutations. Its closing round trip stores the response
// for replays, appends the audit record and commits. A write is acknowledged
// only after COMMIT succeeded.
#include "server.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/supplemental/tls/tls.h>
#include <nng/supplemental/util/platform.h>

#include "auth.h"
#include "clock.h"
#include "db.h"
#include "envelope.h"
#include "log.h"
#include "rpc.h"
#include "status.h"
#include "wirecheck.h"
#include "banned.h"

enum slot_state { S_RECV, S_SEND };

struct worker;

// One nng context and the call it is serving. A worker owns several slots,
// so inline calls keep flowing while its thread waits on the database.
struct slot {
        struct worker *w;
        nng_ctx ctx;
        nng_aio *aio;
        enum slot_state state;
        uint64_t t0;                 // when the request arrived
        uint32_t pipe_id;            // the connection it came on
        Reinstate__V1__Request *req; // the call handed to the thread
        const struct rpc_method *method;
        const ProtobufCMethodDescriptor *md;
        struct slot *next; // in the worker's queue
};

struct worker {
        struct server *srv;
        int id;
        struct slot *slots;
        int n_slots;
        // Database calls waiting for the thread; guarded by mtx.
        nng_mtx *mtx;
        nng_cv *cv;
        struct slot *head, *tail;
        atomic_int load; // calls queued or running here
        int quit;
        nng_thread *thr;
        PGconn *pg;             // used by the worker thread only
        struct db_cache *cache; // statements prepared on pg
};

struct server {
        struct server_opts opts;
        nng_socket sock;
        nng_listener listeners[SERVER_MAX_LISTEN];
        int n_listeners;
        nng_tls_config *tls;
        struct worker *workers;
        int n_workers;
        int slots_per_worker;
        atomic_int draining;
        atomic_int db_ok;
        atomic_int inflight;
        atomic_int stop_monitor;
        nng_thread *monitor;
};

int server_draining(const struct server *s)
{
        return atomic_load(&s->draining);
}

int server_db_ok(const struct server *s)
{
        return atomic_load(&s->db_ok);
}

// --- responses ---

static nng_msg *build_response(int code, const char *message, const struct rpc_call *c,
                               const char *request_id, const uint8_t *payload, size_t plen)
{
        Reinstate__V1__Response resp = REINSTATE__V1__RESPONSE__INIT;
        Reinstate__V1__FieldViolation fv[8], *fvp[8];
        nng_msg *msg = NULL;
        size_t n;

        resp.code = code;
        resp.message = (char *)(message ? message : "");
        resp.request_id = (char *)(request_id ? request_id : "");
        if (c) {
                resp.retry_after_ms = c->retry_after_ms;
                for (size_t i = 0; i < c->n_violations && i < 8; i++) {
                        reinstate__v1__field_violation__init(&fv[i]);
                        fv[i].field = (char *)c->violations[i][0];
                        fv[i].description = (char *)c->violations[i][1];
                        fvp[i] = &fv[i];
                }
                resp.n_field_violations = c->n_violations;
                resp.field_violations = fvp;
        }
        if (code == RS_OK && payload) {
                resp.payload.data = (uint8_t *)payload;
                resp.payload.len = plen;
        }
        n = reinstate__v1__response__get_packed_size(&resp);
        if (nng_msg_alloc(&msg, n) != 0)
                return NULL;
        reinstate__v1__response__pack(&resp, nng_msg_body(msg));
        return msg;
}

static void log_call(const struct slot *sl, const char *method, int code, const char *request_id,
                     int64_t actor)
{
        uint64_t ms = clock_ms() - sl->t0;
        char who[32];

        if (actor > 0)
                snprintf(who, sizeof(who), "coach/%lld", (long long)actor);
        else
                snprintf(who, sizeof(who), "-");
        log_info("call method=%s code=%s ms=%llu request_id=%s actor=%s worker=%d",
                 method && method[0] ? method : "-", rs_status_name(code), (unsigned long long)ms,
                 request_id && request_id[0] ? request_id : "-", who, sl->w->id);
}

// Sends msg on the slot's context; the callback re-arms the receive.
static void slot_send(struct slot *sl, nng_msg *msg)
{
        if (msg == NULL) {
                // Out of memory building the reply: drop it, the client's
                // deadline reports the failure.
                atomic_fetch_sub(&sl->w->srv->inflight, 1);
                sl->state = S_RECV;
                nng_ctx_recv(sl->ctx, sl->aio);
                return;
        }
        sl->state = S_SEND;
        nng_aio_set_msg(sl->aio, msg);
        nng_ctx_send(sl->ctx, sl->aio);
}

void rpc_peer_address(const struct rpc_call *c, char *out, size_t len)
{
        nng_pipe p = NNG_PIPE_INITIALIZER;
        nng_sockaddr sa;
        char ip[64];

        p.id = c->pipe_id;
        if (nng_pipe_get_addr(p, NNG_OPT_REMADDR, &sa) != 0) {
                snprintf(out, len, "unknown");
                return;
        }
        if (sa.s_family == NNG_AF_INET &&
            inet_ntop(AF_INET, &sa.s_in.sa_addr, ip, sizeof(ip)) != NULL)
                snprintf(out, len, "%s", ip);
        else if (sa.s_family == NNG_AF_INET6 &&
                 inet_ntop(AF_INET6, sa.s_in6.sa_addr, ip, sizeof(ip)) != NULL)
                snprintf(out, len, "[%s]", ip);
        else
                snprintf(out, len, "local");
}

// --- database transaction around a call ---

static void pg_reset(struct worker *w)
{
        if (w->pg) {
                PQfinish(w->pg);
                w->pg = NULL;
        }
        db_cache_reset(w->cache);
}

// The statements of every call's opening and closing round trips, prepared
// once per connection (a pipeline cannot prepare as it goes).
enum fixed_stmt { FS_TIMEOUT, FS_AUTH, FS_CLAIM, FS_STORE, FS_AUDIT, FS_COUNT };

static const struct {
        const char *sql;
        int nparams;
} fixed_sql[FS_COUNT] = {
    [FS_TIMEOUT] = {"SELECT set_config('statement_timeout', $1, true)", 1},
    [FS_AUTH] = {"SELECT coach_id, role, email FROM rs_authenticate($1)", 1},
    [FS_CLAIM] = {"INSERT INTO idempotency (coach_id, request_id, method) "
                  "VALUES (rs_actor(), $1, $2) ON CONFLICT DO NOTHING RETURNING true",
                  2},
    [FS_STORE] = {"UPDATE idempotency SET response = $2 "
                  "WHERE coach_id = rs_actor() AND request_id = $1",
                  2},
    [FS_AUDIT] = {"INSERT INTO audit_log (actor_id, method, record, request_id, summary) "
                  "VALUES (rs_actor(), $1, $2, $3, $4)",
                  4},
};

// Queues one of the fixed statements in the pipeline: prepared when the
// cache has it, else with its text.
static void send_fixed(struct worker *w, enum fixed_stmt which, const char *const *params,
                       const int *lens, const int *fmts)
{
        const char *name =
            db_cache_prepare(w->cache, w->pg, fixed_sql[which].sql, fixed_sql[which].nparams, NULL);

        if (name)
                PQsendQueryPrepared(w->pg, name, fixed_sql[which].nparams, params, lens, fmts, 0);
        else
                PQsendQueryParams(w->pg, fixed_sql[which].sql, fixed_sql[which].nparams, NULL,
                                  params, lens, fmts, 0);
}

static int pg_ensure(struct worker *w, struct rpc_call *c)
{
        char err[256];

        if (w->pg && PQstatus(w->pg) == CONNECTION_OK && PQtransactionStatus(w->pg) == PQTRANS_IDLE)
                return RS_OK;
        pg_reset(w);
        if (db_connect(&w->pg, w->srv->opts.conninfo, 1, err, sizeof(err)) != RS_OK) {
                if (atomic_exchange(&w->srv->db_ok, 0))
                        log_warn("%s", err);
                c->retry_after_ms = 1000;
                return rpc_fail(c, RS_UNAVAILABLE, "database is unavailable");
        }
        if (!atomic_exchange(&w->srv->db_ok, 1))
                log_info("database is reachable again");
        for (int i = 0; i < FS_COUNT; i++)
                db_cache_prepare(w->cache, w->pg, fixed_sql[i].sql, fixed_sql[i].nparams, NULL);
        return RS_OK;
}

// A failure on the connection itself poisons it: drop it so the next call
// reconnects, and report the database as down until then.
static int pg_failed(struct worker *w, struct rpc_call *c, const PGresult *r)
{
        int code = db_status(w->pg, r, c->message, sizeof(c->message));

        if (PQstatus(w->pg) != CONNECTION_OK) {
                atomic_store(&w->srv->db_ok, 0);
                pg_reset(w);
                c->retry_after_ms = 1000;
                return rpc_fail(c, RS_UNAVAILABLE, "database is unavailable");
        }
        return code;
}

// Reads one pipelined result; returns it (PQclear) or NULL on a failed one,
// with *code set.
static PGresult *pipe_result(struct worker *w, struct rpc_call *c, int *code)
{
        PGresult *r = PQgetResult(w->pg), *extra;
        ExecStatusType st;

        if (r == NULL) {
                *code = pg_failed(w, c, NULL);
                return NULL;
        }
        // Each query's results end with a NULL.
        while ((extra = PQgetResult(w->pg)) != NULL)
                PQclear(extra);
        st = PQresultStatus(r);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
                return r;
        if (*code == RS_OK)
                *code = st == PGRES_PIPELINE_ABORTED ? RS_INTERNAL : pg_failed(w, c, r);
        PQclear(r);
        return NULL;
}

static int pipe_finish(struct worker *w)
{
        PGresult *r;
        int ok = 1;

        // Drain to the sync point.
        while ((r = PQgetResult(w->pg)) != NULL) {
                if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
                        PQclear(r);
                        break;
                }
                PQclear(r);
        }
        if (PQexitPipelineMode(w->pg) != 1)
                ok = 0;
        return ok;
}

// Opening round trip. Returns RS_OK, or a status; *replayed is set when the
// request_id was already used and c holds the stored response.
static int tx_begin(struct worker *w, struct rpc_call *c, unsigned flags, const char *token,
                    int *replayed, uint8_t **stored, size_t *stored_len)
{
        char timeout[24], hash[AUTH_HASH_TEXT_LEN];
        const char *p_to[1] = {timeout};
        const char *p_auth[1] = {hash};
        const char *p_claim[2] = {c->request_id, c->method};
        int code = RS_OK, auth = (flags & (RPC_AUTH | RPC_ADMIN)) != 0,
            claim = (flags & RPC_MUTATES) != 0;
        PGresult *r;

        *replayed = 0;
        // statement_timeout 0 would mean "no limit": never send it.
        snprintf(timeout, sizeof(timeout), "%llu",
                 (unsigned long long)(rpc_remaining_ms(c) ? rpc_remaining_ms(c) : 1));
        if (auth) {
                auth_token_hash_text(token, hash);
                snprintf(c->token_hash, sizeof(c->token_hash), "%s", hash);
        }
        if (PQenterPipelineMode(w->pg) != 1)
                return pg_failed(w, c, NULL);
        PQsendQueryParams(w->pg, "BEGIN", 0, NULL, NULL, NULL, NULL, 0);
        send_fixed(w, FS_TIMEOUT, p_to, NULL, NULL);
        if (auth)
                send_fixed(w, FS_AUTH, p_auth, NULL, NULL);
        if (claim)
                send_fixed(w, FS_CLAIM, p_claim, NULL, NULL);
        if (PQpipelineSync(w->pg) != 1) {
                code = pg_failed(w, c, NULL);
                pipe_finish(w);
                return code;
        }
        for (int i = 0; i < 2; i++) {
                r = pipe_result(w, c, &code);
                PQclear(r);
        }
        if (auth) {
                r = pipe_result(w, c, &code);
                if (r && PQntuples(r) == 1) {
                        c->actor_id = db_int64(r, 0, 0);
                        c->actor_role = strcmp(db_text(r, 0, 1), "admin") == 0 ? RPC_ROLE_ADMIN
                                                                               : RPC_ROLE_COACH;
                        snprintf(c->actor_email, sizeof(c->actor_email), "%s", db_text(r, 0, 2));
                } else if (r && code == RS_OK) {
                        code = rpc_fail(c, RS_UNAUTHENTICATED,
                                        token[0] ? "session is invalid or has expired"
                                                 : "this call needs a session: log in first");
                }
                PQclear(r);
        }
        if (claim) {
                r = pipe_result(w, c, &code);
                if (r && code == RS_OK && PQntuples(r) == 0)
                        *replayed = 1;
                PQclear(r);
        }
        if (!pipe_finish(w) && code == RS_OK)
                code = pg_failed(w, c, NULL);
        if (code != RS_OK)
                return code;
        if ((flags & RPC_ADMIN) && c->actor_role != RPC_ROLE_ADMIN)
                return rpc_fail(c, RS_PERMISSION_DENIED, "this call is for admins only");
        if (*replayed) {
                // Another transaction used this id and committed: return what it
                // returned, unless it was another method.
                const char *p[1] = {c->request_id};
                r = PQexecParams(w->pg,
                                 "SELECT method, response FROM idempotency "
                                 "WHERE coach_id = rs_actor() AND request_id = $1",
                                 1, NULL, p, NULL, NULL, 1);
                if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
                        code = PQresultStatus(r) == PGRES_TUPLES_OK
                                   ? rpc_fail(c, RS_ABORTED, "request_id is being used, retry")
                                   : pg_failed(w, c, r);
                } else if (strcmp(PQgetvalue(r, 0, 0), c->method) != 0) {
                        code = rpc_fail(c, RS_FAILED_PRECONDITION,
                                        "request_id '%s' was already used for %s", c->request_id,
                                        PQgetvalue(r, 0, 0));
                } else {
                        *stored_len = (size_t)PQgetlength(r, 0, 1);
                        *stored = rpc_alloc(c, *stored_len + 1);
                        memcpy(*stored, PQgetvalue(r, 0, 1), *stored_len);
                }
                PQclear(r);
        }
        return code;
}

static void tx_rollback(struct worker *w)
{
        PGresult *r;

        if (w->pg == NULL || PQtransactionStatus(w->pg) == PQTRANS_IDLE)
                return;
        r = PQexec(w->pg, "ROLLBACK");
        PQclear(r);
        if (PQstatus(w->pg) != CONNECTION_OK)
                pg_reset(w);
}

// Closing round trip: stores the response for the request_id, appends the
// audit record, commits.
static int tx_commit(struct worker *w, struct rpc_call *c, unsigned flags, const uint8_t *payload,
                     size_t plen)
{
        const char *p_store[2] = {c->request_id, (const char *)payload};
        int lens[2] = {0, (int)plen}, fmts[2] = {0, 1};
        const char *p_audit[4] = {c->method, c->audit_record, c->request_id, c->audit_summary};
        int code = RS_OK;
        PGresult *r;

        if (PQenterPipelineMode(w->pg) != 1)
                return pg_failed(w, c, NULL);
        int audit = (flags & RPC_MUTATES) || c->audit_record[0] != '\0', n = 1;

        if (flags & RPC_MUTATES) {
                send_fixed(w, FS_STORE, p_store, lens, fmts);
                n++;
        }
        if (audit) {
                send_fixed(w, FS_AUDIT, p_audit, NULL, NULL);
                n++;
        }
        PQsendQueryParams(w->pg, "COMMIT", 0, NULL, NULL, NULL, NULL, 0);
        if (PQpipelineSync(w->pg) != 1) {
                code = pg_failed(w, c, NULL);
                pipe_finish(w);
                return code;
        }
        for (int i = 0; i < n; i++) {
                r = pipe_result(w, c, &code);
                PQclear(r);
        }
        if (!pipe_finish(w) && code == RS_OK)
                code = pg_failed(w, c, NULL);
        return code;
}

// --- running a call ---

struct outcome {
        int code;
        uint8_t *payload; // call memory
        size_t plen;
};

static void run_handler(struct rpc_call *c, const struct rpc_method *m,
                        const ProtobufCMethodDescriptor *md, const Reinstate__V1__Request *req,
                        struct outcome *o)
{
        ProtobufCMessage *in = NULL, *out;

        in = protobuf_c_message_unpack(md->input, NULL, req->payload.len, req->payload.data);
        if (in == NULL) {
                o->code =
                    rpc_fail(c, RS_INVALID_ARGUMENT, "payload is not a valid %s", md->input->name);
                return;
        }
        out = rpc_alloc(c, md->output->sizeof_message);
        md->output->message_init(out);
        o->code = m->fn(c, in, out);
        if (o->code == RS_OK) {
                o->plen = protobuf_c_message_get_packed_size(out);
                o->payload = rpc_alloc(c, o->plen + 1);
                protobuf_c_message_pack(out, o->payload);
        }
        protobuf_c_message_free_unpacked(in, NULL);
}

// Gives a failed mutation's request_id back, so that a retry runs again
// instead of replaying an empty answer.
static void unclaim(struct worker *w, struct rpc_call *c)
{
        const char *p[1] = {c->request_id};
        PGresult *r = PQexecParams(w->pg,
                                   "DELETE FROM idempotency WHERE coach_id = rs_actor() AND "
                                   "request_id = $1",
                                   1, NULL, p, NULL, NULL, 0);
        PQclear(r);
}

static void run_db_call(struct worker *w, struct slot *sl, struct rpc_call *c,
                        const Reinstate__V1__Request *req, struct outcome *o)
{
        unsigned flags = sl->method->flags;
        uint8_t *stored = NULL;
        size_t stored_len = 0;
        int replayed = 0;

        if (w->srv->opts.fault_delay_ms)
                nng_msleep(w->srv->opts.fault_delay_ms);
        if (rpc_remaining_ms(c) == 0) {
                o->code = rpc_fail(c, RS_DEADLINE_EXCEEDED,
                                   "deadline expired before the call was executed");
                return;
        }
        if ((flags & RPC_MUTATES) && req->request_id[0] == '\0') {
                o->code = rpc_fail(c, RS_INVALID_ARGUMENT,
                                   "request_id: required on calls that change data");
                return;
        }
        if ((o->code = pg_ensure(w, c)) != RS_OK)
                return;
        c->pg = w->pg;
        c->stmts = w->cache;
        o->code = tx_begin(w, c, flags, req->auth_token, &replayed, &stored, &stored_len);
        if (o->code == RS_OK && replayed) {
                tx_rollback(w);
                o->payload = stored;
                o->plen = stored_len;
                log_debug("replayed request_id=%s", c->request_id);
                return;
        }
        if (o->code == RS_OK)
                run_handler(c, sl->method, sl->md, req, o);
        if (w->pg == NULL) {
                if (o->code == RS_OK)
                        o->code = rpc_fail(c, RS_UNAVAILABLE, "database is unavailable");
                return;
        }
        if (o->code == RS_OK && PQtransactionStatus(w->pg) == PQTRANS_INERROR)
                o->code = rpc_fail(c, RS_INTERNAL, "transaction failed");
        if (o->code == RS_OK) {
                o->code = tx_commit(w, c, flags, o->payload, o->plen);
        } else if (c->commit_on_error && PQtransactionStatus(w->pg) == PQTRANS_INTRANS) {
                // The handler failed the call but its bookkeeping (failed
                // logins) must stay; nothing is stored for replay.
                int keep = o->code;
                char msg[sizeof(c->message)];
                snprintf(msg, sizeof(msg), "%s", c->message);
                if (flags & RPC_MUTATES)
                        unclaim(w, c);
                if (tx_commit(w, c, flags & ~(unsigned)RPC_MUTATES, NULL, 0) != RS_OK)
                        log_warn("could not record the failure of %s", c->method);
                o->code = keep;
                snprintf(c->message, sizeof(c->message), "%s", msg);
        } else {
                tx_rollback(w);
        }
}

static void finish_call(struct slot *sl, struct rpc_call *c, const Reinstate__V1__Request *req,
                        struct outcome *o)
{
        nng_msg *msg;

        if (o->code != RS_OK && c->message[0] == '\0')
                snprintf(c->message, sizeof(c->message), "%s", rs_status_name(o->code));
        msg = build_response(o->code, c->message, c, req->request_id, o->payload, o->plen);
        log_call(sl, req->method, o->code, req->request_id, c->actor_id);
        rpc_call_release(c);
        slot_send(sl, msg);
}

static void call_init(struct slot *sl, struct rpc_call *c, const Reinstate__V1__Request *req)
{
        uint32_t t = req->timeout_ms ? req->timeout_ms : RS_DEFAULT_TIMEOUT_MS;

        memset(c, 0, sizeof(*c));
        if (t > RS_MAX_TIMEOUT_MS)
                t = RS_MAX_TIMEOUT_MS;
        c->method = req->method;
        c->request_id = req->request_id;
        c->deadline_ms = sl->t0 + t;
        c->server = sl->w->srv;
        c->pipe_id = sl->pipe_id;
}

static void worker_main(void *arg)
{
        struct worker *w = arg;

        for (;;) {
                struct rpc_call call;
                struct outcome o = {RS_OK, NULL, 0};
                Reinstate__V1__Request *req;
                struct slot *sl;

                nng_mtx_lock(w->mtx);
                while (w->head == NULL && !w->quit)
                        nng_cv_wait(w->cv);
                if (w->head == NULL) {
                        nng_mtx_unlock(w->mtx);
                        break;
                }
                sl = w->head;
                w->head = sl->next;
                if (w->head == NULL)
                        w->tail = NULL;
                req = sl->req;
                sl->req = NULL;
                nng_mtx_unlock(w->mtx);

                call_init(sl, &call, req);
                run_db_call(w, sl, &call, req, &o);
                finish_call(sl, &call, req, &o);
                reinstate__v1__request__free_unpacked(req, NULL);
                atomic_fetch_sub(&w->load, 1);
        }
        pg_reset(w);
}

static void respond_error(struct slot *sl, int code, const char *why, const char *method,
                          const char *request_id, uint32_t retry_after)
{
        struct rpc_call c;

        memset(&c, 0, sizeof(c));
        c.retry_after_ms = retry_after;
        log_call(sl, method, code, request_id, 0);
        slot_send(sl, build_response(code, why, &c, request_id, NULL, 0));
}

// The worker to run a database call: the slot's own when it is idle, else
// the one with the fewest calls queued or running (nng hands requests to
// whichever context asks first, which says nothing about its worker's load).
// The load counts are atomics, read without locks: a stale read only costs
// balance, never correctness.
static struct worker *least_loaded(struct worker *own)
{
        struct server *s = own->srv;
        struct worker *best = own;
        int best_load = atomic_load(&own->load);

        for (int i = 0; i < s->n_workers && best_load > 0; i++) {
                int l = atomic_load(&s->workers[i].load);
                if (l < best_load) {
                        best = &s->workers[i];
                        best_load = l;
                }
        }
        atomic_fetch_add(&best->load, 1);
        return best;
}

static void on_request(struct slot *sl, nng_msg *msg)
{
        struct worker *w = sl->w;
        Reinstate__V1__Request *req = NULL;
        const struct rpc_service *svc;
        char why[256];
        int code;

        sl->t0 = clock_ms();
        sl->pipe_id = (uint32_t)nng_pipe_id(nng_msg_get_pipe(msg));
        atomic_fetch_add(&w->srv->inflight, 1);
        code = envelope_decode_request(nng_msg_body(msg), nng_msg_len(msg), &req, why, sizeof(why));
        nng_msg_free(msg);
        if (code != RS_OK) {
                respond_error(sl, code, why, NULL, NULL, 0);
                return;
        }
        if (atomic_load(&w->srv->draining)) {
                respond_error(sl, RS_UNAVAILABLE, "server is shutting down", req->method,
                              req->request_id, 500);
                reinstate__v1__request__free_unpacked(req, NULL);
                return;
        }
        sl->method = rpc_find_method(req->method, &sl->md, &svc);
        if (sl->method == NULL) {
                snprintf(why, sizeof(why), "method '%s' is not implemented", req->method);
                respond_error(sl, RS_UNIMPLEMENTED, why, req->method, req->request_id, 0);
                reinstate__v1__request__free_unpacked(req, NULL);
                return;
        }
        // Strings are checked on the wire, before any database work: a NUL
        // byte or invalid UTF-8 is refused with the field named.
        {
                char field[160], bad[64];
                if (wirecheck_strings(sl->md->input, req->payload.data, req->payload.len, field,
                                      sizeof(field), bad, sizeof(bad)) != 0) {
                        struct rpc_call call;
                        memset(&call, 0, sizeof(call));
                        rpc_violation(&call, field, "%s", bad);
                        log_call(sl, req->method, RS_INVALID_ARGUMENT, req->request_id, 0);
                        slot_send(sl, build_response(RS_INVALID_ARGUMENT, call.message, &call,
                                                     req->request_id, NULL, 0));
                        reinstate__v1__request__free_unpacked(req, NULL);
                        return;
                }
        }
        if (sl->method->flags & RPC_INLINE) {
                struct rpc_call call;
                struct outcome o = {RS_OK, NULL, 0};

                call_init(sl, &call, req);
                run_handler(&call, sl->method, sl->md, req, &o);
                finish_call(sl, &call, req, &o);
                reinstate__v1__request__free_unpacked(req, NULL);
                return;
        }
        w = least_loaded(sl->w);
        nng_mtx_lock(w->mtx);
        sl->req = req;
        sl->next = NULL;
        if (w->tail)
                w->tail->next = sl;
        else
                w->head = sl;
        w->tail = sl;
        nng_cv_wake1(w->cv);
        nng_mtx_unlock(w->mtx);
}

static void slot_cb(void *arg)
{
        struct slot *sl = arg;
        int rv = nng_aio_result(sl->aio);

        switch (sl->state) {
        case S_RECV:
                if (rv == NNG_ECLOSED || rv == NNG_ECANCELED)
                        return;
                if (rv != 0) {
                        nng_ctx_recv(sl->ctx, sl->aio);
                        return;
                }
                on_request(sl, nng_aio_get_msg(sl->aio));
                return;
        case S_SEND:
                if (rv != 0)
                        nng_msg_free(nng_aio_get_msg(sl->aio));
                atomic_fetch_sub(&sl->w->srv->inflight, 1);
                if (rv == NNG_ECLOSED || rv == NNG_ECANCELED)
                        return;
                sl->state = S_RECV;
                nng_ctx_recv(sl->ctx, sl->aio);
                return;
        }
}

// --- database monitor: notices when PostgreSQL is back, for Health/Check ---

static void monitor_main(void *arg)
{
        struct server *s = arg;

        while (!atomic_load(&s->stop_monitor)) {
                if (!atomic_load(&s->db_ok)) {
                        PGconn *conn = NULL;
                        char err[256];
                        if (db_connect(&conn, s->opts.conninfo, 1, err, sizeof(err)) == RS_OK) {
                                if (!atomic_exchange(&s->db_ok, 1))
                                        log_info("database is reachable again");
                                PQfinish(conn);
                        }
                }
                for (int i = 0; i < 10 && !atomic_load(&s->stop_monitor); i++)
                        nng_msleep(100);
        }
}

// --- start and stop ---

static char *read_file(const char *path)
{
        FILE *f = fopen(path, "rb");
        char *data = NULL;
        long n;

        if (f == NULL)
                return NULL;
        if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (1 << 20) &&
            fseek(f, 0, SEEK_SET) == 0 && (data = calloc(1, (size_t)n + 1)) != NULL) {
                if (fread(data, 1, (size_t)n, f) != (size_t)n) {
                        free(data);
                        data = NULL;
                }
        }
        fclose(f);
        return data;
}

static int setup_tls(struct server *s)
{
        char *cert = NULL, *key = NULL;
        int rv = -1, e;

        if (s->opts.tls_cert == NULL || s->opts.tls_key == NULL) {
                log_error("tls+tcp listeners need --tls-cert and --tls-key");
                return -1;
        }
        if ((cert = read_file(s->opts.tls_cert)) == NULL ||
            (key = read_file(s->opts.tls_key)) == NULL) {
                log_error("cannot read tls certificate '%s' or key '%s'", s->opts.tls_cert,
                          s->opts.tls_key);
                goto out;
        }
        if ((e = nng_tls_config_alloc(&s->tls, NNG_TLS_MODE_SERVER)) != 0 ||
            (e = nng_tls_config_own_cert(s->tls, cert, key, NULL)) != 0) {
                log_error("tls certificate or key rejected: %s", nng_strerror(e));
                goto out;
        }
        rv = 0;
out:
        free(cert);
        if (key) {
                memset(key, 0, strlen(key));
                free(key);
        }
        return rv;
}

static int is_loopback(const char *url)
{
        const char *p = strstr(url, "://");

        p = p ? p + 3 : url;
        return strncmp(p, "127.", 4) == 0 || strncmp(p, "[::1]", 5) == 0 ||
               strncmp(p, "localhost:", 10) == 0;
}

static int open_listener(struct server *s, const char *url)
{
        nng_listener l;
        int rv, tls = strncmp(url, "tls+", 4) == 0;

        // inproc:// is the server's own door for its background work.
        if (strncmp(url, "tcp://", 6) != 0 && !tls && strncmp(url, "ipc://", 6) != 0 &&
            strncmp(url, "inproc://", 9) != 0) {
                log_error("unsupported listen address '%s' (use tcp://, tls+tcp:// or ipc://)",
                          url);
                return -1;
        }
        if (tls && s->tls == NULL && setup_tls(s) != 0)
                return -1;
        if (!tls && strncmp(url, "tcp://", 6) == 0 && !is_loopback(url))
                log_warn("listening on %s without tls: anyone on the network can read "
                         "passwords and tokens; use tls+tcp://",
                         url);
        if ((rv = nng_listener_create(&l, s->sock, url)) != 0)
                goto fail;
        nng_listener_set_size(l, NNG_OPT_RECVMAXSZ, RS_MAX_WIRE_BYTES);
        if (tls && (rv = nng_listener_set_ptr(l, NNG_OPT_TLS_CONFIG, s->tls)) != 0)
                goto fail;
        if ((rv = nng_listener_start(l, 0)) != 0)
                goto fail;
        s->listeners[s->n_listeners++] = l;
        log_info("listening on %s", url);
        return 0;
fail:
        log_error("cannot listen on %s: %s", url, nng_strerror(rv));
        return -1;
}

// Refuses connections once draining.
static void on_pipe_add(nng_pipe p, nng_pipe_ev ev, void *arg)
{
        struct server *s = arg;

        if (atomic_load(&s->draining))
                nng_pipe_close(p);
}

int server_start(struct server **out, const struct server_opts *opts)
{
        struct server *s = calloc(1, sizeof(*s));
        PGconn *probe = NULL;
        char err[256];
        int rv;

        *out = NULL;
        if (s == NULL)
                return -1;
        s->opts = *opts;
        if (s->opts.workers <= 0)
                s->opts.workers = 8;
        s->slots_per_worker = s->opts.contexts > 0 ? s->opts.contexts : 8;
        if (rpc_check_registrations() != 0)
                goto fail;
        if (db_connect(&probe, opts->conninfo, 1, err, sizeof(err)) == RS_OK) {
                atomic_store(&s->db_ok, 1);
                PQfinish(probe);
        } else {
                log_warn("%s; calls will answer UNAVAILABLE until it is back", err);
        }
        if ((rv = nng_rep0_open(&s->sock)) != 0) {
                log_error("cannot open socket: %s", nng_strerror(rv));
                goto fail;
        }
        nng_socket_set_size(s->sock, NNG_OPT_RECVMAXSZ, RS_MAX_WIRE_BYTES);
        nng_pipe_notify(s->sock, NNG_PIPE_EV_ADD_PRE, on_pipe_add, s);
        s->workers = calloc((size_t)s->opts.workers, sizeof(*s->workers));
        if (s->workers == NULL)
                goto fail;
        for (int i = 0; i < s->opts.workers; i++) {
                struct worker *w = &s->workers[i];
                w->srv = s;
                w->id = i;
                w->slots = calloc((size_t)s->slots_per_worker, sizeof(*w->slots));
                w->cache = db_cache_new();
                if (w->slots == NULL || (rv = nng_mtx_alloc(&w->mtx)) != 0 ||
                    (rv = nng_cv_alloc(&w->cv, w->mtx)) != 0) {
                        log_error("cannot start worker: out of memory");
                        s->n_workers = i + 1;
                        goto fail;
                }
                s->n_workers = i + 1;
                for (int k = 0; k < s->slots_per_worker; k++) {
                        struct slot *sl = &w->slots[k];
                        sl->w = w;
                        if ((rv = nng_ctx_open(&sl->ctx, s->sock)) != 0 ||
                            (rv = nng_aio_alloc(&sl->aio, slot_cb, sl)) != 0) {
                                log_error("cannot open context: %s", nng_strerror(rv));
                                goto fail;
                        }
                        w->n_slots = k + 1;
                }
                if ((rv = nng_thread_create(&w->thr, worker_main, w)) != 0) {
                        log_error("cannot start worker: %s", nng_strerror(rv));
                        goto fail;
                }
        }
        if (nng_thread_create(&s->monitor, monitor_main, s) != 0)
                goto fail;
        for (int i = 0; i < opts->n_listen; i++)
                if (open_listener(s, opts->listen[i]) != 0)
                        goto fail;
        // Receives are armed round-robin across workers, so the first calls
        // of a burst land on different workers.
        for (int k = 0; k < s->slots_per_worker; k++)
                for (int i = 0; i < s->n_workers; i++) {
                        struct slot *sl = &s->workers[i].slots[k];
                        sl->state = S_RECV;
                        nng_ctx_recv(sl->ctx, sl->aio);
                }
        *out = s;
        return 0;
fail:
        s->opts.drain_ms = 0;
        server_stop(s);
        return -1;
}

void server_stop(struct server *s)
{
        uint64_t until;

        if (s == NULL)
                return;
        // Closing a listener would also close the connections it accepted,
        // losing the replies of calls in flight. Instead new connections are
        // refused (on_pipe_add) and new calls answered UNAVAILABLE.
        atomic_store(&s->draining, 1);
        until = clock_ms() + s->opts.drain_ms;
        while (atomic_load(&s->inflight) > 0 && clock_ms() < until)
                nng_msleep(10);
        if (atomic_load(&s->inflight) > 0)
                log_warn("shutting down with %d calls still in flight", atomic_load(&s->inflight));
        else
                log_info("drained: no calls in flight");
        // A completed send means the reply reached the pipe, not the wire;
        // nng 1.5 has no linger, so give the pipes a moment to flush before
        // closing them.
        nng_msleep(250);
        nng_close(s->sock);
        for (int i = 0; i < s->n_workers; i++) {
                struct worker *w = &s->workers[i];
                for (int k = 0; k < w->n_slots; k++)
                        nng_aio_stop(w->slots[k].aio);
                if (w->mtx) {
                        nng_mtx_lock(w->mtx);
                        w->quit = 1;
                        nng_cv_wake(w->cv);
                        nng_mtx_unlock(w->mtx);
                }
                if (w->thr)
                        nng_thread_destroy(w->thr);
                for (int k = 0; k < w->n_slots; k++) {
                        if (w->slots[k].req)
                                reinstate__v1__request__free_unpacked(w->slots[k].req, NULL);
                        nng_aio_free(w->slots[k].aio);
                }
                free(w->slots);
                db_cache_free(w->cache);
                if (w->cv)
                        nng_cv_free(w->cv);
                if (w->mtx)
                        nng_mtx_free(w->mtx);
        }
        atomic_store(&s->stop_monitor, 1);
        if (s->monitor)
                nng_thread_destroy(s->monitor);
        if (s->tls)
                nng_tls_config_free(s->tls);
        free(s->workers);
        free(s);
}
