// Parameterised SQL assembly for filtered list calls.
#include "query.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "status.h"
#include "banned.h"

void query_init(struct query *q, struct rpc_call *c, const char *sql)
{
        buf_init(&q->sql, QUERY_MAX_TEXT);
        q->n = 0;
        q->call = c;
        query_text(q, sql);
}

void query_fini(struct query *q)
{
        buf_fini(&q->sql);
}

// Text that did not fit poisons the query as too many parameters do:
// query_exec refuses it rather than run a statement cut short.
static void poison(struct query *q)
{
        q->n = QUERY_MAX_PARAMS + 1;
}

void query_add(struct query *q, const char *fmt, const char *value)
{
        const char *mark = strstr(fmt, "$$");
        char num[16];

        if (mark == NULL) {
                query_text(q, fmt);
                return;
        }
        if (q->n >= QUERY_MAX_PARAMS) {
                poison(q);
                return;
        }
        q->params[q->n++] = value;
        snprintf(num, sizeof(num), "$%d", q->n);
        if (buf_add(&q->sql, fmt, (size_t)(mark - fmt)) != 0 || buf_adds(&q->sql, num) != 0 ||
            buf_adds(&q->sql, mark + 2) != 0)
                poison(q);
}

void query_text(struct query *q, const char *text)
{
        if (buf_adds(&q->sql, text) != 0)
                poison(q);
}

int query_exec(struct query *q, PGresult **out)
{
        if (q->n > QUERY_MAX_PARAMS)
                return rpc_fail(q->call, RS_INTERNAL,
                                "query is too long or has too many parameters");
        return db_exec(q->call, out, buf_str(&q->sql), q->n, q->params);
}

const char *scope_actor(struct rpc_call *c)
{
        return rpc_printf(c, "%lld", (long long)c->actor_id);
}

const char *scope_admin(const struct rpc_call *c)
{
        return c->actor_role == RPC_ROLE_ADMIN ? "t" : "f";
}

int query_owned_row(struct rpc_call *c, PGresult **out, const char *sql, const char *kind,
                    int64_t id)
{
        const char *p[3] = {query_int(c, id), scope_admin(c), scope_actor(c)};
        int code = db_exec(c, out, sql, 3, p);

        if (code != RS_OK)
                return code;
        if (PQntuples(*out) != 1) {
                PQclear(*out);
                *out = NULL;
                return rpc_fail(c, RS_NOT_FOUND, "%s '%lld' not found", kind, (long long)id);
        }
        return RS_OK;
}

const char *query_int(struct rpc_call *c, int64_t v)
{
        return rpc_printf(c, "%lld", (long long)v);
}

const char *query_nullable(const char *s)
{
        return s && s[0] ? s : NULL;
}

const char *etag_of(struct rpc_call *c, int64_t version)
{
        return rpc_printf(c, "%lld", (long long)version);
}

int etag_check(struct rpc_call *c, const char *kind, int64_t id, const char *current,
               const char *given)
{
        if (given == NULL || given[0] == '\0' || strcmp(current, given) == 0)
                return RS_OK;
        return rpc_fail(c, RS_ABORTED,
                        "%s '%lld' was changed by someone else (etag mismatch): read it again",
                        kind, (long long)id);
}
