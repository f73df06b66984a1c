// reinstate.v1.Search: one query over clients, cases, attempts and notes.
//
// Names (clients' name, e-mail and phone; cases' company, role, manager and
// HR contact) match by trigram word similarity on the folded text
// (rs_client_text, rs_case_text in schema/050), so "Dana Whitfeld" finds
// "Dana Whitfield"; prose (attempts' summaries, notes) by full-text search
// (rs_prose). Each kind is ranked and cut in its own branch, through its own
// index, then the best hits of all kinds are merged. The indexes are on a
// table of search keys read by rs_search (schema/053), which scopes every
// branch to the caller's own rows (admins: all): under the forced policies
// of the tables themselves their indexes could not be used. The hits are
// read through those policies, which hold behind it.
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

// $1 query, $2 limit. rs_search (schema/053) finds the best hits of each
// kind in the caller's scope through the search indexes; the rows are then
// read here through their tables' policies.
// The client of an attempt's or a note's hit is read by a subquery a kind,
// once a hit, by the case's id alone: a qual with coalesce() in it is not
// leakproof, so the policy of cases comes first and every case is read (a
// sequential scan of them all, for 20 hits).
#define SEARCH_SQL                                                                                 \
        "SELECT h.kind, h.id, CASE h.kind WHEN 'client' THEN 0 WHEN 'case' THEN k.id ELSE "        \
        "coalesce(a.case_id, n.case_id) END, coalesce(c.id, k.client_id, (SELECT ak.client_id "    \
        "FROM cases ak WHERE ak.id = a.case_id), "                                                 \
        "(SELECT nk.client_id FROM cases nk WHERE nk.id = n.case_id), 0), "                        \
        "CASE h.kind WHEN 'client' THEN c.name WHEN 'case' THEN k.company || ' — ' || "          \
        "k.role_title WHEN 'attempt' THEN a.contact_name ELSE 'note' END, CASE h.kind WHEN "       \
        "'client' THEN concat_ws(' ', nullif(c.email, ''), nullif(c.phone, '')) WHEN 'case' THEN " \
        "concat_ws(', ', 'manager ' || k.manager_name, 'HR ' || nullif(k.hr_name, '')) WHEN "      \
        "'attempt' THEN left(a.summary, 160) ELSE left(n.body, 160) END, "                         \
        "round(h.score::numeric, 3)::float8 FROM rs_search($1, $2::integer) h "                    \
        "LEFT JOIN LATERAL (SELECT * FROM clients c WHERE h.kind = 'client' AND c.id = h.id) c "   \
        "ON true LEFT JOIN LATERAL (SELECT * FROM cases k WHERE h.kind = 'case' AND k.id = h.id) " \
        "k ON true LEFT JOIN LATERAL (SELECT * FROM attempts a WHERE h.kind = 'attempt' AND a.id " \
        "= h.id) a ON true LEFT JOIN LATERAL (SELECT * FROM notes n WHERE h.kind = 'note' AND "    \
        "n.id = h.id AND n.deleted_at IS NULL) n ON true "                                         \
        "WHERE coalesce(c.id, k.id, a.id, n.id) IS NOT NULL "                                      \
        "ORDER BY h.score DESC, h.kind, h.id LIMIT $2::integer"

static int search_search(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__SearchRequest *req = (const void *)in;
        Reinstate__V1__SearchResponse *resp = (void *)out;
        int32_t limit = req->limit ? req->limit : SEARCH_DEFAULT;
        const char *p[2];
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
        p[1] = query_int(c, limit);
        if ((code = db_exec(c, &r, SEARCH_SQL, 2, p)) != RS_OK)
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
