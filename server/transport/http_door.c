// The web door; see http_door.h.
//
// One request's life: libmicrohttpd calls on_request first with the
// headers (GET routes are answered there), then with each piece of a POST
// body (kept up to the route's cap), then once more with none. A POST is
// then turned into a Request envelope and submitted to the dispatcher; the
// connection is suspended until the reply comes back on a worker thread,
// which resumes it, and on_request, called again, sends the answer. Calls
// answered without the database (Health/Check) come back before
// server_submit returns and are answered without suspending.
#include "http_door.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <microhttpd.h>
#include <sodium.h>

#include "connect.h"
#include "envelope.h"
#include "log.h"
#include "mailer.h"
#include "metrics.h"
#include "reminder_pages.h"
#include "status_page.h"
#include "banned.h"

// The largest form the page accepts (a code is 19 characters).
#define PAGE_BODY_MAX 4096u

// Sent with every answer. No script runs on the page and nothing is loaded
// from elsewhere; the code is never in a URL, so nothing can leak it in a
// Referer, and answers are never cached.
static const char *const security_headers[][2] = {
    {"Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Cache-Control", "no-store"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Cross-Origin-Resource-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
};

enum route { R_NONE, R_CONNECT, R_PAGE_POST, R_CALENDAR, R_UNSUBSCRIBE };

struct http_door;

// What on_request is called with: the door and which listener.
struct listener {
        struct http_door *d;
        int is_mon; // the separate metrics listener
};

struct http_door {
        struct listener lpub, lmon;
        struct server *srv;
        struct http_door_opts o;
        struct MHD_Daemon *pub; // the public listener
        struct MHD_Daemon *mon; // the metrics listener, when separate
        int tls;
        char *cert, *key;
        atomic_int connections;
        atomic_int requests; // POSTs accepted and not yet completed (answer sent or given up)
};

// A POST in progress; freed when libmicrohttpd completes the request.
struct hreq {
        struct http_door *d;
        enum route route;
        struct MHD_Connection *conn;
        struct buf body;
        size_t cap; // largest body kept
        int too_large;
        int submitted;
        int json; // Connect: the request's (and answer's) encoding
        char path[RS_MAX_METHOD_LEN + 2];
        char token[REMINDER_TOKEN_MAX]; // R_CALENDAR, R_UNSUBSCRIBE
        struct buf env;

        // Set by the reply, under mtx.
        pthread_mutex_t mtx;
        int done, suspended;
        uint8_t *resp;
        size_t resp_len;
};

static void hreq_free(struct hreq *r)
{
        if (r == NULL)
                return;
        buf_fini(&r->body);
        buf_fini(&r->env);
        free(r->resp);
        pthread_mutex_destroy(&r->mtx);
        free(r);
}

static enum MHD_Result send_answer(struct http_door *d, struct MHD_Connection *conn,
                                   struct http_answer *a, int head)
{
        struct MHD_Response *res;
        enum MHD_Result ret;
        char ra[16];

        res = MHD_create_response_from_buffer(head ? 0 : a->body.len,
                                              (void *)(a->body.ptr ? a->body.ptr : ""),
                                              MHD_RESPMEM_MUST_COPY);
        if (res == NULL)
                return MHD_NO;
        for (size_t i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]); i++)
                MHD_add_response_header(res, security_headers[i][0], security_headers[i][1]);
        if (d->tls)
                MHD_add_response_header(res, "Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains");
        MHD_add_response_header(res, MHD_HTTP_HEADER_CONTENT_TYPE, a->content_type);
        if (a->retry_after_ms) {
                snprintf(ra, sizeof(ra), "%u", (a->retry_after_ms + 999u) / 1000u);
                MHD_add_response_header(res, "Retry-After", ra);
        }
        if (a->allow)
                MHD_add_response_header(res, "Allow", a->allow);
        if (a->accept_post)
                MHD_add_response_header(res, "Accept-Post", a->accept_post);
        ret = MHD_queue_response(conn, a->status, res);
        MHD_destroy_response(res);
        return ret;
}

// "127.0.0.1" or "[::1]", as the nng door writes addresses.
static void peer_text(struct MHD_Connection *conn, char *out, size_t len)
{
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char ip[INET6_ADDRSTRLEN];

        snprintf(out, len, "unknown");
        if (ci == NULL || ci->client_addr == NULL)
                return;
        if (ci->client_addr->sa_family == AF_INET) {
                const struct sockaddr_in *a = (const void *)ci->client_addr;
                if (inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip)))
                        snprintf(out, len, "%s", ip);
        } else if (ci->client_addr->sa_family == AF_INET6) {
                const struct sockaddr_in6 *a = (const void *)ci->client_addr;
                if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {
                        if (inet_ntop(AF_INET, &a->sin6_addr.s6_addr[12], ip, sizeof(ip)))
                                snprintf(out, len, "%s", ip);
                } else if (inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip))) {
                        snprintf(out, len, "[%s]", ip);
                }
        }
}

static const char *header(struct MHD_Connection *conn, const char *name)
{
        return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static const char *agency(const struct http_door *d)
{
        return d->o.agency_name && d->o.agency_name[0] ? d->o.agency_name : "reinstate";
}

// --- the reply from the dispatcher ---

static void on_reply(void *arg, const uint8_t *data, size_t len)
{
        struct hreq *r = arg;
        struct MHD_Connection *conn = r->conn;
        uint8_t *copy = NULL;
        int resume;

        if (data && (copy = malloc(len ? len : 1)) != NULL)
                memcpy(copy, data, len);
        pthread_mutex_lock(&r->mtx);
        r->resp = copy;
        r->resp_len = copy ? len : 0;
        r->done = 1;
        resume = r->suspended;
        pthread_mutex_unlock(&r->mtx);
        // r may be freed as soon as the connection runs again: only the
        // connection is touched from here.
        if (resume)
                MHD_resume_connection(conn);
}

static void answer_reply(struct hreq *r, struct http_answer *a)
{
        if (r->route == R_CONNECT)
                connect_from_envelope(r->path + 1, r->json, r->resp, r->resp_len, a);
        else if (r->route == R_CALENDAR)
                calendar_result(a, r->resp, r->resp_len);
        else if (r->route == R_UNSUBSCRIBE)
                unsubscribe_result(a, agency(r->d), r->resp, r->resp_len);
        else
                status_page_result(a, agency(r->d), r->resp, r->resp_len);
}

// Builds the envelope of a finished POST and submits it. Returns 1 when
// the answer is in a (an error, or a reply that came back at once), 0 when
// the connection is suspended until the reply.
static int submit(struct hreq *r, struct MHD_Connection *conn, struct http_answer *a)
{
        char peer[64];
        int rv;

        if (r->route == R_CONNECT) {
                struct connect_request cr = {
                    .path = r->path,
                    .content_type = header(conn, MHD_HTTP_HEADER_CONTENT_TYPE),
                    .content_encoding = header(conn, MHD_HTTP_HEADER_CONTENT_ENCODING),
                    .authorization = header(conn, MHD_HTTP_HEADER_AUTHORIZATION),
                    .idempotency_key = header(conn, "Idempotency-Key"),
                    .timeout_ms = header(conn, "Connect-Timeout-Ms"),
                    .body = (const uint8_t *)r->body.ptr,
                    .len = r->body.len,
                    .too_large = r->too_large,
                };
                rv = connect_to_envelope(&cr, &r->env, &r->json, a);
        } else if (r->route == R_CALENDAR) {
                rv = calendar_envelope(r->token, &r->env);
                if (rv != 0)
                        http_answer_text(a, 404, "no such calendar feed");
        } else if (r->route == R_UNSUBSCRIBE) {
                rv =
                    unsubscribe_token((const uint8_t *)r->body.ptr, r->body.len,
                                      MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "t"),
                                      agency(r->d), r->token, sizeof(r->token), a);
                if (rv == 0 && (rv = unsubscribe_envelope(r->token, &r->env)) != 0)
                        unsubscribe_page(a, agency(r->d), NULL);
        } else if (r->too_large) {
                status_page_form(a, agency(r->d), "That is not an access code.");
                a->status = 413;
                rv = -1;
        } else {
                rv = status_page_envelope((const uint8_t *)r->body.ptr, r->body.len, agency(r->d),
                                          &r->env, a);
        }
        // The page's body holds the code: gone as soon as it is enveloped.
        if (r->body.ptr)
                sodium_memzero(r->body.ptr, r->body.len);
        if (rv != 0)
                return 1;
        peer_text(conn, peer, sizeof(peer));
        r->submitted = 1;
        if (server_submit(r->d->srv, (const uint8_t *)r->env.ptr, r->env.len, peer, "http",
                          on_reply, r) != 0) {
                r->submitted = 0;
                a->retry_after_ms = 1000;
                if (r->route == R_CONNECT)
                        connect_error(a, RS_UNAVAILABLE, "server is out of memory");
                else if (r->route == R_CALENDAR)
                        http_answer_text(a, 503, "busy: try again in a minute");
                else
                        status_page_form(a, agency(r->d),
                                         "The service is busy. Please try again in a minute.");
                return 1;
        }
        if (r->env.ptr)
                sodium_memzero(r->env.ptr, r->env.len);
        pthread_mutex_lock(&r->mtx);
        if (r->done) {
                pthread_mutex_unlock(&r->mtx);
                answer_reply(r, a);
                return 1;
        }
        MHD_suspend_connection(conn);
        r->suspended = 1;
        pthread_mutex_unlock(&r->mtx);
        return 0;
}

// --- GET routes ---

static void healthz(struct http_door *d, struct http_answer *a)
{
        if (atomic_load(&server_health(d->srv)->draining))
                http_answer_text(a, 503, "draining");
        else if (!atomic_load(&server_health(d->srv)->db_ok))
                http_answer_text(a, 503, "database unavailable");
        else
                http_answer_text(a, 200, "ok");
}

static void metrics(struct http_door *d, struct http_answer *a)
{
        struct metrics_gauges g = {
            .inflight = server_inflight(d->srv),
            .db_up = atomic_load(&server_health(d->srv)->db_ok),
            .draining = atomic_load(&server_health(d->srv)->draining),
            .workers = server_workers(d->srv),
            .http_connections = atomic_load(&d->connections),
        };

        server_connections(d->srv, &g.rpc_connections, &g.rpc_refused, &g.rpc_expired);

        mailer_counts(&g.mail_queued, &g.mail_sent, &g.mail_failed);

        buf_fini(&a->body);
        buf_init(&a->body, HTTP_MAX_ANSWER_BYTES);
        if (metrics_render(&a->body, &g) != 0) {
                http_answer_text(a, 500, "metrics do not fit");
                return;
        }
        a->status = 200;
        a->content_type = "text/plain; version=0.0.4; charset=utf-8";
}

static int is_connect_path(const char *url)
{
        return strncmp(url, CONNECT_PREFIX, strlen(CONNECT_PREFIX)) == 0;
}

// Answers requests with no body to wait for; 0 when url/method is a POST
// route that needs its body.
static int answer_now(struct http_door *d, int is_mon, const char *url, const char *method,
                      const char *query_t, struct http_answer *a)
{
        int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
        int post = strcmp(method, "POST") == 0;

        if (strcmp(url, "/healthz") == 0) {
                if (!get) {
                        http_answer_text(a, 405, "use GET");
                        a->allow = "GET, HEAD";
                } else {
                        healthz(d, a);
                }
                return 1;
        }
        if (strcmp(url, "/metrics") == 0 && (is_mon || d->mon == NULL)) {
                if (!get) {
                        http_answer_text(a, 405, "use GET");
                        a->allow = "GET, HEAD";
                } else {
                        metrics(d, a);
                }
                return 1;
        }
        if (is_mon) {
                http_answer_text(a, 404, "not found");
                return 1;
        }
        if (is_connect_path(url)) {
                if (post)
                        return 0;
                connect_error(a, RS_UNIMPLEMENTED, "connect calls use POST");
                a->status = 405;
                a->allow = "POST";
                return 1;
        }
        if (strcmp(url, "/") == 0 || strcmp(url, "/status") == 0) {
                if (post && strcmp(url, "/status") == 0)
                        return 0;
                if (!get) {
                        http_answer_text(a, 405, "use GET, or POST the form to /status");
                        a->allow = strcmp(url, "/status") == 0 ? "GET, HEAD, POST" : "GET, HEAD";
                        return 1;
                }
                status_page_form(a, agency(d), NULL);
                return 1;
        }
        if (strncmp(url, CALENDAR_PREFIX, strlen(CALENDAR_PREFIX)) == 0) {
                char token[REMINDER_TOKEN_MAX];
                if (calendar_token(url, token, sizeof(token)) != 0) {
                        http_answer_text(a, 404, "no such calendar feed");
                        return 1;
                }
                if (get)
                        return 0;
                http_answer_text(a, 405, "use GET");
                a->allow = "GET, HEAD";
                return 1;
        }
        if (strcmp(url, UNSUBSCRIBE_PATH) == 0) {
                if (post)
                        return 0;
                if (!get) {
                        http_answer_text(a, 405, "use GET, or POST the form");
                        a->allow = "GET, HEAD, POST";
                        return 1;
                }
                unsubscribe_page(a, agency(d), query_t);
                return 1;
        }
        if (strcmp(url, "/status.css") == 0 && get) {
                status_page_css(a);
                // The stylesheet may be cached (it holds nothing private);
                // the security headers still say no-store for simplicity.
                return 1;
        }
        http_answer_text(a, 404, "not found");
        return 1;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
        const struct listener *l = cls;
        struct http_door *d = l->d;
        struct hreq *r = *con_cls;
        struct http_answer a;
        enum MHD_Result ret;
        int is_mon = l->is_mon;

        http_answer_init(&a);
        if (r == NULL) {
                const char *cl;
                if (answer_now(d, is_mon, url, method,
                               MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "t"), &a)) {
                        ret = send_answer(d, conn, &a, strcmp(method, "HEAD") == 0);
                        http_answer_fini(&a);
                        return ret;
                }
                r = calloc(1, sizeof(*r));
                if (r == NULL) {
                        http_answer_fini(&a);
                        return MHD_NO;
                }
                pthread_mutex_init(&r->mtx, NULL);
                r->d = d;
                r->conn = conn;
                r->route = is_connect_path(url)                                   ? R_CONNECT
                           : calendar_token(url, r->token, sizeof(r->token)) == 0 ? R_CALENDAR
                           : strcmp(url, UNSUBSCRIBE_PATH) == 0                   ? R_UNSUBSCRIBE
                                                                                  : R_PAGE_POST;
                r->cap = r->route == R_CONNECT ? RS_MAX_REQUEST_BYTES : PAGE_BODY_MAX;
                buf_init(&r->body, r->cap);
                buf_init(&r->env, RS_MAX_WIRE_BYTES);
                snprintf(r->path, sizeof(r->path), "%s", url);
                if (strlen(url) >= sizeof(r->path))
                        r->path[1] = '\0'; // too long to be a method: unimplemented
                *con_cls = r;
                atomic_fetch_add(&d->requests, 1);
                // A declared length past the cap is refused before reading it.
                cl = header(conn, MHD_HTTP_HEADER_CONTENT_LENGTH);
                if (cl && strtoull(cl, NULL, 10) > r->cap)
                        r->too_large = 1;
                http_answer_fini(&a);
                return MHD_YES;
        }
        if (*upload_data_size > 0) {
                if (!r->too_large && buf_add(&r->body, upload_data, *upload_data_size) != 0)
                        r->too_large = 1;
                *upload_data_size = 0;
                http_answer_fini(&a);
                return MHD_YES;
        }
        if (!r->submitted) {
                if (!submit(r, conn, &a)) {
                        http_answer_fini(&a);
                        return MHD_YES; // suspended until the reply
                }
        } else {
                answer_reply(r, &a);
        }
        ret = send_answer(d, conn, &a, 0);
        http_answer_fini(&a);
        return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
        struct http_door *d = cls;

        if (*con_cls)
                atomic_fetch_sub(&d->requests, 1);
        hreq_free(*con_cls);
        *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
        struct http_door *d = cls;

        if (toe == MHD_CONNECTION_NOTIFY_STARTED)
                atomic_fetch_add(&d->connections, 1);
        else
                atomic_fetch_sub(&d->connections, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
        char msg[256];

        vsnprintf(msg, sizeof(msg), fmt, ap);
        msg[strcspn(msg, "\n")] = '\0';
        log_warn("http: %s", msg);
}

// --- start and stop ---

static char *slurp(const char *path)
{
        FILE *f = fopen(path, "rb");
        char *data = NULL;
        long n;

        if (f == NULL)
                return NULL;
        if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (1 << 20) &&
            fseek(f, 0, SEEK_SET) == 0 && (data = calloc(1, (size_t)n + 1)) != NULL &&
            fread(data, 1, (size_t)n, f) != (size_t)n) {
                free(data);
                data = NULL;
        }
        fclose(f);
        return data;
}

// Parses "http[s]://HOST:PORT" into an address to bind.
static int parse_listen(const char *url, int *tls, struct sockaddr_storage *ss, socklen_t *sslen)
{
        struct addrinfo hints, *res = NULL;
        char host[256], port[16];
        const char *p, *colon;
        size_t hl;

        if (strncmp(url, "http://", 7) == 0) {
                *tls = 0;
                p = url + 7;
        } else if (strncmp(url, "https://", 8) == 0) {
                *tls = 1;
                p = url + 8;
        } else {
                return -1;
        }
        if (*p == '[') {
                const char *end = strchr(p, ']');
                if (end == NULL || end[1] != ':')
                        return -1;
                hl = (size_t)(end - p - 1);
                if (hl >= sizeof(host))
                        return -1;
                memcpy(host, p + 1, hl);
                host[hl] = '\0';
                colon = end + 1;
        } else {
                colon = strrchr(p, ':');
                if (colon == NULL || (size_t)(colon - p) >= sizeof(host))
                        return -1;
                hl = (size_t)(colon - p);
                memcpy(host, p, hl);
                host[hl] = '\0';
        }
        snprintf(port, sizeof(port), "%s", colon + 1);
        port[strcspn(port, "/")] = '\0';
        if (port[0] == '\0' || port[strspn(port, "0123456789")] != '\0')
                return -1;
        memset(&hints, 0, sizeof(hints));
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
        if (getaddrinfo(host[0] ? host : NULL, port, &hints, &res) != 0 || res == NULL)
                return -1;
        memcpy(ss, res->ai_addr, res->ai_addrlen);
        *sslen = res->ai_addrlen;
        freeaddrinfo(res);
        return 0;
}

static struct MHD_Daemon *open_daemon(struct http_door *d, struct listener *l, const char *url,
                                      int allow_tls)
{
        struct sockaddr_storage ss;
        socklen_t sslen = 0;
        unsigned flags =
            MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
        struct MHD_Daemon *daemon;
        int tls = 0;

        if (parse_listen(url, &tls, &ss, &sslen) != 0) {
                log_error("cannot use http listen address '%s' (use http://HOST:PORT or "
                          "https://HOST:PORT)",
                          url);
                return NULL;
        }
        if (tls && !allow_tls) {
                log_error("https needs --tls-cert and --tls-key: '%s'", url);
                return NULL;
        }
        if (ss.ss_family == AF_INET6)
                flags |= MHD_USE_IPv6;
        if (tls)
                flags |= MHD_USE_TLS;
        if (tls)
                daemon = MHD_start_daemon(
                    flags, 0, NULL, NULL, on_request, l, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, d,
                    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
                    d->o.threads, MHD_OPTION_CONNECTION_LIMIT, d->o.max_connections,
                    MHD_OPTION_PER_IP_CONNECTION_LIMIT, d->o.per_ip_connections,
                    MHD_OPTION_CONNECTION_TIMEOUT, d->o.timeout_s,
                    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                    MHD_OPTION_NOTIFY_COMPLETED, on_completed, d, MHD_OPTION_NOTIFY_CONNECTION,
                    on_connection, d, MHD_OPTION_HTTPS_MEM_CERT, d->cert, MHD_OPTION_HTTPS_MEM_KEY,
                    d->key, MHD_OPTION_HTTPS_PRIORITIES,
                    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2", MHD_OPTION_END);
        else
                daemon = MHD_start_daemon(
                    flags, 0, NULL, NULL, on_request, l, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, d,
                    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
                    d->o.threads, MHD_OPTION_CONNECTION_LIMIT, d->o.max_connections,
                    MHD_OPTION_PER_IP_CONNECTION_LIMIT, d->o.per_ip_connections,
                    MHD_OPTION_CONNECTION_TIMEOUT, d->o.timeout_s,
                    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                    MHD_OPTION_NOTIFY_COMPLETED, on_completed, d, MHD_OPTION_NOTIFY_CONNECTION,
                    on_connection, d, MHD_OPTION_END);
        if (daemon == NULL) {
                log_error("cannot listen on %s", url);
                return NULL;
        }
        if (tls)
                d->tls = 1;
        log_info("listening on %s", url);
        return daemon;
}

int http_door_start(struct http_door **out, struct server *srv, const struct http_door_opts *o)
{
        struct http_door *d = calloc(1, sizeof(*d));
        int tls_ok = 0;

        *out = NULL;
        if (d == NULL)
                return -1;
        d->srv = srv;
        d->o = *o;
        d->lpub.d = d;
        d->lmon.d = d;
        d->lmon.is_mon = 1;
        if (d->o.max_connections == 0)
                d->o.max_connections = 512;
        if (d->o.per_ip_connections == 0)
                d->o.per_ip_connections = 64;
        if (d->o.timeout_s == 0)
                d->o.timeout_s = 30;
        if (d->o.threads == 0)
                d->o.threads = 2;
        if (o->tls_cert && o->tls_key) {
                if ((d->cert = slurp(o->tls_cert)) == NULL ||
                    (d->key = slurp(o->tls_key)) == NULL) {
                        log_error("cannot read tls certificate '%s' or key '%s'", o->tls_cert,
                                  o->tls_key);
                        goto fail;
                }
                tls_ok = 1;
        }
        if (o->metrics_listen && o->metrics_listen[0] &&
            (d->mon = open_daemon(d, &d->lmon, o->metrics_listen, tls_ok)) == NULL)
                goto fail;
        // The public listener's tls flag decides HSTS: set it last.
        d->tls = 0;
        if ((d->pub = open_daemon(d, &d->lpub, o->listen, tls_ok)) == NULL)
                goto fail;
        *out = d;
        return 0;
fail:
        http_door_stop(d);
        return -1;
}

void http_door_stop(struct http_door *d)
{
        if (d == NULL)
                return;
        // The server has drained: every reply is back, but a resumed
        // connection may not have written its answer yet. Stopping the
        // daemon now would close it unanswered, so wait (bounded) until
        // libmicrohttpd has completed every request it accepted.
        for (int i = 0; i < 500 && atomic_load(&d->requests) > 0; i++)
                nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
        if (d->pub)
                MHD_stop_daemon(d->pub);
        if (d->mon)
                MHD_stop_daemon(d->mon);
        free(d->cert);
        if (d->key) {
                sodium_memzero(d->key, strlen(d->key));
                free(d->key);
        }
        free(d);
}
