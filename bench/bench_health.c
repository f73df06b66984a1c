// bench_health: calls/s and latency of Health/Check against a running
// reinstated, side by side with a raw nng REQ/REP echo of the same payload
// size served from this process, at concurrency 1, 4, 16 and 64. The ratio
// to the echo is the figure to watch: both run on the same machine at the
// same time, so noise from other load mostly cancels out.
//
//   bench_health --server URL [--seconds S] [--levels 1,4,16,64]
#include <getopt.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/supplemental/util/platform.h>
#include <sodium.h>

#include "envelope.h"
#include "rpc_client.h"
#include "status.h"
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

struct run {
        const char *url;
        int raw; // 1: raw echo of a packed envelope; 0: Health/Check via rpc_call
        uint64_t until;
        atomic_uint_fast64_t errors;
        uint32_t *lat; // microseconds, shared array
        atomic_size_t n;
        const uint8_t *wire;
        size_t wire_len;
};

static void client_main(void *arg)
{
        struct run *r = arg;
        struct rpc_client_opts o = {r->url, NULL, 5000, 1};
        struct rpc_client *c = NULL;
        char err[256];

        if (rpc_client_open(&c, &o, err, sizeof(err)) != RS_OK) {
                atomic_fetch_add(&r->errors, 1);
                return;
        }
        while (now_us() < r->until) {
                uint64_t t0 = now_us();
                int ok;

                if (r->raw) {
                        void *reply = NULL;
                        size_t rlen = 0;
                        ok = rpc_call_raw(c, r->wire, r->wire_len, 5000, &reply, &rlen) == 0;
                        free(reply);
                } else {
                        Reinstate__V1__HealthCheckRequest req =
                            REINSTATE__V1__HEALTH_CHECK_REQUEST__INIT;
                        struct rpc_result res = RPC_RESULT_INIT;
                        ProtobufCMessage *out = NULL;
                        ok = rpc_call(c, "reinstate.v1.Health/Check", NULL, NULL, &req.base,
                                      &reinstate__v1__health_check_response__descriptor, &out,
                                      &res) == RS_OK;
                        if (out)
                                protobuf_c_message_free_unpacked(out, NULL);
                        rpc_result_fini(&res);
                }
                if (!ok) {
                        atomic_fetch_add(&r->errors, 1);
                        continue;
                }
                size_t i = atomic_fetch_add(&r->n, 1);
                if (i < MAX_SAMPLES)
                        r->lat[i] = (uint32_t)(now_us() - t0);
        }
        rpc_client_close(c);
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
};

static struct figures measure(const char *url, int raw, int conc, double seconds,
                              const uint8_t *wire, size_t wlen, uint32_t *lat)
{
        struct run r = {.url = url, .raw = raw, .lat = lat, .wire = wire, .wire_len = wlen};
        nng_thread **thr = calloc((size_t)conc, sizeof(*thr));
        struct figures f = {0};
        uint64_t t0;
        size_t n;

        atomic_init(&r.errors, 0);
        atomic_init(&r.n, 0);
        t0 = now_us();
        r.until = t0 + (uint64_t)(seconds * 1e6);
        for (int i = 0; i < conc; i++)
                nng_thread_create(&thr[i], client_main, &r);
        for (int i = 0; i < conc; i++)
                nng_thread_destroy(thr[i]);
        n = atomic_load(&r.n);
        f.rate = (double)n / ((double)(now_us() - t0) / 1e6);
        if (n > MAX_SAMPLES)
                n = MAX_SAMPLES;
        qsort(lat, n, sizeof(*lat), cmp_u32);
        f.p50 = n ? lat[n / 2] : 0;
        f.p99 = n ? lat[(n * 99) / 100] : 0;
        f.errors = atomic_load(&r.errors);
        free(thr);
        return f;
}

int main(int argc, char **argv)
{
        static const struct option longopts[] = {
            {"server", required_argument, NULL, 's'},
            {"seconds", required_argument, NULL, 't'},
            {"levels", required_argument, NULL, 'l'},
            {NULL, 0, NULL, 0},
        };
        const char *server = "tcp://127.0.0.1:7700", *echo_url = "tcp://127.0.0.1:7799";
        char levels[128] = "1,4,16,64";
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
                else
                        return 2;
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

        printf("payload %zu bytes, %.1f s per run, server %s\n\n", wlen, seconds, server);
        printf("%-5s %12s %8s %8s %12s %8s %8s %8s\n", "conc", "health/s", "p50_us", "p99_us",
               "echo/s", "p50_us", "p99_us", "ratio");
        for (char *p = levels; *p;) {
                int conc = atoi(p);
                struct figures e, h;

                e = measure(echo_url, 1, conc, seconds, wire, wlen, lat);
                h = measure(server, 0, conc, seconds, wire, wlen, lat);
                printf("%-5d %12.0f %8u %8u %12.0f %8u %8u %8.2f%s\n", conc, h.rate, h.p50, h.p99,
                       e.rate, e.p50, e.p99, e.rate > 0 ? h.rate / e.rate : 0.0,
                       h.errors || e.errors ? "  (errors)" : "");
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
