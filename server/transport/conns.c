// The connection table (conns.h): a flat array searched linearly. The caps
// keep it small (--max-connections, default 512), and a scan of a few
// hundred entries costs less than decoding one request; a hash would buy
// nothing measurable.
#include "conns.h"

#include <stdlib.h>
#include <string.h>
#include <nng/nng.h>
#include <nng/supplemental/util/platform.h>

#include "banned.h"

struct conn {
        uint32_t id;
        struct conns_addr addr;
        unsigned busy;    // calls received, not yet answered
        uint64_t last_ms; // last complete message either way
};

struct conns {
        struct conns_limits lim;
        nng_mtx *mtx;
        struct conn *v;
        size_t n, cap;
};

int conns_new(struct conns **out, const struct conns_limits *l)
{
        struct conns *t = calloc(1, sizeof(*t));

        *out = NULL;
        if (t == NULL)
                return -1;
        t->lim = *l;
        t->cap = 64;
        if ((t->v = calloc(t->cap, sizeof(*t->v))) == NULL || nng_mtx_alloc(&t->mtx) != 0) {
                free(t->v);
                free(t);
                return -1;
        }
        *out = t;
        return 0;
}

void conns_free(struct conns *t)
{
        if (t == NULL)
                return;
        nng_mtx_free(t->mtx);
        free(t->v);
        free(t);
}

static struct conn *find(struct conns *t, uint32_t id)
{
        for (size_t i = 0; i < t->n; i++)
                if (t->v[i].id == id)
                        return &t->v[i];
        return NULL;
}

enum conns_verdict conns_add(struct conns *t, uint32_t id, const struct conns_addr *addr,
                             uint64_t now_ms)
{
        enum conns_verdict v = CONNS_ADMITTED;
        unsigned same = 0;

        nng_mtx_lock(t->mtx);
        if (t->lim.max_total && t->n >= t->lim.max_total) {
                v = CONNS_FULL;
                goto out;
        }
        if (!addr->any && t->lim.max_per_addr) {
                for (size_t i = 0; i < t->n; i++)
                        if (!t->v[i].addr.any &&
                            memcmp(t->v[i].addr.bytes, addr->bytes, sizeof(addr->bytes)) == 0)
                                same++;
                if (same >= t->lim.max_per_addr) {
                        v = CONNS_ADDR_FULL;
                        goto out;
                }
        }
        if (t->n == t->cap) {
                struct conn *nv = realloc(t->v, t->cap * 2 * sizeof(*nv));
                if (nv == NULL) {
                        v = CONNS_FULL;
                        goto out;
                }
                t->v = nv;
                t->cap *= 2;
        }
        t->v[t->n].id = id;
        t->v[t->n].addr = *addr;
        t->v[t->n].busy = 0;
        t->v[t->n].last_ms = now_ms;
        t->n++;
out:
        nng_mtx_unlock(t->mtx);
        return v;
}

void conns_remove(struct conns *t, uint32_t id)
{
        struct conn *c;

        nng_mtx_lock(t->mtx);
        if ((c = find(t, id)) != NULL)
                *c = t->v[--t->n];
        nng_mtx_unlock(t->mtx);
}

void conns_activity(struct conns *t, uint32_t id, int delta, uint64_t now_ms)
{
        struct conn *c;

        nng_mtx_lock(t->mtx);
        if ((c = find(t, id)) != NULL) {
                if (delta > 0)
                        c->busy++;
                else if (c->busy > 0)
                        c->busy--;
                c->last_ms = now_ms;
        }
        nng_mtx_unlock(t->mtx);
}

size_t conns_expired(struct conns *t, uint64_t now_ms, uint32_t *ids, size_t max)
{
        size_t k = 0;

        if (t->lim.idle_ms == 0)
                return 0;
        nng_mtx_lock(t->mtx);
        for (size_t i = 0; i < t->n && k < max; i++)
                if (t->v[i].busy == 0 && now_ms >= t->v[i].last_ms + t->lim.idle_ms)
                        ids[k++] = t->v[i].id;
        nng_mtx_unlock(t->mtx);
        return k;
}

unsigned conns_count(struct conns *t)
{
        unsigned n;

        nng_mtx_lock(t->mtx);
        n = (unsigned)t->n;
        nng_mtx_unlock(t->mtx);
        return n;
}
