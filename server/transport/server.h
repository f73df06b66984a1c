// The server: nng listeners, a pool of workers (each with its own nng
// contexts and its own PostgreSQL connection), dispatch through the method
// registrations, and graceful shutdown.
#ifndef RS_SERVER_H
#define RS_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "rpc.h"

#define SERVER_MAX_LISTEN 4
// Defaults of the nng door's connection limits (reinstated --help).
#define SERVER_DEFAULT_MAX_CONNECTIONS 1024
#define SERVER_DEFAULT_MAX_PER_ADDRESS 128
#define SERVER_DEFAULT_IDLE_TIMEOUT_S  30
// Contexts kept beyond the workers' for calls answered without the
// database (Health/Check), however busy the workers are.
#define SERVER_RESERVED_SLOTS 2
// Descriptors the server needs besides its connections and workers.
#define SERVER_FD_RESERVE 64

struct server_opts {
        const char *listen[SERVER_MAX_LISTEN]; // nng URLs; tcp:// or tls+tcp://
        int n_listen;
        const char *tls_cert;     // PEM certificate chain for tls+tcp listeners
        const char *tls_key;      // PEM private key for tls+tcp listeners
        const char *conninfo;     // libpq conninfo; "" = PG* environment
        int workers;              // database workers (default 8)
        int contexts;             // nng contexts per worker (default 8)
        int quick;                // quick connections (RPC_QUICK); < 0: two per core less one
        uint32_t fault_delay_ms;  // test hook: delay before running database calls
        uint32_t drain_ms;        // longest wait for in-flight calls at shutdown
        unsigned max_connections; // open nng connections at once (0: default)
        unsigned max_per_address; // from one source address (0: default; ipc exempt)
        uint32_t idle_timeout_ms; // close a connection with no complete message (0: never)
        unsigned other_fds;       // descriptors other doors may hold (the fd check)
        // A refused guess's log line per kind at most this often, the next
        // saying how many were left out (0: SERVER_DEFAULT_GUESS_LOG_MS).
        uint32_t guess_log_ms;
};

// Default interval of refused guesses' log lines, per kind (login, password,
// access-code).
#define SERVER_DEFAULT_GUESS_LOG_MS 10000u

struct server;

// Opens the listeners and starts the workers. Returns 0, or -1 after logging.
int server_start(struct server **out, const struct server_opts *opts);

// Stops accepting, answers new calls UNAVAILABLE, waits for in-flight calls
// (at most opts->drain_ms), then closes everything and frees the server.
void server_stop(struct server *s);

// The server's state (database reachable, draining), read-only.
const struct rpc_health *server_health(const struct server *s);

// Calls in flight (received, not yet answered), from every door.
int server_inflight(const struct server *s);

// The number of database workers.
int server_workers(const struct server *s);

// The RPC door's open connections, and how many it refused (caps) and
// closed (idle deadline) since start.
void server_connections(struct server *s, int *open, unsigned long long *refused,
                        unsigned long long *expired);

// Begins shutdown without freeing anything: new calls are answered
// UNAVAILABLE and new nng connections refused; waits for the calls in flight
// (at most opts->drain_ms). Other doors stay usable until server_stop, so
// they can answer during the drain. Idempotent.
void server_drain(struct server *s);

// --- The seam for other doors (the web door, http_door.c) ---
//
// A door turns its framing into a packed Request envelope and submits it;
// from there the call takes the nng path's own code: the envelope's size cap
// and decoding, method lookup, wire checks on strings, draining, the
// deadline, authentication and the row-level-security context, the
// request_id claim and replay, the transaction, audit, the log line and the
// metrics. The reply is the packed Response envelope the nng path would
// send. Keep this seam this small: a door knows envelopes, never workers.

// Receives the packed Response envelope of a submitted call (valid only
// during the callback). Runs on a server thread, or on the submitting thread
// before server_submit returns (calls answered without the database); it
// must not block.
typedef void (*server_reply_fn)(void *arg, const uint8_t *response, size_t len);

// Submits the packed Request envelope data[0..len) from a client at peer
// ("127.0.0.1", "[::1]"); door names the door in the log line ("http").
// The call's clock starts now. Returns 0 when accepted: reply is then called
// exactly once. Returns -1 (reply never called) when out of memory.
int server_submit(struct server *s, const uint8_t *data, size_t len, const char *peer,
                  const char *door, server_reply_fn reply, void *arg);

#endif
