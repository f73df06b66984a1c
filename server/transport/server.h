// The server: nng listeners, a pool of workers (each with its own nng
// contexts and its own PostgreSQL connection), dispatch through the method
// registrations, and graceful shutdown.
#ifndef RS_SERVER_H
#define RS_SERVER_H

#include <stdint.h>

#define SERVER_MAX_LISTEN 4

struct server_opts {
        const char *listen[SERVER_MAX_LISTEN]; // nng URLs; tcp:// or tls+tcp://
        int n_listen;
        const char *tls_cert;    // PEM certificate chain for tls+tcp listeners
        const char *tls_key;     // PEM private key for tls+tcp listeners
        const char *conninfo;    // libpq conninfo; "" = PG* environment
        int workers;             // database workers (default 8)
        int contexts;            // nng contexts per worker (default 8)
        uint32_t fault_delay_ms; // test hook: delay before running database calls
        uint32_t drain_ms;       // longest wait for in-flight calls at shutdown
};

struct server;

// Opens the listeners and starts the workers. Returns 0, or -1 after logging.
int server_start(struct server **out, const struct server_opts *opts);

// Stops accepting, answers new calls UNAVAILABLE, waits for in-flight calls
// (at most opts->drain_ms), then closes everything and frees the server.
void server_stop(struct server *s);

#endif
