// reinstate.v1.Privacy: what the agency holds about one client, and its
// erasure. The document is built by PostgreSQL from the rows themselves
// (every column, so nothing held is left out as the schema grows); access
// codes appear without their hashes. Erasure is rs_erase_client()
// (schema/050), the one function allowed to rewrite append-only rows;
// without confirm the call only counts what it would touch.
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "query.h"
#include "services.h"
#include "validate.h"
#include "reinstate/v1/privacy.pb-c.h"
#include "banned.h"

// $1 client, $2 admin, $3 actor.
#define CLIENT_DOCUMENT_SQL                                                                        \
        "SELECT jsonb_pretty(jsonb_build_object("                                                  \
        "'client', to_jsonb(c0), "                                                                 \
        "'coach', (SELECT jsonb_build_object('id', co.id, 'email', co.email, 'name', "             \
        "co.display_name) FROM coaches co WHERE co.id = c0.coach_id), "                            \
        "'cases', coalesce((SELECT jsonb_agg(to_jsonb(k) || jsonb_build_object("                   \
        "'attempts', coalesce((SELECT jsonb_agg(to_jsonb(a) ORDER BY a.at, a.id) FROM attempts a " \
        "WHERE a.case_id = k.id), '[]'), "                                                         \
        "'notes', coalesce((SELECT jsonb_agg(to_jsonb(n) ORDER BY n.id) FROM notes n WHERE "       \
        "n.case_id = k.id), '[]'), "                                                               \
        "'tasks', coalesce((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id) FROM tasks t WHERE "       \
        "t.case_id = k.id), '[]'), "                                                               \
        "'stage_history', coalesce((SELECT jsonb_agg(to_jsonb(h) ORDER BY h.id) FROM "             \
        "stage_history h WHERE h.case_id = k.id), '[]'), "                                         \
        "'access_codes', coalesce((SELECT jsonb_agg(to_jsonb(ac) - 'code_hash' ORDER BY ac.id) "   \
        "FROM access_codes ac WHERE ac.case_id = k.id), '[]'), "                                   \
        "'mail', coalesce((SELECT jsonb_agg(to_jsonb(o) ORDER BY o.id) FROM outbox o WHERE "       \
        "o.case_id = k.id), '[]')) ORDER BY k.id) FROM cases k WHERE k.client_id = c0.id), "       \
        "'[]'), "                                                                                  \
        "'audit_log', coalesce((SELECT jsonb_agg(to_jsonb(l) ORDER BY l.id) FROM audit_log l "     \
        "WHERE l.record = 'client/' || c0.id OR l.record IN (SELECT 'case/' || k.id FROM cases k " \
        "WHERE k.client_id = c0.id)), '[]')))"                                                     \
        "FROM clients c0 WHERE c0.id = $1 AND ($2::boolean OR c0.coach_id = $3::bigint)"

static int privacy_export(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ExportClientRequest *req = (const void *)in;
        Reinstate__V1__ClientDocument *doc = (void *)out;
        const char *p[3];
        PGresult *r = NULL;
        int code;

        if (validate_id(c, "id", req->id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        p[0] = query_int(c, req->id);
        p[1] = scope_admin(c);
        p[2] = scope_actor(c);
        if ((code = db_exec(c, &r, CLIENT_DOCUMENT_SQL, 3, p)) != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_NOT_FOUND, "client '%lld' not found", (long long)req->id);
        }
        doc->client_id = req->id;
        doc->json = rpc_strdup(c, db_text(r, 0, 0));
        PQclear(r);
        return RS_OK;
}

static int privacy_erase(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__EraseClientRequest *req = (const void *)in;
        Reinstate__V1__EraseClientResponse *resp = (void *)out;
        const char *p[1];
        PGresult *r = NULL;
        int code;

        if (validate_id(c, "id", req->id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        p[0] = query_int(c, req->id);
        code = db_exec(c, &r,
                       req->confirm
                           ? "SELECT cases, attempts, notes, tasks, stage_changes, codes_revoked, "
                             "erased_at FROM rs_erase_client($1::bigint) e WHERE EXISTS (SELECT 1 "
                             "FROM clients WHERE id = $1::bigint)"
                           : "SELECT (SELECT count(*) FROM cases k WHERE k.client_id = c.id), "
                             "(SELECT count(*) FROM attempts a JOIN cases k ON k.id = a.case_id "
                             "WHERE k.client_id = c.id), (SELECT count(*) FROM notes n JOIN cases "
                             "k ON k.id = n.case_id WHERE k.client_id = c.id), (SELECT count(*) "
                             "FROM tasks t JOIN cases k ON k.id = t.case_id WHERE k.client_id = "
                             "c.id), (SELECT count(*) FROM stage_history h JOIN cases k ON k.id "
                             "= h.case_id WHERE k.client_id = c.id), (SELECT count(*) FROM "
                             "access_codes ac JOIN cases k ON k.id = ac.case_id WHERE k.client_id "
                             "= c.id AND ac.revoked_at IS NULL), coalesce(rs_ts(c.erased_at), '') "
                             "FROM clients c WHERE c.id = $1::bigint",
                       1, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_NOT_FOUND, "client '%lld' not found", (long long)req->id);
        }
        resp->client_id = req->id;
        resp->erased = req->confirm;
        resp->cases = (int32_t)db_int64(r, 0, 0);
        resp->attempts = (int32_t)db_int64(r, 0, 1);
        resp->notes = (int32_t)db_int64(r, 0, 2);
        resp->tasks = (int32_t)db_int64(r, 0, 3);
        resp->stage_changes = (int32_t)db_int64(r, 0, 4);
        resp->access_codes_revoked = (int32_t)db_int64(r, 0, 5);
        resp->erased_at = rpc_strdup(c, db_text(r, 0, 6));
        PQclear(r);
        if (req->confirm)
                rpc_audit(c, rpc_printf(c, "client/%lld", (long long)req->id),
                          "personal data erased: %d cases, %d attempts, %d notes, %d tasks, %d "
                          "codes revoked",
                          resp->cases, resp->attempts, resp->notes, resp->tasks,
                          resp->access_codes_revoked);
        return RS_OK;
}

static const struct rpc_method privacy_methods[] = {
    {"ExportClient", privacy_export, RPC_AUTH},
    {"EraseClient", privacy_erase, RPC_ADMIN | RPC_MUTATES},
};

const struct rpc_service svc_privacy =
    RPC_SERVICE(reinstate__v1__privacy__descriptor, privacy_methods);
