// guess: many guesses at once, from chosen loopback source addresses, for
// the tests of the login and access-code limits.
//
//   guess URL flood THREADS SECONDS          logins with a new random email
//                                            each time, from 127.0.0.2, while
//                                            Health is called from 127.0.0.1
//   guess URL burst THREADS EMAIL            one wrong login per thread, all
//                                            at once, for one email
//   guess URL codes ADDRS PER_ADDR           wrong access codes, PER_ADDR from
//                                            each of 127.0.0.2.. (ADDRS of them)
//   guess URL spread ADDRS PER_ADDR EMAIL    wrong logins for one email,
//                                            PER_ADDR from each of ADDRS
//                                            addresses at once
//   guess URL login EMAIL PASSWORD           one login; prints its status
//
// Prints "key=value" counts of the reply statuses (OK=, UNAUTHENTICATED=,
// NOT_FOUND=, RESOURCE_EXHAUSTED=, other=, dropped=) and for flood the
// Health figures (health_calls=, health_failed=, health_max_ms=). Every
// call has its own deadline (5 s): the tool always ends.
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "envelope.h"
#include "status.h"
#include "reinstate/v1/access.pb-c.h"
#include "reinstate/v1/auth.pb-c.h"
#include "reinstate/v1/health.pb-c.h"
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/util/platform.h>
#include "banned.h"

#define CALL_MS 5000

static const char *url;
static atomic_int counts[RS_STATUS_MAX + 2]; // + dropped
static atomic_int stop;

static double now_ms(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

// A REQ socket dialled from the loopback source address src (or any).
static int open_from(nng_socket *s, const char *src)
{
        nng_dialer d;
        int rv;

        if ((rv = nng_req0_open(s)) != 0)
                return rv;
        nng_socket_set_ms(*s, NNG_OPT_RECVTIMEO, CALL_MS);
        nng_socket_set_ms(*s, NNG_OPT_SENDTIMEO, CALL_MS);
        nng_socket_set_ms(*s, NNG_OPT_REQ_RESENDTIME, 0);
        if ((rv = nng_dialer_create(&d, *s, url)) != 0)
                return rv;
        if (src) {
                nng_sockaddr sa;
                memset(&sa, 0, sizeof(sa));
                sa.s_in.sa_family = NNG_AF_INET;
                sa.s_in.sa_addr = inet_addr(src);
                if ((rv = nng_dialer_set_addr(d, NNG_OPT_LOCADDR, &sa)) != 0)
                        return rv;
        }
        return nng_dialer_start(d, 0);
}

// One call; returns the status code, or RS_STATUS_MAX + 1 when dropped.
static int call(nng_socket s, const char *method, const ProtobufCMessage *in)
{
        Reinstate__V1__Request req = REINSTATE__V1__REQUEST__INIT;
        Reinstate__V1__Response *resp = NULL;
        uint8_t payload[2048], *buf = NULL;
        char rid[40], err[128];
        size_t len, rlen = 0;
        void *reply = NULL;
        int code;

        snprintf(rid, sizeof(rid), "guess-%08x%08x", randombytes_random(), randombytes_random());
        req.protocol_version = RS_PROTOCOL_VERSION;
        req.method = (char *)method;
        req.request_id = rid;
        req.timeout_ms = CALL_MS;
        req.payload.len = protobuf_c_message_pack(in, payload);
        req.payload.data = payload;
        len = reinstate__v1__request__get_packed_size(&req);
        buf = malloc(len);
        reinstate__v1__request__pack(&req, buf);
        if (nng_send(s, buf, len, 0) != 0 || nng_recv(s, &reply, &rlen, NNG_FLAG_ALLOC) != 0) {
                free(buf);
                return RS_STATUS_MAX + 1;
        }
        free(buf);
        if (envelope_decode_response(reply, rlen, &resp, err, sizeof(err)) != RS_OK) {
                code = RS_STATUS_MAX + 1;
        } else {
                code = resp->code >= 0 && resp->code <= RS_STATUS_MAX ? (int)resp->code
                                                                      : RS_STATUS_MAX + 1;
                reinstate__v1__response__free_unpacked(resp, NULL);
        }
        nng_free(reply, rlen);
        return code;
}

static int login(nng_socket s, const char *email, const char *password)
{
        Reinstate__V1__LoginRequest in = REINSTATE__V1__LOGIN_REQUEST__INIT;
        in.email = (char *)email;
        in.password = (char *)password;
        return call(s, "reinstate.v1.Auth/Login", &in.base);
}

struct job {
        const char *src;
        const char *email;
        int n;
        pthread_barrier_t *go;
};

static void *flood_main(void *arg)
{
        struct job *j = arg;
        nng_socket s;
        char email[64];

        if (open_from(&s, j->src) != 0) {
                atomic_fetch_add(&counts[RS_STATUS_MAX + 1], 1);
                return NULL;
        }
        while (!atomic_load(&stop)) {
                snprintf(email, sizeof(email), "f%08x@flood.test", randombytes_random());
                atomic_fetch_add(&counts[login(s, email, "not-the-password-1")], 1);
        }
        nng_close(s);
        return NULL;
}

static void *burst_main(void *arg)
{
        struct job *j = arg;
        nng_socket s;
        int rv = open_from(&s, j->src);

        pthread_barrier_wait(j->go);
        if (rv != 0) {
                atomic_fetch_add(&counts[RS_STATUS_MAX + 1], 1);
                return NULL;
        }
        atomic_fetch_add(&counts[login(s, j->email, "not-the-password-1")], 1);
        nng_close(s);
        return NULL;
}

static void *spread_main(void *arg)
{
        struct job *j = arg;
        nng_socket s;

        if (open_from(&s, j->src) != 0) {
                atomic_fetch_add(&counts[RS_STATUS_MAX + 1], 1);
                return NULL;
        }
        for (int i = 0; i < j->n; i++)
                atomic_fetch_add(&counts[login(s, j->email, "not-the-password-1")], 1);
        nng_close(s);
        return NULL;
}

static void *codes_main(void *arg)
{
        struct job *j = arg;
        Reinstate__V1__GetStatusRequest in = REINSTATE__V1__GET_STATUS_REQUEST__INIT;
        static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        char code[20];
        nng_socket s;

        if (open_from(&s, j->src) != 0) {
                atomic_fetch_add(&counts[RS_STATUS_MAX + 1], 1);
                return NULL;
        }
        for (int i = 0; i < j->n; i++) {
                for (int k = 0, o = 0; k < 16; k++) {
                        code[o++] = b32[randombytes_uniform(32)];
                        if (k % 4 == 3 && k < 15)
                                code[o++] = '-';
                        code[o] = '\0';
                }
                in.code = code;
                atomic_fetch_add(&counts[call(s, "reinstate.v1.Access/GetStatus", &in.base)], 1);
        }
        nng_close(s);
        return NULL;
}

static void print_counts(void)
{
        int other = 0;
        for (int i = 0; i <= RS_STATUS_MAX; i++) {
                int n = atomic_load(&counts[i]);
                if (i == RS_OK || i == RS_UNAUTHENTICATED || i == RS_NOT_FOUND ||
                    i == RS_RESOURCE_EXHAUSTED || i == RS_INVALID_ARGUMENT)
                        printf("%s=%d ", rs_status_name(i), n);
                else
                        other += n;
        }
        printf("other=%d dropped=%d", other, atomic_load(&counts[RS_STATUS_MAX + 1]));
}

int main(int argc, char **argv)
{
        pthread_t th[256];
        struct job jobs[256];
        char srcs[256][20];
        int n = 0;

        if (argc < 5 || sodium_init() < 0) {
                fprintf(stderr, "usage: guess URL flood|burst|codes|login ...\n");
                return 1;
        }
        url = argv[1];
        if (strcmp(argv[2], "flood") == 0 && argc == 5) {
                Reinstate__V1__HealthCheckRequest hin = REINSTATE__V1__HEALTH_CHECK_REQUEST__INIT;
                double end, worst = 0;
                int calls = 0, failed = 0;
                nng_socket hs;

                n = atoi(argv[3]);
                if (n < 1 || n > 256)
                        return 1;
                for (int i = 0; i < n; i++) {
                        jobs[i] = (struct job){"127.0.0.2", NULL, 0, NULL};
                        pthread_create(&th[i], NULL, flood_main, &jobs[i]);
                }
                if (open_from(&hs, "127.0.0.1") != 0)
                        return 1;
                end = now_ms() + atof(argv[4]) * 1000.0;
                while (now_ms() < end) {
                        double t0 = now_ms();
                        int code = call(hs, "reinstate.v1.Health/Check", &hin.base);
                        double dt = now_ms() - t0;
                        calls++;
                        if (code != RS_OK)
                                failed++;
                        if (dt > worst)
                                worst = dt;
                        nng_msleep(100);
                }
                atomic_store(&stop, 1);
                for (int i = 0; i < n; i++)
                        pthread_join(th[i], NULL);
                print_counts();
                printf(" health_calls=%d health_failed=%d health_max_ms=%.0f\n", calls, failed,
                       worst);
                nng_close(hs);
                return 0;
        }
        if (strcmp(argv[2], "burst") == 0 && argc == 5) {
                pthread_barrier_t go;
                n = atoi(argv[3]);
                if (n < 1 || n > 256)
                        return 1;
                pthread_barrier_init(&go, NULL, (unsigned)n);
                for (int i = 0; i < n; i++) {
                        jobs[i] = (struct job){"127.0.0.2", argv[4], 0, &go};
                        pthread_create(&th[i], NULL, burst_main, &jobs[i]);
                }
                for (int i = 0; i < n; i++)
                        pthread_join(th[i], NULL);
                print_counts();
                printf("\n");
                return 0;
        }
        if ((strcmp(argv[2], "codes") == 0 && argc == 5) ||
            (strcmp(argv[2], "spread") == 0 && argc == 6)) {
                int spread = argv[2][0] == 's';
                n = atoi(argv[3]);
                if (n < 1 || n > 200)
                        return 1;
                for (int i = 0; i < n; i++) {
                        snprintf(srcs[i], sizeof(srcs[i]), "127.0.%d.%d", 1 + i / 200, 2 + i % 200);
                        jobs[i] =
                            (struct job){srcs[i], spread ? argv[5] : NULL, atoi(argv[4]), NULL};
                        pthread_create(&th[i], NULL, spread ? spread_main : codes_main, &jobs[i]);
                }
                for (int i = 0; i < n; i++)
                        pthread_join(th[i], NULL);
                print_counts();
                printf("\n");
                return 0;
        }
        if (strcmp(argv[2], "login") == 0 && argc == 5) {
                nng_socket s;
                int code;
                if (open_from(&s, "127.0.0.1") != 0)
                        return 1;
                code = login(s, argv[3], argv[4]);
                printf("code=%s\n", code <= RS_STATUS_MAX ? rs_status_name(code) : "dropped");
                nng_close(s);
                return 0;
        }
        fprintf(stderr, "guess: bad arguments\n");
        return 1;
}
