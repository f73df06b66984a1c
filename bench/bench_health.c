// bench_health: calls/s and latency of Health/Check against a running
// reinstated, side by side with a raw nng REQ/REP echo of the same payload
// size served from this process, at concurrency 1, 4, 16 and 64. The ratio
// to the echo is the figure to watch: both run on the same machine at the
// same time, so noise from other load mostly cancels out.
//
// With --http URL, the same Health/Check over the web door (Connect JSON,
// one keep-alive connection per caller, driven by libcurl's multi
// interface so neither side spends a thread per request) runs at each level
// too, and its ratio to the nng path is printed (bench/http.sh).
//
//   bench_health --server URL [--seconds S] [--levels 1,4,16,64] [--http URL]
//
// --serve-echo URL serves the echo alone for --seconds, and --raw measures a
// server that is such an echo: for looking at the echo from outside.
// --health measures Health/Check alone in the format of the database calls.
// With --token it drives database calls instead, one line per level
// ("conc calls/s p50_us p99_us calls"), for the bench scripts to set beside
// pgbench: --case ID (Cases/GetCase), --attempt IDS (Attempts/LogAttempt,
// caller i writing on the i-th case of the comma-separated list, each call
// with its own request_id), or --mix IDS (Health/Check, GetCase and
// LogAttempt in turn on each caller).
#include <getopt.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/util/platform.h>
#include <curl/curl.h>
#include <sodium.h>

#include "envelope.h"
#include "status.h"
#include "reinstate/v1/attempts.pb-c.h"
#include "reinstate/v1/cases.pb-c.h"
#include "reinstate/v1/health.pb-c.h"

#define ECHO_CTXS   64
#define MAX_SAMPLES 2000000

struct echo_ctx {
        nng_ctx ctx;
        nng_aio *aio;
        int sending;
};

static nng_socket echo_sock;
static struct echo_ctx echo_ctxs[ECHO_CTXS];

// The baseline server: nng's canonical asynchronous REP echo.
static void echo_cb(void *arg)
{
        struct echo_ctx *e = arg;
        int rv = nng_aio_result(e->aio);

        if (rv == NNG_ECLOSED || rv == NNG_ECANCELED)
                return;
        if (!e->sending && rv == 0) {
                e->sending = 1;
                nng_ctx_send(e->ctx, e->aio);
                return;
        }
        if (e->sending && rv != 0)
                nng_msg_free(nng_aio_get_msg(e->aio));
        e->sending = 0;
        nng_ctx_recv(e->ctx, e->aio);
}

static int echo_start(const char *url)
{
        int rv;

        if ((rv = nng_rep0_open(&echo_sock)) != 0 ||
            (rv = nng_listen(echo_sock, url, NULL, 0)) != 0)
                return rv;
        for (int i = 0; i < ECHO_CTXS; i++) {
                nng_ctx_open(&echo_ctxs[i].ctx, echo_sock);
                nng_aio_alloc(&echo_ctxs[i].aio, echo_cb, &echo_ctxs[i]);
                nng_ctx_recv(echo_ctxs[i].ctx, echo_ctxs[i].aio);
        }
        return 0;
}

static uint64_t now_us(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

enum kind { K_HEALTH, K_GET_CASE, K_LOG_ATTEMPT, K_MIX };

struct run {
        int raw;        // 1: the echo (reply decoded as the request it is)
        enum kind kind; // what the callers send
        const char *token;
        const int64_t *cases; // K_GET_CASE, K_LOG_ATTEMPT: caller i uses cases[i % n_cases]
        size_t n_cases;
        uint64_t until; // stop sending after this (monotonic us)
        atomic_uint_fast64_t errors;
        atomic_int active; // requests still in flight
        uint32_t *lat;     // microseconds, shared array
        atomic_size_t n;
        const uint8_t *wire;
        size_t wire_len;
};

// One request in flight at a time, driven by its aio callback: the load
// generator spends no thread per request, so both servers, not the client,
// set the pace.
struct flight {
        struct run *r;
        int id;
        nng_socket sock;
        nng_ctx ctx;
        nng_aio *aio;
        int receiving;
        enum kind sent; // what the request in flight is
        uint64_t seq;   // calls sent by this caller
        uint64_t t0;
};

// Packs the request of one call of kind k into a new message.
static nng_msg *build_call(struct flight *f, enum kind k)
{
        Reinstate__V1__Request req = REINSTATE__V1__REQUEST__INIT;
        Reinstate__V1__GetCaseRequest gc = REINSTATE__V1__GET_CASE_REQUEST__INIT;
        Reinstate__V1__LogAttemptRequest la = REINSTATE__V1__LOG_ATTEMPT_REQUEST__INIT;
        Reinstate__V1__Attempt at = REINSTATE__V1__ATTEMPT__INIT;
        int64_t case_id = f->r->cases[(size_t)f->id % f->r->n_cases];
        uint8_t payload[512];
        char rid[64];
        nng_msg *m;
        size_t n;

        req.protocol_version = RS_PROTOCOL_VERSION;
        req.request_id = (char *)"";
        req.auth_token = (char *)f->r->token;
        req.timeout_ms = 5000;
        req.payload.data = payload;
        switch (k) {
        case K_GET_CASE:
                req.method = (char *)"reinstate.v1.Cases/GetCase";
                gc.id = case_id;
                req.payload.len = reinstate__v1__get_case_request__pack(&gc, payload);
                break;
        case K_LOG_ATTEMPT:
                req.method = (char *)"reinstate.v1.Attempts/LogAttempt";
                snprintf(rid, sizeof(rid), "bench-%d-%d-%llu", (int)getpid(), f->id,
                         (unsigned long long)f->seq);
                req.request_id = rid;
                at.case_id = case_id;
                at.channel = (char *)"phone";
                at.contact_role = (char *)"hiring_manager";
                at.contact_name = (char *)"Manager";
                at.summary = (char *)"left a message with the assistant";
                at.outcome = (char *)"no_answer";
                la.attempt = &at;
                req.payload.len = reinstate__v1__log_attempt_request__pack(&la, payload);
                break;
        default:
                req.method = (char *)"reinstate.v1.Health/Check";
                req.payload.len = 0;
                break;
        }
        n = reinstate__v1__request__get_packed_size(&req);
        if (nng_msg_alloc(&m, n) != 0)
                return NULL;
        reinstate__v1__request__pack(&req, nng_msg_body(m));
        return m;
}

static void flight_send(struct flight *f)
{
        nng_msg *m = NULL;

        if (now_us() >= f->r->until) {
                atomic_fetch_sub(&f->r->active, 1);
                return;
        }
        if (f->r->token == NULL) {
                f->sent = K_HEALTH;
                if (nng_msg_alloc(&m, f->r->wire_len) == 0)
                        memcpy(nng_msg_body(m), f->r->wire, f->r->wire_len);
        } else {
                f->sent = f->r->kind == K_MIX ? (enum kind)(f->seq % 3) : f->r->kind;
                m = build_call(f, f->sent);
        }
        if (m == NULL) {
                atomic_fetch_sub(&f->r->active, 1);
                return;
        }
        f->seq++;
        f->receiving = 0;
        f->t0 = now_us();
        nng_aio_set_msg(f->aio, m);
        nng_ctx_send(f->ctx, f->aio);
}

// Decodes a reply the way a client must: the health reply as a response
// envelope with its payload, the echo as the request envelope it is.
static int reply_ok(const struct run *r, enum kind sent, nng_msg *m)
{
        int ok = 0;

        if (r->raw) {
                Reinstate__V1__Request *q =
                    reinstate__v1__request__unpack(NULL, nng_msg_len(m), nng_msg_body(m));
                ok = q != NULL;
                if (q)
                        reinstate__v1__request__free_unpacked(q, NULL);
        } else {
                Reinstate__V1__Response *resp =
                    reinstate__v1__response__unpack(NULL, nng_msg_len(m), nng_msg_body(m));
                if (resp && resp->code == RS_OK) {
                        const ProtobufCMessageDescriptor *d =
                            sent == K_GET_CASE ? &reinstate__v1__case__descriptor
                            : sent == K_LOG_ATTEMPT
                                ? &reinstate__v1__log_attempt_response__descriptor
                                : &reinstate__v1__health_check_response__descriptor;
                        ProtobufCMessage *out = protobuf_c_message_unpack(
                            d, NULL, resp->payload.len, resp->payload.data);
                        ok = out != NULL;
                        if (out)
                                protobuf_c_message_free_unpacked(out, NULL);
                }
                if (resp)
                        reinstate__v1__response__free_unpacked(resp, NULL);
        }
        return ok;
}

static void flight_cb(void *arg)
{
        struct flight *f = arg;
        int rv = nng_aio_result(f->aio);

        if (rv != 0) {
                if (!f->receiving)
                        nng_msg_free(nng_aio_get_msg(f->aio));
                atomic_fetch_add(&f->r->errors, 1);
                if (rv == NNG_ECLOSED || rv == NNG_ECANCELED) {
                        atomic_fetch_sub(&f->r->active, 1);
                        return;
                }
                flight_send(f);
                return;
        }
        if (!f->receiving) {
                f->receiving = 1;
                nng_ctx_recv(f->ctx, f->aio);
                return;
        }
        {
                nng_msg *m = nng_aio_get_msg(f->aio);
                if (reply_ok(f->r, f->sent, m)) {
                        size_t i = atomic_fetch_add(&f->r->n, 1);
                        if (i < MAX_SAMPLES)
                                f->r->lat[i] = (uint32_t)(now_us() - f->t0);
                } else {
                        atomic_fetch_add(&f->r->errors, 1);
                }
                nng_msg_free(m);
        }
        flight_send(f);
}

static int cmp_u32(const void *a, const void *b)
{
        uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

        return x < y ? -1 : x > y;
}

struct figures {
        double rate;
        uint32_t p50, p99;
        uint64_t errors;
        size_t calls;
};

// run holds what to send (raw, kind, token, cases, wire); measure fills the rest.
static struct figures measure(const char *url, struct run r, int conc, double seconds,
                              uint32_t *lat)
{
        struct flight *fl = calloc((size_t)conc, sizeof(*fl));
        struct figures f = {0};
        uint64_t t0;
        size_t n;

        r.lat = lat;
        atomic_init(&r.errors, 0);
        atomic_init(&r.n, 0);
        atomic_init(&r.active, conc);
        // One connection per concurrent caller, as separate clients would have.
        for (int i = 0; i < conc; i++) {
                fl[i].r = &r;
                fl[i].id = i;
                if (nng_req0_open(&fl[i].sock) != 0 ||
                    nng_socket_set_ms(fl[i].sock, NNG_OPT_REQ_RESENDTIME, NNG_DURATION_INFINITE) ||
                    nng_dial(fl[i].sock, url, NULL, 0) != 0 ||
                    nng_ctx_open(&fl[i].ctx, fl[i].sock) ||
                    nng_aio_alloc(&fl[i].aio, flight_cb, &fl[i]) != 0) {
                        fprintf(stderr, "bench_health: cannot connect to %s\n", url);
                        exit(1);
                }
                nng_aio_set_timeout(fl[i].aio, 5000);
        }
        t0 = now_us();
        r.until = t0 + (uint64_t)(seconds * 1e6);
        for (int i = 0; i < conc; i++)
                flight_send(&fl[i]);
        while (atomic_load(&r.active) > 0)
                nng_msleep(5);
        n = atomic_load(&r.n);
        f.calls = n;
        f.rate = (double)n / ((double)(now_us() - t0) / 1e6);
        for (int i = 0; i < conc; i++) {
                nng_aio_free(fl[i].aio);
                nng_close(fl[i].sock);
        }
        if (n > MAX_SAMPLES)
                n = MAX_SAMPLES;
        qsort(lat, n, sizeof(*lat), cmp_u32);
        f.p50 = n ? lat[n / 2] : 0;
        f.p99 = n ? lat[(n * 99) / 100] : 0;
        f.errors = atomic_load(&r.errors);
        free(fl);
        return f;
}

// --- the web door ---

struct hflight {
        CURL *easy;
        uint64_t t0;
        char body[256];
        size_t len;
};

static size_t hwrite(char *data, size_t size, size_t n, void *arg)
{
        struct hflight *f = arg;
        size_t k = size * n;

        if (f->len + k < sizeof(f->body)) {
                memcpy(f->body + f->len, data, k);
                f->len += k;
                f->body[f->len] = '\0';
        }
        return k;
}

// POST /reinstate.v1.Health/Check {} at conc callers for seconds; a reply
// counts when it is 200 and says SERVING.
static struct figures measure_http(const char *base, int conc, double seconds, uint32_t *lat)
{
        CURLM *m = curl_multi_init();
        struct hflight *fl = calloc((size_t)conc, sizeof(*fl));
        struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
        struct figures f = {0};
        char url[512];
        uint64_t t0, until;
        size_t n = 0;
        int active = conc, running = 0;

        snprintf(url, sizeof(url), "%s/reinstate.v1.Health/Check", base);
        t0 = now_us();
        until = t0 + (uint64_t)(seconds * 1e6);
        for (int i = 0; i < conc; i++) {
                CURL *e = curl_easy_init();
                fl[i].easy = e;
                curl_easy_setopt(e, CURLOPT_URL, url);
                curl_easy_setopt(e, CURLOPT_POSTFIELDS, "{}");
                curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
                curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, hwrite);
                curl_easy_setopt(e, CURLOPT_WRITEDATA, &fl[i]);
                curl_easy_setopt(e, CURLOPT_PRIVATE, &fl[i]);
                curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 5000L);
                curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L); // a local bench
                curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
                fl[i].t0 = now_us();
                curl_multi_add_handle(m, e);
        }
        while (active > 0) {
                CURLMsg *msg;
                int left;

                curl_multi_perform(m, &running);
                while ((msg = curl_multi_info_read(m, &left)) != NULL) {
                        struct hflight *h;
                        long status = 0;

                        if (msg->msg != CURLMSG_DONE)
                                continue;
                        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&h);
                        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
                        if (msg->data.result == CURLE_OK && status == 200 &&
                            strstr(h->body, "\"SERVING\"")) {
                                if (n < MAX_SAMPLES)
                                        lat[n] = (uint32_t)(now_us() - h->t0);
                                n++;
                        } else {
                                f.errors++;
                        }
                        curl_multi_remove_handle(m, msg->easy_handle);
                        if (now_us() >= until) {
                                active--;
                                continue;
                        }
                        h->len = 0;
                        h->t0 = now_us();
                        curl_multi_add_handle(m, msg->easy_handle);
                }
                if (active > 0)
                        curl_multi_poll(m, NULL, 0, 50, NULL);
        }
        f.rate = (double)n / ((double)(now_us() - t0) / 1e6);
        for (int i = 0; i < conc; i++)
                curl_easy_cleanup(fl[i].easy);
        curl_multi_cleanup(m);
        curl_slist_free_all(hdrs);
        free(fl);
        if (n > MAX_SAMPLES)
                n = MAX_SAMPLES;
        qsort(lat, n, sizeof(*lat), cmp_u32);
        f.p50 = n ? lat[n / 2] : 0;
        f.p99 = n ? lat[(n * 99) / 100] : 0;
        return f;
}

// Database calls at each level: calls/s and latency, one line per level
// ("conc calls/s p50 p99 calls"), for the bench scripts to set beside pgbench.
static int bench_db(const char *server, const char *token, enum kind kind, char *ids, char *levels,
                    double seconds)
{
        uint32_t *lat = malloc(sizeof(*lat) * MAX_SAMPLES);
        int64_t cases[256];
        size_t n = 0;

        for (char *p = ids; *p && n < 256;) {
                cases[n++] = atoll(p);
                while (*p && *p != ',')
                        p++;
                if (*p == ',')
                        p++;
        }
        if (n == 0 || lat == NULL) {
                fprintf(stderr, "bench_health: no case ids\n");
                free(lat);
                return 2;
        }
        for (char *p = levels; *p;) {
                int conc = atoi(p);
                struct run r = {.kind = kind, .token = token, .cases = cases, .n_cases = n};
                struct figures f = measure(server, r, conc, seconds, lat);
                printf("%d %.0f %u %u %zu%s\n", conc, f.rate, f.p50, f.p99, f.calls,
                       f.errors ? " errors" : "");
                fflush(stdout);
                while (*p && *p != ',')
                        p++;
                if (*p == ',')
                        p++;
        }
        free(lat);
        return 0;
}

int main(int argc, char **argv)
{
        static const struct option longopts[] = {
            {"server", required_argument, NULL, 's'}, {"seconds", required_argument, NULL, 't'},
            {"levels", required_argument, NULL, 'l'}, {"token", required_argument, NULL, 'k'},
            {"case", required_argument, NULL, 'c'},   {"attempt", required_argument, NULL, 'a'},
            {"mix", required_argument, NULL, 'm'},    {"serve-echo", required_argument, NULL, 'e'},
            {"raw", no_argument, NULL, 'r'},          {"health", no_argument, NULL, 'G'},
            {"http", required_argument, NULL, 'H'},   {NULL, 0, NULL, 0},
        };
        const char *server = "tcp://127.0.0.1:7700", *echo_url = "tcp://127.0.0.1:7799";
        char levels[128] = "1,4,16,64";
        const char *token = "", *http = NULL;
        char *ids = NULL;
        const char *serve = NULL;
        int raw = 0;
        enum kind kind = K_HEALTH;
        double seconds = 3.0;
        Reinstate__V1__Request req = REINSTATE__V1__REQUEST__INIT;
        uint8_t *wire;
        uint32_t *lat;
        size_t wlen;
        int opt;

        while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                if (opt == 's')
                        server = optarg;
                else if (opt == 't')
                        seconds = atof(optarg);
                else if (opt == 'l')
                        snprintf(levels, sizeof(levels), "%s", optarg);
                else if (opt == 'k')
                        token = optarg;
                else if (opt == 'e')
                        serve = optarg;
                else if (opt == 'r')
                        raw = 1;
                else if (opt == 'G') {
                        ids = (char *)"0";
                        kind = K_HEALTH;
                } else if (opt == 'H') {
                        http = optarg;
                } else if (opt == 'c' || opt == 'a' || opt == 'm') {
                        ids = optarg;
                        kind = opt == 'c' ? K_GET_CASE : opt == 'a' ? K_LOG_ATTEMPT : K_MIX;
                } else
                        return 2;
        }
        if (ids != NULL)
                return bench_db(server, token, kind, ids, levels, seconds);
        if (serve != NULL) {
                // The echo alone, for `seconds`, to be measured from outside
                // (strace, /proc) with --raw.
                if (echo_start(serve) != 0) {
                        fprintf(stderr, "bench_health: cannot start the echo server on %s\n",
                                serve);
                        return 1;
                }
                nng_msleep((nng_duration)(seconds * 1000));
                nng_close(echo_sock);
                return 0;
        }
        if (sodium_init() < 0 || echo_start(echo_url) != 0) {
                fprintf(stderr, "bench_health: cannot start the echo server on %s\n", echo_url);
                return 1;
        }
        // The echo payload: exactly what the health client sends.
        req.protocol_version = RS_PROTOCOL_VERSION;
        req.method = (char *)"reinstate.v1.Health/Check";
        req.request_id = (char *)"0123456789abcdef0123456789abcdef";
        req.auth_token = (char *)"";
        req.timeout_ms = 5000;
        wlen = reinstate__v1__request__get_packed_size(&req);
        wire = malloc(wlen);
        reinstate__v1__request__pack(&req, wire);
        lat = malloc(sizeof(*lat) * MAX_SAMPLES);

        if (raw) {
                // --server is an echo (--serve-echo): "conc calls/s p50 p99 calls".
                for (char *p = levels; *p;) {
                        struct run re = {.raw = 1, .wire = wire, .wire_len = wlen};
                        struct figures e = measure(server, re, atoi(p), seconds, lat);
                        printf("%d %.0f %u %u %zu\n", atoi(p), e.rate, e.p50, e.p99, e.calls);
                        while (*p && *p != ',')
                                p++;
                        if (*p == ',')
                                p++;
                }
                free(wire);
                free(lat);
                return 0;
        }
        printf("payload %zu bytes, %.1f s per run, server %s\n\n", wlen, seconds, server);
        if (http)
                curl_global_init(CURL_GLOBAL_DEFAULT);
        printf("%-5s %12s %8s %8s %12s %8s %8s %8s", "conc", "health/s", "p50_us", "p99_us",
               "echo/s", "p50_us", "p99_us", "ratio");
        if (http)
                printf(" %12s %8s %8s %9s", "http/s", "p50_us", "p99_us", "http/nng");
        printf("\n");
        for (char *p = levels; *p;) {
                int conc = atoi(p);
                struct figures e, h;

                struct run re = {.raw = 1, .wire = wire, .wire_len = wlen};
                struct run rh = {.raw = 0, .wire = wire, .wire_len = wlen};

                e = measure(echo_url, re, conc, seconds, lat);
                h = measure(server, rh, conc, seconds, lat);
                printf("%-5d %12.0f %8u %8u %12.0f %8u %8u %8.2f", conc, h.rate, h.p50, h.p99,
                       e.rate, e.p50, e.p99, e.rate > 0 ? h.rate / e.rate : 0.0);
                if (http) {
                        struct figures w = measure_http(http, conc, seconds, lat);
                        printf(" %12.0f %8u %8u %9.2f%s", w.rate, w.p50, w.p99,
                               h.rate > 0 ? w.rate / h.rate : 0.0,
                               w.errors ? "  (http errors)" : "");
                }
                printf("%s\n", h.errors || e.errors ? "  (errors)" : "");
                fflush(stdout);
                while (*p && *p != ',')
                        p++;
                if (*p == ',')
                        p++;
        }
        nng_close(echo_sock);
        free(wire);
        free(lat);
        return 0;
}
