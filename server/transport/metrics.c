// Prometheus counters; see metrics.h.
#include "metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "banned.h"

// Latency buckets, in milliseconds (rendered in seconds).
static const unsigned bucket_ms[] = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
#define N_BUCKETS (sizeof(bucket_ms) / sizeof(bucket_ms[0]))

struct method_stats {
        char name[160];                         // "reinstate.v1.Cases/GetCase"
        atomic_ullong calls[RS_STATUS_MAX + 1]; // by status code
        atomic_ullong bucket[N_BUCKETS];        // calls at or under bucket_ms[i]
        atomic_ullong sum_ms;
        atomic_ullong count;
};

static struct method_stats *stats; // one per registered method, then "unknown"
static size_t n_stats;
static atomic_ullong throttle_refusals;

int metrics_init(void)
{
        size_t n = 0, k = 0;

        if (stats)
                return 0;
        for (size_t i = 0; i < rpc_services_count; i++)
                n += rpc_services[i]->n_methods;
        stats = calloc(n + 1, sizeof(*stats));
        if (stats == NULL)
                return -1;
        for (size_t i = 0; i < rpc_services_count; i++)
                for (size_t m = 0; m < rpc_services[i]->n_methods; m++)
                        snprintf(stats[k++].name, sizeof(stats[0].name), "%s/%s",
                                 rpc_services[i]->desc->name, rpc_services[i]->methods[m].name);
        snprintf(stats[k].name, sizeof(stats[0].name), "unknown");
        n_stats = n + 1;
        return 0;
}

// The row of m: its position among all registered methods.
static struct method_stats *row(const struct rpc_method *m)
{
        size_t base = 0;

        if (m)
                for (size_t i = 0; i < rpc_services_count; i++) {
                        const struct rpc_service *s = rpc_services[i];
                        if (m >= s->methods && m < s->methods + s->n_methods)
                                return &stats[base + (size_t)(m - s->methods)];
                        base += s->n_methods;
                }
        return &stats[n_stats - 1];
}

void metrics_observe(const struct rpc_method *m, int code, uint64_t ms, uint32_t retry_after)
{
        struct method_stats *st;

        if (stats == NULL)
                return;
        st = row(m);
        if (code < 0 || code > RS_STATUS_MAX)
                code = RS_UNKNOWN;
        atomic_fetch_add(&st->calls[code], 1);
        for (size_t i = 0; i < N_BUCKETS; i++)
                if (ms <= bucket_ms[i])
                        atomic_fetch_add(&st->bucket[i], 1);
        atomic_fetch_add(&st->sum_ms, ms);
        atomic_fetch_add(&st->count, 1);
        if (code == RS_RESOURCE_EXHAUSTED && retry_after > 0)
                atomic_fetch_add(&throttle_refusals, 1);
}

int metrics_render(struct buf *out, const struct metrics_gauges *g)
{
        int bad = 0;

        bad |= buf_adds(out, "# HELP reinstate_rpc_calls_total Calls answered, by method and "
                             "status code (both doors).\n"
                             "# TYPE reinstate_rpc_calls_total counter\n");
        for (size_t i = 0; i < n_stats; i++)
                for (int c = 0; c <= RS_STATUS_MAX; c++) {
                        unsigned long long v = atomic_load(&stats[i].calls[c]);
                        if (v)
                                bad |= buf_printf(out,
                                                  "reinstate_rpc_calls_total{method=\"%s\","
                                                  "code=\"%s\"} %llu\n",
                                                  stats[i].name, rs_status_name(c), v);
                }
        bad |= buf_adds(out, "# HELP reinstate_rpc_duration_seconds Time from receiving a call "
                             "to answering it, by method.\n"
                             "# TYPE reinstate_rpc_duration_seconds histogram\n");
        for (size_t i = 0; i < n_stats; i++) {
                unsigned long long count = atomic_load(&stats[i].count);
                if (count == 0)
                        continue;
                for (size_t b = 0; b < N_BUCKETS; b++)
                        bad |= buf_printf(out,
                                          "reinstate_rpc_duration_seconds_bucket{method=\"%s\","
                                          "le=\"%g\"} %llu\n",
                                          stats[i].name, bucket_ms[b] / 1000.0,
                                          atomic_load(&stats[i].bucket[b]));
                bad |= buf_printf(out,
                                  "reinstate_rpc_duration_seconds_bucket{method=\"%s\","
                                  "le=\"+Inf\"} %llu\n"
                                  "reinstate_rpc_duration_seconds_sum{method=\"%s\"} %.3f\n"
                                  "reinstate_rpc_duration_seconds_count{method=\"%s\"} %llu\n",
                                  stats[i].name, count, stats[i].name,
                                  atomic_load(&stats[i].sum_ms) / 1000.0, stats[i].name, count);
        }
        bad |= buf_printf(out,
                          "# HELP reinstate_rpc_in_flight Calls received and not yet answered.\n"
                          "# TYPE reinstate_rpc_in_flight gauge\n"
                          "reinstate_rpc_in_flight %d\n"
                          "# HELP reinstate_throttle_refusals_total Calls refused by the guess "
                          "throttles (logins, access codes).\n"
                          "# TYPE reinstate_throttle_refusals_total counter\n"
                          "reinstate_throttle_refusals_total %llu\n"
                          "# HELP reinstate_db_up Whether the database answered at last "
                          "contact.\n"
                          "# TYPE reinstate_db_up gauge\n"
                          "reinstate_db_up %d\n"
                          "# HELP reinstate_db_workers Database workers, each holding one "
                          "connection while the database is up.\n"
                          "# TYPE reinstate_db_workers gauge\n"
                          "reinstate_db_workers %d\n"
                          "# HELP reinstate_draining Whether the server is shutting down.\n"
                          "# TYPE reinstate_draining gauge\n"
                          "reinstate_draining %d\n"
                          "# HELP reinstate_http_connections Open connections on the web door.\n"
                          "# TYPE reinstate_http_connections gauge\n"
                          "reinstate_http_connections %d\n",
                          g->inflight, atomic_load(&throttle_refusals), g->db_up, g->workers,
                          g->draining, g->http_connections);
        bad |= buf_printf(out,
                          "# HELP reinstate_rpc_connections Open connections on the RPC door.\n"
                          "# TYPE reinstate_rpc_connections gauge\n"
                          "reinstate_rpc_connections %d\n"
                          "# HELP reinstate_rpc_connections_refused_total RPC connections "
                          "refused by --max-connections or --max-connections-per-address.\n"
                          "# TYPE reinstate_rpc_connections_refused_total counter\n"
                          "reinstate_rpc_connections_refused_total %llu\n"
                          "# HELP reinstate_rpc_connections_expired_total RPC connections closed "
                          "after --idle-timeout without a complete message.\n"
                          "# TYPE reinstate_rpc_connections_expired_total counter\n"
                          "reinstate_rpc_connections_expired_total %llu\n",
                          g->rpc_connections, g->rpc_refused, g->rpc_expired);
        bad |= buf_printf(out,
                          "# HELP reinstate_mail_sent_total Reminders this process delivered to "
                          "the relay.\n"
                          "# TYPE reinstate_mail_sent_total counter\n"
                          "reinstate_mail_sent_total %llu\n"
                          "# HELP reinstate_mail_failed_total Delivery attempts that failed "
                          "(retried or given up).\n"
                          "# TYPE reinstate_mail_failed_total counter\n"
                          "reinstate_mail_failed_total %llu\n",
                          g->mail_sent, g->mail_failed);
        if (g->mail_queued >= 0)
                bad |= buf_printf(out,
                                  "# HELP reinstate_mail_queued Messages waiting in the outbox.\n"
                                  "# TYPE reinstate_mail_queued gauge\n"
                                  "reinstate_mail_queued %lld\n",
                                  g->mail_queued);
        return bad ? -1 : 0;
}
