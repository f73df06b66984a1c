// nng REQ transport for the CLI, tests and benchmarks.
//
// nng's REQ protocol resends a pending request after a timer and whenever the
// pipe reconnects, executing it again on the server. That is turned off here
// (NNG_OPT_REQ_RESENDTIME = infinite): a dropped pipe fails the call, and this
// layer decides whether to retry, reusing the request id so the server can
// recognise a repeat.
#include "rpc_client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/tls/tls.h>
#include <nng/supplemental/util/platform.h>
#include <sodium.h>

#include "clock.h"
#include "envelope.h"
#include "status.h"
#include "banned.h"

struct rpc_client {
        nng_socket sock;
        nng_tls_config *tls;
        char *url;
        uint32_t timeout_ms;
        int max_attempts;
        nng_mtx *mtx; // guards dialed and the cached context
        int dialed;
        // One context and aio kept between calls; a call that finds them
        // in use by another thread opens its own.
        nng_ctx cached_ctx;
        nng_aio *cached_aio;
        int cached_busy;
};

// Extracts the host of "scheme://host:port" into out, for TLS server-name checks.
static void url_host(const char *url, char *out, size_t len)
{
        const char *p = strstr(url, "://");
        const char *end;
        size_t n;

        p = p ? p + 3 : url;
        if (*p == '[') {
                p++;
                end = strchr(p, ']');
        } else {
                end = strrchr(p, ':');
        }
        n = end ? (size_t)(end - p) : strlen(p);
        if (n >= len)
                n = len - 1;
        memcpy(out, p, n);
        out[n] = '\0';
}

int rpc_client_url_ok(const char *url)
{
        static const char *const schemes[] = {"tcp://", "tls+tcp://", "ipc://"};

        for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
                size_t n = strlen(schemes[i]);
                if (strncmp(url, schemes[i], n) == 0 && url[n] != '\0')
                        return 1;
        }
        return 0;
}

int rpc_client_open(struct rpc_client **out, const struct rpc_client_opts *opts, char *err,
                    size_t errlen)
{
        struct rpc_client *c = NULL;
        int rv, status = RS_INTERNAL;

        *out = NULL;
        if (sodium_init() < 0) {
                snprintf(err, errlen, "libsodium failed to initialise");
                goto out;
        }
        c = calloc(1, sizeof(*c));
        if (c == NULL || (c->url = strdup(opts->url)) == NULL) {
                snprintf(err, errlen, "out of memory");
                goto out;
        }
        c->timeout_ms = opts->timeout_ms ? opts->timeout_ms : RS_DEFAULT_TIMEOUT_MS;
        c->max_attempts = opts->max_attempts > 0 ? opts->max_attempts : 1;
        if ((rv = nng_mtx_alloc(&c->mtx)) != 0 || (rv = nng_req0_open(&c->sock)) != 0) {
                snprintf(err, errlen, "cannot open socket: %s", nng_strerror(rv));
                goto out;
        }
        nng_socket_set_ms(c->sock, NNG_OPT_REQ_RESENDTIME, NNG_DURATION_INFINITE);
        nng_socket_set_size(c->sock, NNG_OPT_RECVMAXSZ, RS_MAX_RESPONSE_BYTES);
        nng_socket_set_ms(c->sock, NNG_OPT_RECONNMINT, 50);
        nng_socket_set_ms(c->sock, NNG_OPT_RECONNMAXT, 1000);
        if (strncmp(opts->url, "tls+", 4) == 0) {
                char host[256];
                const char *ca = opts->ca_file;

                if (ca == NULL || ca[0] == '\0')
                        ca = "/etc/ssl/certs/ca-certificates.crt";
                url_host(opts->url, host, sizeof(host));
                if ((rv = nng_tls_config_alloc(&c->tls, NNG_TLS_MODE_CLIENT)) != 0 ||
                    (rv = nng_tls_config_auth_mode(c->tls, NNG_TLS_AUTH_MODE_REQUIRED)) != 0 ||
                    (rv = nng_tls_config_server_name(c->tls, host)) != 0) {
                        snprintf(err, errlen, "cannot configure tls: %s", nng_strerror(rv));
                        goto out;
                }
                if ((rv = nng_tls_config_ca_file(c->tls, ca)) != 0) {
                        snprintf(err, errlen, "cannot load ca file '%s': %s", ca, nng_strerror(rv));
                        status = RS_INVALID_ARGUMENT;
                        goto out;
                }
        }
        *out = c;
        c = NULL;
        status = RS_OK;
out:
        rpc_client_close(c);
        return status;
}

void rpc_client_close(struct rpc_client *c)
{
        if (c == NULL)
                return;
        if (c->cached_aio) {
                nng_aio_free(c->cached_aio);
                nng_ctx_close(c->cached_ctx);
        }
        nng_close(c->sock);
        if (c->tls)
                nng_tls_config_free(c->tls);
        if (c->mtx)
                nng_mtx_free(c->mtx);
        free(c->url);
        free(c);
}

// Dials once; later reconnects are nng's. A refused first dial is returned so
// the caller can report UNAVAILABLE rather than wait out the deadline.
static int ensure_dialed(struct rpc_client *c)
{
        nng_dialer d;
        int rv = 0;

        nng_mtx_lock(c->mtx);
        if (c->dialed)
                goto out;
        if ((rv = nng_dialer_create(&d, c->sock, c->url)) != 0)
                goto out;
        if (c->tls && (rv = nng_dialer_set_ptr(d, NNG_OPT_TLS_CONFIG, c->tls)) != 0)
                goto out;
        nng_dialer_set_size(d, NNG_OPT_RECVMAXSZ, RS_MAX_RESPONSE_BYTES);
        if ((rv = nng_dialer_start(d, 0)) != 0) {
                nng_dialer_close(d);
                goto out;
        }
        c->dialed = 1;
out:
        nng_mtx_unlock(c->mtx);
        return rv;
}

// One request/reply exchange on a fresh context, with one aio for both
// directions (nng 1.5 has no blocking context calls).
static int exchange(struct rpc_client *c, const void *data, size_t len, nng_duration timeout,
                    nng_msg **reply)
{
        nng_ctx ctx;
        nng_aio *aio = NULL;
        nng_msg *msg = NULL;
        int rv, cached = 0;

        *reply = NULL;
        if ((rv = ensure_dialed(c)) != 0)
                return rv;
        nng_mtx_lock(c->mtx);
        if (c->cached_aio && !c->cached_busy) {
                c->cached_busy = 1;
                cached = 1;
                ctx = c->cached_ctx;
                aio = c->cached_aio;
        }
        nng_mtx_unlock(c->mtx);
        if (!cached) {
                if ((rv = nng_ctx_open(&ctx, c->sock)) != 0)
                        return rv;
                if ((rv = nng_aio_alloc(&aio, NULL, NULL)) != 0) {
                        nng_ctx_close(ctx);
                        return rv;
                }
        }
        nng_aio_set_timeout(aio, timeout);
        if ((rv = nng_msg_alloc(&msg, len)) != 0)
                goto out;
        memcpy(nng_msg_body(msg), data, len);
        nng_aio_set_msg(aio, msg);
        nng_ctx_send(ctx, aio);
        nng_aio_wait(aio);
        if ((rv = nng_aio_result(aio)) != 0) {
                nng_msg_free(msg);
                goto out;
        }
        nng_ctx_recv(ctx, aio);
        nng_aio_wait(aio);
        if ((rv = nng_aio_result(aio)) == 0)
                *reply = nng_aio_get_msg(aio);
out:
        nng_mtx_lock(c->mtx);
        if (cached) {
                c->cached_busy = 0;
        } else if (c->cached_aio == NULL) {
                // Keep this pair for the next call.
                c->cached_ctx = ctx;
                c->cached_aio = aio;
                aio = NULL;
        }
        nng_mtx_unlock(c->mtx);
        if (!cached && aio) {
                nng_aio_free(aio);
                nng_ctx_close(ctx);
        }
        return rv;
}

int rpc_call_raw(struct rpc_client *c, const void *data, size_t len, uint32_t timeout_ms,
                 void **reply, size_t *reply_len)
{
        nng_msg *msg = NULL;
        int rv = exchange(c, data, len, (nng_duration)timeout_ms, &msg);

        *reply = NULL;
        *reply_len = 0;
        if (rv != 0)
                return rv;
        *reply_len = nng_msg_len(msg);
        *reply = malloc(*reply_len ? *reply_len : 1);
        if (*reply == NULL) {
                nng_msg_free(msg);
                return NNG_ENOMEM;
        }
        memcpy(*reply, nng_msg_body(msg), *reply_len);
        nng_msg_free(msg);
        return 0;
}

void rpc_result_fini(struct rpc_result *res)
{
        if (res->resp)
                reinstate__v1__response__free_unpacked(res->resp, NULL);
        res->resp = NULL;
        res->code = RS_OK;
        res->message[0] = '\0';
        res->attempts = 0;
}

static void backoff(int attempt, uint64_t deadline)
{
        uint64_t base = 100u << (attempt < 5 ? attempt : 5), left, ms;
        struct timespec ts;

        // Full jitter: a random wait in [base/2, base].
        ms = base / 2 + randombytes_uniform((uint32_t)(base / 2 + 1));
        left = deadline > clock_ms() ? deadline - clock_ms() : 0;
        if (ms > left)
                ms = left;
        ts.tv_sec = (time_t)(ms / 1000);
        ts.tv_nsec = (long)(ms % 1000) * 1000000L;
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        }
}

int rpc_call(struct rpc_client *c, const char *method, const char *token, const char *request_id,
             const ProtobufCMessage *in, const ProtobufCMessageDescriptor *out_desc,
             ProtobufCMessage **out, struct rpc_result *res)
{
        Reinstate__V1__Request req = REINSTATE__V1__REQUEST__INIT;
        uint8_t *payload = NULL, *wire = NULL;
        char rid[RS_MAX_REQUEST_ID_LEN + 1];
        uint64_t deadline = clock_ms() + c->timeout_ms;
        size_t plen, wlen;

        *out = NULL;
        rpc_result_fini(res);
        if (request_id == NULL || request_id[0] == '\0') {
                envelope_new_request_id(rid, sizeof(rid));
                request_id = rid;
        }
        plen = protobuf_c_message_get_packed_size(in);
        if (plen > RS_MAX_REQUEST_BYTES) {
                res->code = RS_RESOURCE_EXHAUSTED;
                snprintf(res->message, sizeof(res->message),
                         "request of %zu bytes exceeds the limit of %u bytes", plen,
                         RS_MAX_REQUEST_BYTES);
                goto out;
        }
        payload = malloc(plen ? plen : 1);
        if (payload == NULL) {
                res->code = RS_RESOURCE_EXHAUSTED;
                snprintf(res->message, sizeof(res->message), "out of memory");
                goto out;
        }
        protobuf_c_message_pack(in, payload);
        req.protocol_version = RS_PROTOCOL_VERSION;
        req.method = (char *)method;
        req.request_id = (char *)request_id;
        req.auth_token = (char *)(token ? token : "");
        req.payload.data = payload;
        req.payload.len = plen;

        for (;;) {
                uint64_t now = clock_ms();
                nng_msg *reply = NULL;
                char why[256];
                int rv;

                res->attempts++;
                if (now >= deadline) {
                        res->code = RS_DEADLINE_EXCEEDED;
                        snprintf(res->message, sizeof(res->message), "deadline of %u ms exceeded",
                                 c->timeout_ms);
                        break;
                }
                req.timeout_ms = (uint32_t)(deadline - now);
                free(wire);
                wlen = reinstate__v1__request__get_packed_size(&req);
                if ((wire = malloc(wlen)) == NULL) {
                        res->code = RS_RESOURCE_EXHAUSTED;
                        snprintf(res->message, sizeof(res->message), "out of memory");
                        break;
                }
                reinstate__v1__request__pack(&req, wire);
                // The envelope, not just the payload, must fit the server's
                // cap: a larger message would only be dropped on the wire.
                if (wlen > RS_MAX_REQUEST_BYTES) {
                        res->code = RS_RESOURCE_EXHAUSTED;
                        snprintf(res->message, sizeof(res->message),
                                 "request of %zu bytes exceeds the limit of %u bytes", wlen,
                                 RS_MAX_REQUEST_BYTES);
                        break;
                }
                // The server answers DEADLINE_EXCEEDED itself; the local wait
                // runs a little longer so that answer can arrive.
                rv = exchange(c, wire, wlen, (nng_duration)(deadline - now + 250), &reply);
                if (rv != 0) {
                        res->code = rs_status_from_nng(rv);
                        snprintf(res->message, sizeof(res->message), "%s: %s",
                                 rv == NNG_ETIMEDOUT ? "no reply before the deadline"
                                                     : "cannot reach server",
                                 nng_strerror(rv));
                } else {
                        res->code = envelope_decode_response(
                            nng_msg_body(reply), nng_msg_len(reply), &res->resp, why, sizeof(why));
                        nng_msg_free(reply);
                        if (res->code != RS_OK) {
                                snprintf(res->message, sizeof(res->message), "%s", why);
                        } else {
                                res->code = res->resp->code;
                                snprintf(res->message, sizeof(res->message), "%s",
                                         res->resp->message);
                        }
                }
                if (!rs_status_retryable(res->code) || res->attempts >= c->max_attempts ||
                    clock_ms() >= deadline)
                        break;
                if (res->resp) {
                        if (res->resp->retry_after_ms > 0 &&
                            clock_ms() + res->resp->retry_after_ms >= deadline)
                                break;
                        reinstate__v1__response__free_unpacked(res->resp, NULL);
                        res->resp = NULL;
                }
                backoff(res->attempts - 1, deadline);
        }
        if (res->code == RS_OK) {
                *out = protobuf_c_message_unpack(out_desc, NULL, res->resp->payload.len,
                                                 res->resp->payload.data);
                if (*out == NULL) {
                        res->code = RS_INTERNAL;
                        snprintf(res->message, sizeof(res->message),
                                 "reply payload is not a valid %s", out_desc->name);
                }
        }
out:
        free(payload);
        free(wire);
        return res->code;
}
