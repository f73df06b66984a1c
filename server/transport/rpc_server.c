// The request path.
//
// One REP socket, N workers. Each worker owns a thread, a PostgreSQL
// connection and a few nng contexts (slots), so nothing on the request path
// is shared beyond atomic counters. The aio callback decodes the envelope and
// answers at once when it can (errors, RPC_INLINE methods such as health and
// reflection: no thread hop); database calls are handed to the worker's own
// thread, because aio callbacks must not block for long. Short reads
// (RPC_QUICK) are the exception: each hand-off to a worker and back costs
// ~18 futex calls in nng 1.5 and the worker's wake-up, more than the read
// itself, so they run right on the callback thread over one of a few quick
// connections, taken without a lock; never more of them at once than leaves
// one of nng's task threads free for everything else (see quick_take).
//
// A database call is one transaction, opened and closed through the
// database boundary (db.h: db_tx_open, db_tx_commit, db_tx_abort); this file
// decides what a method's flags ask for and never speaks libpq itself. A
// write is acknowledged only after COMMIT succeeded.
//
// One hostile client must not starve the others: connections are capped in
// total and per source address when nng adds a pipe (on_pipe_add), a sweep
// closes those that completed no message within the idle deadline (nng 1.5
// has no read timeout, and a frame held unfinished is invisible until it
// completes), the receive cap is the request cap (nng allocates a frame's
// announced length up front), and database calls may hold all but
// SERVER_RESERVED_SLOTS contexts, so Health/Check is always received.
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <sys/resource.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/supplemental/tls/tls.h>
#include <nng/supplemental/util/platform.h>

#include "auth.h"
#include "clock.h"
#include "conns.h"
#include "db.h"
#include "envelope.h"
#include "log.h"
#include "metrics.h"
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
        // A call from another door (server_submit) is a slot of its own,
        // without nng context: its reply goes to reply(reply_arg, ...) and
        // the slot is freed then.
        server_reply_fn reply;
        void *reply_arg;
        const char *door;        // "nng", "http": for the log line
        char peer[RPC_PEER_LEN]; // the client's address, for other doors
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
        atomic_int busy; // quick connections: 1 while a call uses it
        int quit;
        nng_thread *thr;
        struct db_conn *db; // used by the worker thread only
};

// A log line written at most once per period, the next one saying how
// many were left out (refused connections, refused guesses).
struct log_rate {
        atomic_ullong next_ms;  // clock_ms() before which a line is left out
        atomic_ullong left_out; // lines left out since the last one written
};

// Whether a line may be written now (then *left_out receives how many were
// left out since the last one), or is left out and counted.
static int log_rate_admit(struct log_rate *r, uint64_t every_ms, unsigned long long *left_out)
{
        unsigned long long now = clock_ms(), next = atomic_load(&r->next_ms);

        if (now < next || !atomic_compare_exchange_strong(&r->next_ms, &next, now + every_ms)) {
                atomic_fetch_add(&r->left_out, 1);
                return 0;
        }
        *left_out = atomic_exchange(&r->left_out, 0);
        return 1;
}

// The names of the guesses' kinds in the log.
static const char *const guess_names[RPC_GUESS_KINDS] = {
    [RPC_GUESS_LOGIN] = "login",
    [RPC_GUESS_PASSWORD] = "password",
    [RPC_GUESS_ACCESS_CODE] = "access-code",
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
        struct rpc_health health; // db_ok, draining: shown to handlers read-only
        atomic_int inflight;
        atomic_int stop_monitor;
        nng_thread *monitor;
        atomic_uint next_worker; // round robin for other doors' calls
        struct worker *quick;    // quick connections (RPC_QUICK), no thread
        int n_quick;
        int drained;
        struct conns *conns;                      // the nng door's open connections
        atomic_int db_held;                       // nng calls queued or running on workers
        int db_cap;                               // most of those at once
        uint64_t next_sweep;                      // monitor thread only
        atomic_ullong refused_total;              // connections refused since start
        atomic_ullong expired_total;              // connections closed by the sweep since start
        struct log_rate refused;                  // refused connections' log lines, one per 10 s
        struct log_rate guesses[RPC_GUESS_KINDS]; // refused guesses' lines, one per guess_log_ms
};

const struct rpc_health *server_health(const struct server *s)
{
        return &s->health;
}

int server_inflight(const struct server *s)
{
        return atomic_load(&s->inflight);
}

int server_workers(const struct server *s)
{
        return s->n_workers;
}

void server_connections(struct server *s, int *open, unsigned long long *refused,
                        unsigned long long *expired)
{
        *open = (int)conns_count(s->conns);
        *refused = atomic_load(&s->refused_total);
        *expired = atomic_load(&s->expired_total);
}

// --- responses ---

static nng_msg *build_response(int code, const char *message, const struct rpc_call *c,
                               const char *request_id, const uint8_t *payload, size_t plen)
{
        Reinstate__V1__Response resp = REINSTATE__V1__RESPONSE__INIT;
        Reinstate__V1__FieldViolation fv[RPC_MAX_VIOLATIONS], *fvp[RPC_MAX_VIOLATIONS];
        nng_msg *msg = NULL;
        size_t n;

        resp.code = code;
        resp.message = (char *)(message ? message : "");
        resp.request_id = (char *)(request_id ? request_id : "");
        if (c) {
                resp.retry_after_ms = c->retry_after_ms;
                for (size_t i = 0; i < c->n_violations && i < RPC_MAX_VIOLATIONS; i++) {
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

// One line per call; a refused guess (guess set, the call failed) only at
// the guess kind's rate.
static void log_call(const struct slot *sl, const char *method, int code, const char *request_id,
                     int64_t actor, uint32_t retry_after, enum rpc_guess guess)
{
        uint64_t ms = clock_ms() - sl->t0;
        unsigned long long left_out = 0;
        char who[32], tail[96] = "";

        metrics_observe(sl->method, code, ms, retry_after);
        if (guess > RPC_GUESS_NONE && guess < RPC_GUESS_KINDS && code != RS_OK) {
                struct server *s = sl->w->srv;
                if (!log_rate_admit(&s->guesses[guess], s->opts.guess_log_ms, &left_out))
                        return;
                snprintf(tail, sizeof(tail), " guess=%s suppressed=%llu", guess_names[guess],
                         left_out);
        }
        if (actor > 0)
                snprintf(who, sizeof(who), "coach/%lld", (long long)actor);
        else
                snprintf(who, sizeof(who), "-");
        log_info("call method=%s code=%s ms=%llu request_id=%s actor=%s worker=%d door=%s%s",
                 method && method[0] ? method : "-", rs_status_name(code), (unsigned long long)ms,
                 request_id && request_id[0] ? request_id : "-", who, sl->w->id,
                 sl->door ? sl->door : "nng", tail);
}

// Answers a call of another door and frees its slot.
static void ext_reply(struct slot *sl, nng_msg *msg)
{
        struct server *s = sl->w->srv;

        if (msg) {
                sl->reply(sl->reply_arg, nng_msg_body(msg), nng_msg_len(msg));
                nng_msg_free(msg);
        } else {
                // Out of memory building the reply: the door still answers.
                sl->reply(sl->reply_arg, NULL, 0);
        }
        free(sl);
        atomic_fetch_sub(&s->inflight, 1);
}

// Sends msg on the slot's context; the callback re-arms the receive.
static void slot_send(struct slot *sl, nng_msg *msg)
{
        if (sl->reply) {
                ext_reply(sl, msg);
                return;
        }
        conns_activity(sl->w->srv->conns, sl->pipe_id, -1, clock_ms());
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

// Writes the address of the client on pipe_id ("127.0.0.1", "[::1]",
// "local" for ipc, "unknown") into out.
static void peer_address(uint32_t pipe_id, char *out, size_t len)
{
        nng_pipe p = NNG_PIPE_INITIALIZER;
        nng_sockaddr sa;
        char ip[INET6_ADDRSTRLEN];

        p.id = pipe_id;
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

// Brings the worker's connection up for a call, keeping the server's
// database flag true to what the last contact showed.
static int conn_ready(struct worker *w, struct rpc_call *c)
{
        char err[256];
        int reconnected;

        if (db_conn_ready(w->db, &reconnected, err, sizeof(err)) != RS_OK) {
                if (atomic_exchange(&w->srv->health.db_ok, 0))
                        log_warn("%s", err);
                c->retry_after_ms = 1000;
                return rpc_fail(c, RS_UNAVAILABLE, "database is unavailable");
        }
        if (reconnected && !atomic_exchange(&w->srv->health.db_ok, 1))
                log_info("database is reachable again");
        return RS_OK;
}

// After a step that can lose the connection: a dropped one means the
// database is down until the next call or the monitor reconnects.
static void note_conn(struct worker *w)
{
        if (!db_conn_up(w->db))
                atomic_store(&w->srv->health.db_ok, 0);
}

static void run_db_call(struct worker *w, struct slot *sl, struct rpc_call *c,
                        const Reinstate__V1__Request *req, struct outcome *o)
{
        unsigned flags = sl->method->flags;
        int session = (flags & (RPC_AUTH | RPC_ADMIN)) != 0, mutates = (flags & RPC_MUTATES) != 0;
        int replayed = 0;

        if (w->srv->opts.fault_delay_ms)
                nng_msleep(w->srv->opts.fault_delay_ms);
        if (rpc_remaining_ms(c) == 0) {
                o->code = rpc_fail(c, RS_DEADLINE_EXCEEDED,
                                   "deadline expired before the call was executed");
                return;
        }
        if (mutates && req->request_id[0] == '\0') {
                o->code = rpc_fail(c, RS_INVALID_ARGUMENT,
                                   "request_id: required on calls that change data");
                return;
        }
        if ((o->code = conn_ready(w, c)) != RS_OK)
                return;
        if (session) {
                char hash[AUTH_HASH_TEXT_LEN];
                auth_token_hash_text(req->auth_token, hash);
                snprintf(c->token_hash, sizeof(c->token_hash), "%s", hash);
                c->api_token = auth_token_is_api(req->auth_token);
        }
        if (mutates)
                auth_bytes_hash_text(req->payload.data, req->payload.len, c->request_hash);
        o->code = db_tx_open(w->db, c, session, mutates, &replayed);
        note_conn(w);
        if (o->code == RS_UNAUTHENTICATED && req->auth_token[0] == '\0')
                rpc_fail(c, RS_UNAUTHENTICATED, "this call needs a session: log in first");
        if (o->code == RS_OK && (flags & RPC_ADMIN) && c->actor_role != RPC_ROLE_ADMIN)
                o->code = rpc_fail(c, RS_PERMISSION_DENIED, "this call is for admins only");
        // The method table's RPC_MUTATES flag is the one list of what a
        // read-only token may not do.
        if (o->code == RS_OK && mutates && c->read_only)
                o->code = rpc_fail(c, RS_PERMISSION_DENIED,
                                   "this token is read-only: %s changes data", sl->md->name);
        if (o->code == RS_OK && replayed) {
                o->code = db_replay_lookup(w->db, c, &o->payload, &o->plen);
                note_conn(w);
        }
        if (o->code != RS_OK || replayed) {
                db_tx_abort(w->db);
                note_conn(w);
                if (o->code == RS_OK)
                        log_debug("replayed request_id=%s", c->request_id);
                return;
        }
        run_handler(c, sl->method, sl->md, req, o);
        if (!db_conn_up(w->db)) {
                note_conn(w);
                if (o->code == RS_OK)
                        o->code = rpc_fail(c, RS_UNAVAILABLE, "database is unavailable");
                return;
        }
        if (o->code == RS_OK && db_tx_state(w->db) == DB_TX_FAILED)
                o->code = rpc_fail(c, RS_INTERNAL, "transaction failed");
        if (o->code == RS_OK && (flags & RPC_QUICK) && !mutates && c->audit_record[0] == '\0') {
                // A short read: its reply does not wait for COMMIT's answer.
                db_tx_end_read(w->db);
        } else if (o->code == RS_OK) {
                o->code = db_tx_commit(w->db, c, mutates, mutates || c->audit_record[0] != '\0',
                                       o->payload, o->plen);
        } else if (c->commit_on_error && db_tx_state(w->db) == DB_TX_OPEN) {
                // The handler failed the call but its bookkeeping (failed
                // logins) must stay; nothing is stored for replay.
                int keep = o->code;
                char msg[sizeof(c->message)];
                snprintf(msg, sizeof(msg), "%s", c->message);
                if (db_tx_commit(w->db, c, 0, c->audit_record[0] != '\0', NULL, 0) != RS_OK)
                        log_warn("could not record the failure of %s", c->method);
                o->code = keep;
                snprintf(c->message, sizeof(c->message), "%s", msg);
        } else {
                db_tx_abort(w->db);
        }
        note_conn(w);
}

static void finish_call(struct slot *sl, struct rpc_call *c, const Reinstate__V1__Request *req,
                        struct outcome *o)
{
        nng_msg *msg;

        if (o->code != RS_OK && c->message[0] == '\0')
                snprintf(c->message, sizeof(c->message), "%s", rs_status_name(o->code));
        msg = build_response(o->code, c->message, c, req->request_id, o->payload, o->plen);
        log_call(sl, req->method, o->code, req->request_id, c->actor_id, c->retry_after_ms,
                 c->guess);
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
        c->health = &sl->w->srv->health;
        if (sl->reply)
                snprintf(c->peer, sizeof(c->peer), "%s", sl->peer);
        else
                peer_address(sl->pipe_id, c->peer, sizeof(c->peer));
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
                if (sl->reply == NULL)
                        atomic_fetch_sub(&w->srv->db_held, 1);
                finish_call(sl, &call, req, &o);
                reinstate__v1__request__free_unpacked(req, NULL);
                atomic_fetch_sub(&w->load, 1);
        }
}

static void respond_error(struct slot *sl, int code, const char *why, const char *method,
                          const char *request_id, uint32_t retry_after)
{
        struct rpc_call c;

        memset(&c, 0, sizeof(c));
        c.retry_after_ms = retry_after;
        log_call(sl, method, code, request_id, 0, retry_after, RPC_GUESS_NONE);
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

// A free quick connection, marked busy, or NULL. The fault-delay test hook
// stalls calls: they then take the workers' path, never nng's threads.
static struct worker *quick_take(struct server *s)
{
        if (s->opts.fault_delay_ms)
                return NULL;
        for (int i = 0; i < s->n_quick; i++)
                if (atomic_load(&s->quick[i].busy) == 0 &&
                    atomic_exchange(&s->quick[i].busy, 1) == 0)
                        return &s->quick[i];
        return NULL;
}

static void on_request(struct slot *sl, nng_msg *msg)
{
        struct worker *w = sl->w;
        Reinstate__V1__Request *req = NULL;
        const struct rpc_service *svc;
        char why[256];
        int code;

        sl->method = NULL;
        if (sl->reply == NULL) {
                sl->t0 = clock_ms();
                sl->pipe_id = (uint32_t)nng_pipe_id(nng_msg_get_pipe(msg));
                conns_activity(w->srv->conns, sl->pipe_id, +1, sl->t0);
        }
        atomic_fetch_add(&w->srv->inflight, 1);
        code = envelope_decode_request(nng_msg_body(msg), nng_msg_len(msg), &req, why, sizeof(why));
        nng_msg_free(msg);
        if (code != RS_OK) {
                respond_error(sl, code, why, NULL, NULL, 0);
                return;
        }
        if (atomic_load(&w->srv->health.draining)) {
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
                        log_call(sl, req->method, RS_INVALID_ARGUMENT, req->request_id, 0, 0,
                                 RPC_GUESS_NONE);
                        slot_send(sl, build_response(RS_INVALID_ARGUMENT, call.message, &call,
                                                     req->request_id, NULL, 0));
                        rpc_call_release(&call);
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
        // Database calls of the nng door leave SERVER_RESERVED_SLOTS
        // contexts receiving, so calls answered inline (Health/Check) get
        // through however busy the workers are.
        if (sl->reply == NULL && atomic_fetch_add(&w->srv->db_held, 1) >= w->srv->db_cap) {
                atomic_fetch_sub(&w->srv->db_held, 1);
                respond_error(sl, RS_UNAVAILABLE, "server is busy: every worker has calls waiting",
                              req->method, req->request_id, 200);
                reinstate__v1__request__free_unpacked(req, NULL);
                return;
        }
        // A short read on nng's own thread: no queue, no wake-up. Other
        // doors' calls come on their own threads and keep the workers' path.
        if ((sl->method->flags & RPC_QUICK) && sl->reply == NULL) {
                struct worker *q = quick_take(w->srv);
                if (q) {
                        struct rpc_call call;
                        struct outcome o = {RS_OK, NULL, 0};

                        call_init(sl, &call, req);
                        run_db_call(q, sl, &call, req, &o);
                        atomic_store(&q->busy, 0);
                        atomic_fetch_sub(&w->srv->db_held, 1);
                        finish_call(sl, &call, req, &o);
                        reinstate__v1__request__free_unpacked(req, NULL);
                        return;
                }
        }
        // The call's slot is reached through the queue from here on: a
        // slot of another door may be freed as soon as the worker answers.
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
                if (rv != 0) {
                        nng_msg_free(nng_aio_get_msg(sl->aio));
                        nng_aio_set_msg(sl->aio, NULL);
                }
                atomic_fetch_sub(&sl->w->srv->inflight, 1);
                if (rv == NNG_ECLOSED || rv == NNG_ECANCELED)
                        return;
                sl->state = S_RECV;
                nng_ctx_recv(sl->ctx, sl->aio);
                return;
        }
}

int server_submit(struct server *s, const uint8_t *data, size_t len, const char *peer,
                  const char *door, server_reply_fn reply, void *arg)
{
        struct slot *sl = calloc(1, sizeof(*sl));
        nng_msg *msg = NULL;

        if (sl == NULL || nng_msg_alloc(&msg, len) != 0) {
                free(sl);
                return -1;
        }
        memcpy(nng_msg_body(msg), data, len);
        sl->w = &s->workers[atomic_fetch_add(&s->next_worker, 1) % (unsigned)s->n_workers];
        sl->t0 = clock_ms();
        sl->reply = reply;
        sl->reply_arg = arg;
        sl->door = door;
        snprintf(sl->peer, sizeof(sl->peer), "%s", peer && peer[0] ? peer : "unknown");
        on_request(sl, msg);
        return 0;
}

// --- database monitor: notices when PostgreSQL is back, for Health/Check ---

// Closes the connections that completed no message within the idle
// deadline: silent ones and those holding a frame unfinished.
static void sweep(struct server *s)
{
        uint32_t ids[256];
        uint64_t now = clock_ms();
        size_t n, total = 0;

        if (now < s->next_sweep || s->opts.idle_timeout_ms == 0)
                return;
        s->next_sweep = now + (s->opts.idle_timeout_ms < 4000 ? s->opts.idle_timeout_ms / 4 : 1000);
        do {
                n = conns_expired(s->conns, now, ids, sizeof(ids) / sizeof(ids[0]));
                for (size_t i = 0; i < n; i++) {
                        nng_pipe p = NNG_PIPE_INITIALIZER;
                        p.id = ids[i];
                        conns_remove(s->conns, ids[i]);
                        nng_pipe_close(p);
                }
                total += n;
        } while (n == sizeof(ids) / sizeof(ids[0]));
        atomic_fetch_add(&s->expired_total, total);
        if (total > 0)
                log_info("closed %zu connections idle or mid-message for %u ms", total,
                         s->opts.idle_timeout_ms);
}

static void monitor_main(void *arg)
{
        struct server *s = arg;

        while (!atomic_load(&s->stop_monitor)) {
                sweep(s);
                if (!atomic_load(&s->health.db_ok)) {
                        char err[256];
                        if (db_ping(s->opts.conninfo, err, sizeof(err)) == RS_OK &&
                            !atomic_exchange(&s->health.db_ok, 1))
                                log_info("database is reachable again");
                }
                for (int i = 0; i < 10 && !atomic_load(&s->stop_monitor); i++) {
                        nng_msleep(100);
                        sweep(s);
                }
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
        // A frame larger than a request can be is refused from its header,
        // before nng allocates the length it announces.
        if ((rv = nng_listener_set_size(l, NNG_OPT_RECVMAXSZ, RS_MAX_WIRE_BYTES)) != 0)
                goto fail;
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

// The key of a pipe's source address; ipc is exempt from the per-address
// cap. Returns 0, or -1 when the pipe is the server's own (inproc) and is
// not counted at all.
static int pipe_addr(nng_pipe p, struct conns_addr *a, char *text, size_t len)
{
        nng_sockaddr sa;

        memset(a, 0, sizeof(*a));
        snprintf(text, len, "local");
        if (nng_pipe_get_addr(p, NNG_OPT_REMADDR, &sa) != 0)
                return -1;
        switch (sa.s_family) {
        case NNG_AF_INET:
                memcpy(a->bytes, &sa.s_in.sa_addr, 4);
                inet_ntop(AF_INET, &sa.s_in.sa_addr, text, (socklen_t)len);
                return 0;
        case NNG_AF_INET6:
                memcpy(a->bytes, sa.s_in6.sa_addr, 16);
                inet_ntop(AF_INET6, sa.s_in6.sa_addr, text, (socklen_t)len);
                return 0;
        case NNG_AF_IPC:
                a->any = 1;
                return 0;
        default:
                return -1;
        }
}

// Logs refused connections, at most one line every 10 s.
static void note_refused(struct server *s, const char *addr, enum conns_verdict v)
{
        unsigned long long left_out = 0;

        atomic_fetch_add(&s->refused_total, 1);
        if (!log_rate_admit(&s->refused, 10000, &left_out))
                return;
        log_warn("refusing connections: %s (from %s; %llu refused since the last report)",
                 v == CONNS_FULL ? "--max-connections reached"
                                 : "--max-connections-per-address reached",
                 addr, left_out + 1);
}

// Admits a connection under the caps, or closes it; refuses all once
// draining.
static void on_pipe_add(nng_pipe p, nng_pipe_ev ev, void *arg)
{
        struct server *s = arg;
        struct conns_addr a;
        enum conns_verdict v;
        char text[INET6_ADDRSTRLEN];

        (void)ev;
        if (atomic_load(&s->health.draining)) {
                nng_pipe_close(p);
                return;
        }
        if (pipe_addr(p, &a, text, sizeof(text)) != 0)
                return;
        if ((v = conns_add(s->conns, (uint32_t)nng_pipe_id(p), &a, clock_ms())) != CONNS_ADMITTED) {
                note_refused(s, text, v);
                nng_pipe_close(p);
        }
}

static void on_pipe_rem(nng_pipe p, nng_pipe_ev ev, void *arg)
{
        struct server *s = arg;

        (void)ev;
        conns_remove(s->conns, (uint32_t)nng_pipe_id(p));
}

// As many quick connections as nng 1.5 has task threads (two per core, at
// most 16), less one, so that one is always free to move replies and other
// calls; or what the options ask for.
static int quick_count(const struct server_opts *o)
{
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        int n = (int)(ncpu > 0 ? ncpu : 1) * 2 - 1;

        if (o->quick >= 0)
                return o->quick < 64 ? o->quick : 64;
        return n < 1 ? 1 : n > 15 ? 15 : n;
}

// Raises the soft open-file limit to the hard one, and lowers the
// connection cap when even that cannot hold it beside the server's other
// descriptors: an exhausted limit stops every client, not just the greedy.
static void check_fd_limit(struct server *s)
{
        struct rlimit rl;
        rlim_t need, other;

        if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
                return;
        if (rl.rlim_cur < rl.rlim_max) {
                rlim_t was = rl.rlim_cur;
                rl.rlim_cur = rl.rlim_max;
                if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
                        log_warn("cannot raise the open-file limit: %s", strerror(errno));
                        rl.rlim_cur = was;
                } else {
                        log_debug("open-file limit raised from %llu to %llu",
                                  (unsigned long long)was, (unsigned long long)rl.rlim_cur);
                }
        }
        // Database connections, listeners, logs, the embedded cluster's
        // pipes, nng's own descriptors, and the other doors.
        other = SERVER_FD_RESERVE + 2 * (rlim_t)(s->opts.workers + quick_count(&s->opts)) +
                s->opts.other_fds;
        need = other + s->opts.max_connections;
        if (rl.rlim_cur != RLIM_INFINITY && need > rl.rlim_cur) {
                unsigned fit = rl.rlim_cur > other + 16 ? (unsigned)(rl.rlim_cur - other) : 16;
                log_warn("the open-file limit (%llu) cannot hold --max-connections %u beside the "
                         "server's other %llu descriptors: lowering the cap to %u (raise "
                         "LimitNOFILE / ulimit -n)",
                         (unsigned long long)rl.rlim_cur, s->opts.max_connections,
                         (unsigned long long)other, fit);
                s->opts.max_connections = fit;
        }
}

int server_start(struct server **out, const struct server_opts *opts)
{
        struct server *s = calloc(1, sizeof(*s));
        char err[256];
        int rv;

        *out = NULL;
        if (s == NULL)
                return -1;
        s->opts = *opts;
        if (s->opts.guess_log_ms == 0)
                s->opts.guess_log_ms = SERVER_DEFAULT_GUESS_LOG_MS;
        if (s->opts.workers <= 0)
                s->opts.workers = 8;
        s->slots_per_worker = s->opts.contexts > 0 ? s->opts.contexts : 8;
        if (s->opts.max_connections == 0)
                s->opts.max_connections = SERVER_DEFAULT_MAX_CONNECTIONS;
        if (s->opts.max_per_address == 0)
                s->opts.max_per_address = SERVER_DEFAULT_MAX_PER_ADDRESS;
        check_fd_limit(s);
        {
                struct conns_limits cl = {s->opts.max_connections, s->opts.max_per_address,
                                          s->opts.idle_timeout_ms};
                if (conns_new(&s->conns, &cl) != 0)
                        goto fail;
        }
        s->db_cap = s->opts.workers * s->slots_per_worker;
        if (rpc_check_registrations() != 0 || metrics_init() != 0)
                goto fail;
        if (db_ping(opts->conninfo, err, sizeof(err)) == RS_OK) {
                atomic_store(&s->health.db_ok, 1);
        } else {
                log_warn("%s; calls will answer UNAVAILABLE until it is back", err);
        }
        if ((rv = nng_rep0_open(&s->sock)) != 0) {
                log_error("cannot open socket: %s", nng_strerror(rv));
                goto fail;
        }
        if ((rv = nng_socket_set_size(s->sock, NNG_OPT_RECVMAXSZ, RS_MAX_WIRE_BYTES)) != 0 ||
            (rv = nng_pipe_notify(s->sock, NNG_PIPE_EV_ADD_PRE, on_pipe_add, s)) != 0 ||
            (rv = nng_pipe_notify(s->sock, NNG_PIPE_EV_REM_POST, on_pipe_rem, s)) != 0) {
                log_error("cannot configure socket: %s", nng_strerror(rv));
                goto fail;
        }
        s->workers = calloc((size_t)s->opts.workers, sizeof(*s->workers));
        if (s->workers == NULL)
                goto fail;
        for (int i = 0; i < s->opts.workers; i++) {
                struct worker *w = &s->workers[i];
                w->srv = s;
                w->id = i;
                int n_slots = s->slots_per_worker + (i == 0 ? SERVER_RESERVED_SLOTS : 0);
                w->slots = calloc((size_t)n_slots, sizeof(*w->slots));
                w->db = db_conn_new(opts->conninfo);
                if (w->slots == NULL || w->db == NULL || (rv = nng_mtx_alloc(&w->mtx)) != 0 ||
                    (rv = nng_cv_alloc(&w->cv, w->mtx)) != 0) {
                        log_error("cannot start worker: out of memory");
                        s->n_workers = i + 1;
                        goto fail;
                }
                s->n_workers = i + 1;
                for (int k = 0; k < n_slots; k++) {
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
        // The quick connections connect on first use.
        {
                int n = quick_count(&s->opts);
                if (n > 0 && (s->quick = calloc((size_t)n, sizeof(*s->quick))) == NULL)
                        goto fail;
                for (int i = 0; i < n; i++) {
                        s->quick[i].srv = s;
                        s->quick[i].id = -1 - i;
                        if ((s->quick[i].db = db_conn_new(opts->conninfo)) == NULL)
                                goto fail;
                        s->n_quick = i + 1;
                }
        }
        if (nng_thread_create(&s->monitor, monitor_main, s) != 0)
                goto fail;
        for (int i = 0; i < opts->n_listen; i++)
                if (open_listener(s, opts->listen[i]) != 0)
                        goto fail;
        // Receives are armed round-robin across workers, so the first calls
        // of a burst land on different workers.
        for (int k = 0; k < s->slots_per_worker + SERVER_RESERVED_SLOTS; k++)
                for (int i = 0; i < s->n_workers; i++) {
                        struct slot *sl;
                        if (k >= s->workers[i].n_slots)
                                continue;
                        sl = &s->workers[i].slots[k];
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

void server_drain(struct server *s)
{
        uint64_t until;

        if (s == NULL || s->drained)
                return;
        s->drained = 1;
        // Closing a listener would also close the connections it accepted,
        // losing the replies of calls in flight. Instead new connections are
        // refused (on_pipe_add) and new calls answered UNAVAILABLE.
        atomic_store(&s->health.draining, 1);
        until = clock_ms() + s->opts.drain_ms;
        while (atomic_load(&s->inflight) > 0 && clock_ms() < until)
                nng_msleep(10);
        if (atomic_load(&s->inflight) > 0)
                log_warn("shutting down with %d calls still in flight", atomic_load(&s->inflight));
        else
                log_info("drained: no calls in flight");
}

void server_stop(struct server *s)
{
        if (s == NULL)
                return;
        server_drain(s);
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
                        struct slot *sl = &w->slots[k];
                        if (sl->req)
                                reinstate__v1__request__free_unpacked(sl->req, NULL);
                        // A reply made after the aio was stopped (a call that
                        // outlived the drain) was never taken by nng.
                        if (sl->state == S_SEND && sl->aio && nng_aio_get_msg(sl->aio))
                                nng_msg_free(nng_aio_get_msg(sl->aio));
                        nng_aio_free(sl->aio);
                }
                free(w->slots);
                db_conn_free(w->db);
                if (w->cv)
                        nng_cv_free(w->cv);
                if (w->mtx)
                        nng_mtx_free(w->mtx);
        }
        // Every callback has returned (nng_aio_stop above): no quick
        // connection is in use.
        for (int i = 0; i < s->n_quick; i++)
                db_conn_free(s->quick[i].db);
        free(s->quick);
        atomic_store(&s->stop_monitor, 1);
        if (s->monitor)
                nng_thread_destroy(s->monitor);
        if (s->tls)
                nng_tls_config_free(s->tls);
        free(s->workers);
        conns_free(s->conns);
        free(s);
}
