// reinstate.v1.Search: one query over clients, cases, attempts and notes.
//
// Names (clients' name, e-mail and phone; cases' company, role, manager and
// HR contact) match by trigram word similarity on the folded text
// (rs_client_text, rs_case_text in schema/050), so "Dana Whitfeld" finds
// "Dana Whitfield"; prose (attempts' summaries, notes) by full-text search
// (rs_prose). Each kind is ranked and cut in its own branch, through its own
// index, then the best hits of all kinds are merged. Every branch is scoped
// to the caller's own rows in its WHERE clause (admins: all), and row-level
// security holds behind it.
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "query.h"
#include "services.h"
#include "validate.h"
#include "reinstate/v1/search.pb-c.h"
#include "banned.h"

#define SEARCH_DEFAULT 20
#define SEARCH_MAX     100

// $1 query, $2 admin, $3 actor, $4 limit. Word similarity is pg_trgm's
// `<%` (threshold pg_trgm.word_similarity_threshold, set per statement).
#define SEARCH_SQL                                                                                 \
        "WITH q AS (SELECT rs_fold($1) AS f, plainto_tsquery('simple', rs_fold($1)) AS ts), "      \
        "hits AS ("                                                                                \
        "(SELECT 'client' AS kind, c.id, 0::bigint AS case_id, c.id AS client_id, c.name AS "      \
        "title, concat_ws(' ', nullif(c.email, ''), nullif(c.phone, '')) AS snippet, "             \
        "word_similarity(q.f, rs_client_text(c.name, c.email, c.phone))::float8 AS score "         \
        "FROM clients c, q WHERE q.f <% rs_client_text(c.name, c.email, c.phone) "                 \
        "AND ($2::boolean OR c.coach_id = $3::bigint) ORDER BY score DESC, c.id LIMIT $4) "        \
        "UNION ALL "                                                                               \
        "(SELECT 'case', k.id, k.id, k.client_id, k.company || ' — ' || k.role_title, "          \
        "concat_ws(', ', 'manager ' || k.manager_name, 'HR ' || nullif(k.hr_name, '')), "          \
        "word_similarity(q.f, rs_case_text(k.company, k.role_title, k.manager_name, "              \
        "k.hr_name))::float8 AS score FROM cases k, q WHERE q.f <% rs_case_text(k.company, "       \
        "k.role_title, k.manager_name, k.hr_name) AND ($2::boolean OR k.coach_id = $3::bigint) "   \
        "ORDER BY score DESC, k.id LIMIT $4) "                                                     \
        "UNION ALL "                                                                               \
        "(SELECT 'attempt', a.id, a.case_id, 0, a.contact_name, left(a.summary, 160), "            \
        "(ts_rank(rs_prose(a.summary), q.ts) / (1 + ts_rank(rs_prose(a.summary), q.ts)) + "        \
        "0.5)::float8 / 1.5 AS score FROM attempts a, q WHERE rs_prose(a.summary) @@ q.ts "        \
        "AND ($2::boolean OR a.coach_id = $3::bigint) ORDER BY score DESC, a.id DESC LIMIT $4) "   \
        "UNION ALL "                                                                               \
        "(SELECT 'note', n.id, n.case_id, 0, 'note', left(n.body, 160), "                          \
        "(ts_rank(rs_prose(n.body), q.ts) / (1 + ts_rank(rs_prose(n.body), q.ts)) + "              \
        "0.5)::float8 / 1.5 AS score FROM notes n, q WHERE rs_prose(n.body) @@ q.ts "              \
        "AND n.deleted_at IS NULL "                                                                \
        "AND ($2::boolean OR n.coach_id = $3::bigint) ORDER BY score DESC, n.id DESC LIMIT $4)) "  \
        "SELECT h.kind, h.id, h.case_id, CASE WHEN h.client_id = 0 THEN coalesce((SELECT "         \
        "k.client_id FROM cases k WHERE k.id = h.case_id), 0) ELSE h.client_id END, h.title, "     \
        "h.snippet, round(h.score::numeric, 3)::float8 FROM hits h "                               \
        "ORDER BY h.score DESC, h.kind, h.id LIMIT $4"

static int search_search(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__SearchRequest *req = (const void *)in;
        Reinstate__V1__SearchResponse *resp = (void *)out;
        int32_t limit = req->limit ? req->limit : SEARCH_DEFAULT;
        const char *p[4];
        PGresult *r = NULL;
        int code, n;

        if (validate_line(c, "query", req->query, 1, 200) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if (strlen(req->query) < 2)
                return rpc_violation(c, "query", "must be at least 2 characters");
        if (limit < 1 || limit > SEARCH_MAX)
                return rpc_violation(c, "limit", "must be between 1 and %d", SEARCH_MAX);
        // Looser than the default 0.6, so one wrong letter in a short surname
        // still matches; local to the call's transaction.
        if ((code = db_exec(c, &r,
                            "SELECT set_config('pg_trgm.word_similarity_threshold', '0.5', true)",
                            0, NULL)) != RS_OK)
                return code;
        PQclear(r);
        p[0] = req->query;
        p[1] = scope_admin(c);
        p[2] = scope_actor(c);
        p[3] = query_int(c, limit);
        if ((code = db_exec(c, &r, SEARCH_SQL, 4, p)) != RS_OK)
                return code;
        n = PQntuples(r);
        resp->n_hits = (size_t)n;
        resp->hits = rpc_alloc(c, ((size_t)n + 1) * sizeof(*resp->hits));
        for (int i = 0; i < n; i++) {
                Reinstate__V1__SearchHit *h = rpc_alloc(c, sizeof(*h));
                reinstate__v1__search_hit__init(h);
                h->kind = rpc_strdup(c, db_text(r, i, 0));
                h->id = db_int64(r, i, 1);
                h->case_id = db_int64(r, i, 2);
                h->client_id = db_int64(r, i, 3);
                h->title = rpc_strdup(c, db_text(r, i, 4));
                h->snippet = rpc_strdup(c, db_text(r, i, 5));
                h->score = strtod(db_text(r, i, 6), NULL);
                resp->hits[i] = h;
        }
        PQclear(r);
        return RS_OK;
}

static const struct rpc_method search_methods[] = {
    {"Search", search_search, RPC_AUTH},
};

const struct rpc_service svc_search =
    RPC_SERVICE(reinstate__v1__search__descriptor, search_methods);
