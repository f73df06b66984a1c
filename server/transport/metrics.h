// Counters for monitoring, rendered in the Prometheus text format on
// /metrics: calls by method and status, a latency histogram per method,
// refusals by the guess throttles. Updated from the dispatcher's one log
// point for calls of every door, with atomics only (no lock on the request
// path). Names start with reinstate_ and are listed in docs/deploy.md.
#ifndef RS_METRICS_H
#define RS_METRICS_H

#include <stdint.h>

#include "buf.h"
#include "rpc.h"

// Sizes the tables from the registered methods (rpc_services). Call once
// before the first metrics_observe; returns 0, or -1 out of memory.
int metrics_init(void);

// Counts one finished call of method m (NULL: a method that does not
// exist) with its status and duration. retry_after > 0 with
// RESOURCE_EXHAUSTED counts a throttle refusal.
void metrics_observe(const struct rpc_method *m, int code, uint64_t ms, uint32_t retry_after);

// Gauges owned elsewhere, sampled when /metrics is read.
struct metrics_gauges {
        int inflight;                   // calls received, not yet answered
        int db_up;                      // 1 when the database answered at last contact
        int draining;                   // 1 while shutting down
        int workers;                    // database workers (each holds one connection)
        int http_connections;           // open connections on the web door
        int rpc_connections;            // open connections on the RPC door (nng)
        unsigned long long rpc_refused; // RPC connections refused by the caps
        unsigned long long rpc_expired; // RPC connections closed by the idle deadline
        long long mail_queued;          // outbox messages waiting (-1: not known yet)
        unsigned long long mail_sent;   // messages this process delivered
        unsigned long long mail_failed; // delivery attempts that failed
};

// Appends the whole exposition to out; 0, or -1 past out's cap.
int metrics_render(struct buf *out, const struct metrics_gauges *g);

#endif
