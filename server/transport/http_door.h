// The web door: an HTTP(S) listener in reinstated (GNU libmicrohttpd)
// serving the Connect protocol's unary mapping of every RPC (connect.h),
// the job seeker's page (status_page.h), /healthz and /metrics. Every call
// goes through server_submit, the dispatcher's own path (server.h).
//
// Why libmicrohttpd and not nng's HTTP server (nng 1.5.2): nng's server
// gives a handler no way to learn the client's address (needed for the
// per-address throttles and the log), sets no timeout on a request that
// arrives slowly or never finishes, and has no cap on connections; the
// hardening limits need all three. libmicrohttpd has them as options
// (connection cap, per-address cap, idle timeout, per-connection memory)
// plus TLS, and suspend/resume to answer from the dispatcher's threads.
#ifndef RS_HTTP_DOOR_H
#define RS_HTTP_DOOR_H

#include "server.h"

struct http_door_opts {
        const char *listen;          // "http://127.0.0.1:8080", "https://0.0.0.0:8443"
        const char *metrics_listen;  // NULL: /metrics on listen; else only there
        const char *tls_cert;        // PEM chain, needed for https://
        const char *tls_key;         // PEM key, needed for https://
        const char *agency_name;     // in the page's title; NULL: "reinstate"
        unsigned max_connections;    // open connections at once (default 512)
        unsigned per_ip_connections; // from one address at once (default 64)
        unsigned timeout_s;          // idle or unfinished request closes after (default 30)
        unsigned threads;            // listener threads (default 2)
};

struct http_door;

// Starts the listeners in front of srv (which must outlive the door).
// Returns 0, or -1 after logging.
int http_door_start(struct http_door **out, struct server *srv, const struct http_door_opts *o);

// Stops accepting, closes the listeners and frees the door. Call after
// server_drain (so no call is still waiting for its answer) and before
// server_stop. NULL is a no-op.
void http_door_stop(struct http_door *d);

#endif
