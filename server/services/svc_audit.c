// reinstate.v1.Audit: reading the append-only audit log (admins only),
// newest first, with keyset pagination on the entry id.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "paging.h"
#include "services.h"
#include "reinstate/v1/audit.pb-c.h"
#include "banned.h"

static int audit_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListAuditRequest *req = (const void *)in;
        Reinstate__V1__ListAuditResponse *resp = (void *)out;
        char before[24] = "", actor[24] = "", limit[16];
        const char *p[4] = {NULL, NULL, NULL, limit};
        int size = req->page_size <= 0 ? 50 : req->page_size, code, n;
        PGresult *r = NULL;

        if (size > PAGING_MAX_SIZE)
                return rpc_violation(c, "page_size", "must be at most %d", PAGING_MAX_SIZE);
        if (strlen(req->record) > 96)
                return rpc_violation(c, "record", "must be at most 96 characters");
        if (req->page_token[0]) {
                char *end;
                long long v = strncmp(req->page_token, "a", 1) == 0
                                  ? strtoll(req->page_token + 1, &end, 10)
                                  : -1;
                if (v <= 0 || *end != '\0')
                        return rpc_violation(c, "page_token", "is not a token from this list");
                snprintf(before, sizeof(before), "%lld", v);
                p[0] = before;
        }
        if (req->actor_id > 0) {
                snprintf(actor, sizeof(actor), "%lld", (long long)req->actor_id);
                p[1] = actor;
        }
        if (req->record[0])
                p[2] = req->record;
        snprintf(limit, sizeof(limit), "%d", size + 1);
        code = db_exec(c, &r,
                       "SELECT a.id, rs_ts(a.at), coalesce(a.actor_id, 0), coalesce(c.email, ''), "
                       "a.method, a.record, a.request_id, a.summary FROM audit_log a "
                       "LEFT JOIN coaches c ON c.id = a.actor_id "
                       "WHERE ($1::bigint IS NULL OR a.id < $1::bigint) "
                       "AND ($2::bigint IS NULL OR a.actor_id = $2::bigint) "
                       "AND ($3::text IS NULL OR a.record = $3 OR (right($3, 1) = '/' AND "
                       "starts_with(a.record, $3))) "
                       "ORDER BY a.id DESC LIMIT $4::int",
                       4, p);
        if (code != RS_OK)
                return code;
        n = PQntuples(r) > size ? size : PQntuples(r);
        resp->n_entries = (size_t)n;
        resp->entries = rpc_alloc(c, sizeof(*resp->entries) * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
                Reinstate__V1__AuditEntry *e = rpc_alloc(c, sizeof(*e));
                reinstate__v1__audit_entry__init(e);
                e->id = db_int64(r, i, 0);
                e->at = rpc_strdup(c, db_text(r, i, 1));
                e->actor_id = db_int64(r, i, 2);
                e->actor_email = rpc_strdup(c, db_text(r, i, 3));
                e->method = rpc_strdup(c, db_text(r, i, 4));
                e->record = rpc_strdup(c, db_text(r, i, 5));
                e->request_id = rpc_strdup(c, db_text(r, i, 6));
                e->summary = rpc_strdup(c, db_text(r, i, 7));
                resp->entries[i] = e;
        }
        if (PQntuples(r) > size)
                resp->next_page_token = rpc_printf(c, "a%lld", (long long)resp->entries[n - 1]->id);
        PQclear(r);
        return RS_OK;
}

static const struct rpc_method audit_methods[] = {
    {"ListAudit", audit_list, RPC_ADMIN},
};

const struct rpc_service svc_audit = RPC_SERVICE(reinstate__v1__audit__descriptor, audit_methods);
