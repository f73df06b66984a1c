// reinstate.v1.Clients: the job seekers a coach works with. Coaches see and
// change their own clients; admins see all and may assign a client to
// another coach, which moves its cases (and their attempts, notes, tasks and
// history) along through the cascading ownership keys. Clients are archived,
// never deleted.
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "paging.h"
#include "query.h"
#include "services.h"
#include "validate.h"
#include "reinstate/v1/clients.pb-c.h"
#include "banned.h"

#define CLIENT_COLUMNS                                                                             \
        "c.id, c.coach_id, c.name, c.email, c.phone, c.archived_at IS NOT NULL, "                  \
        "rs_ts(c.archived_at), rs_ts(c.created_at), rs_ts(c.updated_at), c.version, "              \
        "(SELECT count(*) FROM cases k WHERE k.client_id = c.id AND k.closed_at IS NULL)"

static void client_from_row(struct rpc_call *c, const PGresult *r, int row,
                            Reinstate__V1__Client *out)
{
        int i = 0;

        reinstate__v1__client__init(out);
        out->id = db_int64(r, row, i++);
        out->coach_id = db_int64(r, row, i++);
        out->name = rpc_strdup(c, db_text(r, row, i++));
        out->email = rpc_strdup(c, db_text(r, row, i++));
        out->phone = rpc_strdup(c, db_text(r, row, i++));
        out->archived = db_bool(r, row, i++);
        out->archived_at = rpc_strdup(c, db_text(r, row, i++));
        out->created_at = rpc_strdup(c, db_text(r, row, i++));
        out->updated_at = rpc_strdup(c, db_text(r, row, i++));
        out->etag = (char *)etag_of(c, db_int64(r, row, i++));
        out->open_cases = (int32_t)db_int64(r, row, i++);
}

// Runs a statement returning one client row into out; NOT_FOUND when no row.
static int one_client(struct rpc_call *c, int64_t id, const char *sql, int n, const char **p,
                      Reinstate__V1__Client *out)
{
        PGresult *r = NULL;
        int code = db_exec(c, &r, sql, n, p);

        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1)
                code = rpc_fail(c, RS_NOT_FOUND, "client '%lld' not found", (long long)id);
        else
                client_from_row(c, r, 0, out);
        PQclear(r);
        return code;
}

static int load_client(struct rpc_call *c, int64_t id, int lock, Reinstate__V1__Client *out)
{
        const char *p[3] = {query_int(c, id), scope_admin(c), scope_actor(c)};

        return one_client(c, id,
                          lock ? "SELECT " CLIENT_COLUMNS " FROM clients c WHERE c.id = $1 AND "
                                 "($2::boolean OR c.coach_id = $3::bigint) FOR UPDATE"
                               : "SELECT " CLIENT_COLUMNS " FROM clients c WHERE c.id = $1 AND "
                                 "($2::boolean OR c.coach_id = $3::bigint)",
                          3, p, out);
}

// Whether the caller may make coach_id the owner: themselves, or any active
// coach for an admin.
static int check_owner(struct rpc_call *c, int64_t coach_id)
{
        const char *p[1];
        PGresult *r = NULL;
        int code;

        if (coach_id == c->actor_id)
                return RS_OK;
        if (c->actor_role != RPC_ROLE_ADMIN)
                return rpc_fail(c, RS_PERMISSION_DENIED,
                                "only admins can assign a client to another coach");
        if (coach_id <= 0)
                return rpc_violation(c, "coach_id", "must be a positive id");
        p[0] = query_int(c, coach_id);
        code = db_exec(c, &r, "SELECT disabled FROM coaches WHERE id = $1", 1, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1)
                code = rpc_fail(c, RS_NOT_FOUND, "coach '%lld' not found", (long long)coach_id);
        else if (db_bool(r, 0, 0))
                code = rpc_fail(c, RS_FAILED_PRECONDITION, "coach '%lld' is disabled",
                                (long long)coach_id);
        PQclear(r);
        return code;
}

static int clients_create(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__CreateClientRequest *req = (const void *)in;
        const Reinstate__V1__Client *cl = req->client;
        int64_t owner;
        const char *p[4];
        int code;

        if (cl == NULL)
                return rpc_violation(c, "client", "is required");
        if ((code = validate_client(c, cl)) != RS_OK)
                return code;
        owner = cl->coach_id ? cl->coach_id : c->actor_id;
        if ((code = check_owner(c, owner)) != RS_OK)
                return code;
        p[0] = query_int(c, owner);
        p[1] = cl->name;
        p[2] = cl->email;
        p[3] = cl->phone;
        code = one_client(c, 0,
                          "WITH c AS (INSERT INTO clients (coach_id, name, email, phone) "
                          "VALUES ($1, btrim($2), $3, $4) RETURNING *) SELECT " CLIENT_COLUMNS
                          " FROM c",
                          4, p, (void *)out);
        if (code == RS_OK)
                rpc_audit(
                    c, rpc_printf(c, "client/%lld", (long long)((Reinstate__V1__Client *)out)->id),
                    "created for coach/%lld", (long long)owner);
        return code;
}

static int clients_get(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__GetClientRequest *req = (const void *)in;

        if (validate_id(c, "id", req->id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        return load_client(c, req->id, 0, (void *)out);
}

static int clients_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListClientsRequest *req = (const void *)in;
        Reinstate__V1__ListClientsResponse *resp = (void *)out;
        const char *fp = rpc_printf(c, "clients|%d|%lld|%lld", req->archived,
                                    (long long)req->coach_id, (long long)c->actor_id);
        struct query q;
        struct page pg;
        PGresult *r = NULL;
        int code, n;

        if ((code = paging_begin(c, req->page_size, req->page_token, fp, &pg)) != RS_OK)
                return code;
        query_init(&q, c, "SELECT " CLIENT_COLUMNS " FROM clients c WHERE ");
        query_text(&q, req->archived ? "c.archived_at IS NOT NULL" : "c.archived_at IS NULL");
        if (c->actor_role != RPC_ROLE_ADMIN)
                query_add(&q, " AND c.coach_id = $$::bigint", scope_actor(c));
        if (req->coach_id)
                query_add(&q, " AND c.coach_id = $$::bigint", query_int(c, req->coach_id));
        if (pg.has_cursor)
                query_add(&q, " AND c.id > $$::bigint", query_int(c, pg.id));
        query_add(&q, " ORDER BY c.id LIMIT $$", query_int(c, pg.size + 1));
        code = query_exec(&q, &r);
        query_fini(&q);
        if (code != RS_OK)
                return code;
        n = PQntuples(r);
        resp->n_clients = (size_t)(n > pg.size ? pg.size : n);
        resp->clients = rpc_alloc(c, (resp->n_clients + 1) * sizeof(*resp->clients));
        for (size_t i = 0; i < resp->n_clients; i++) {
                resp->clients[i] = rpc_alloc(c, sizeof(**resp->clients));
                client_from_row(c, r, (int)i, resp->clients[i]);
        }
        if (n > pg.size)
                resp->next_page_token =
                    paging_token(c, fp, "", resp->clients[resp->n_clients - 1]->id);
        PQclear(r);
        return RS_OK;
}

static int clients_update(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__UpdateClientRequest *req = (const void *)in;
        const Reinstate__V1__Client *patch = req->client;
        Reinstate__V1__Client cur;
        int64_t owner;
        const char *p[5];
        int code;

        if (patch == NULL)
                return rpc_violation(c, "client", "is required");
        if (validate_id(c, "client.id", patch->id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if (req->n_update_mask == 0)
                return rpc_violation(c, "update_mask", "name at least one field to change");
        if ((code = load_client(c, patch->id, 1, &cur)) != RS_OK)
                return code;
        if ((code = etag_check(c, "client", cur.id, cur.etag, patch->etag)) != RS_OK)
                return code;
        owner = cur.coach_id;
        for (size_t i = 0; i < req->n_update_mask; i++) {
                const char *f = req->update_mask[i];
                if (strcmp(f, "name") == 0)
                        cur.name = patch->name;
                else if (strcmp(f, "email") == 0)
                        cur.email = patch->email;
                else if (strcmp(f, "phone") == 0)
                        cur.phone = patch->phone;
                else if (strcmp(f, "coach_id") == 0)
                        owner = patch->coach_id;
                else
                        return rpc_violation(c, "update_mask",
                                             "'%.40s' is not a field that can be updated (name, "
                                             "email, phone, coach_id)",
                                             f);
        }
        if ((code = validate_client(c, &cur)) != RS_OK)
                return code;
        if (owner != cur.coach_id && (code = check_owner(c, owner)) != RS_OK)
                return code;
        p[0] = query_int(c, cur.id);
        p[1] = cur.name;
        p[2] = cur.email;
        p[3] = cur.phone;
        p[4] = query_int(c, owner);
        code =
            one_client(c, cur.id,
                       "WITH c AS (UPDATE clients SET name = btrim($2), email = $3, phone = $4, "
                       "coach_id = $5 WHERE id = $1 RETURNING *) SELECT " CLIENT_COLUMNS " FROM c",
                       5, p, (void *)out);
        if (code == RS_OK)
                rpc_audit(c, rpc_printf(c, "client/%lld", (long long)cur.id), "updated%s",
                          owner != cur.coach_id
                              ? rpc_printf(c, ", reassigned to coach/%lld", (long long)owner)
                              : "");
        return code;
}

static int set_archived(struct rpc_call *c, int64_t id, const char *etag, int archive,
                        ProtobufCMessage *out)
{
        Reinstate__V1__Client cur;
        const char *p[1];
        int code;

        if (validate_id(c, "id", id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if ((code = load_client(c, id, 1, &cur)) != RS_OK)
                return code;
        if ((code = etag_check(c, "client", id, cur.etag, etag)) != RS_OK)
                return code;
        if (cur.archived == archive)
                return rpc_fail(c, RS_FAILED_PRECONDITION, "client '%lld' is %s", (long long)id,
                                archive ? "already archived" : "not archived");
        p[0] = query_int(c, id);
        code = one_client(c, id,
                          archive ? "WITH c AS (UPDATE clients SET archived_at = now() WHERE id = "
                                    "$1 RETURNING *) SELECT " CLIENT_COLUMNS " FROM c"
                                  : "WITH c AS (UPDATE clients SET archived_at = NULL WHERE id = "
                                    "$1 RETURNING *) SELECT " CLIENT_COLUMNS " FROM c",
                          1, p, (void *)out);
        if (code == RS_OK)
                rpc_audit(c, rpc_printf(c, "client/%lld", (long long)id), "%s",
                          archive ? "archived" : "restored");
        return code;
}

static int clients_archive(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ArchiveClientRequest *req = (const void *)in;

        return set_archived(c, req->id, req->etag, 1, out);
}

static int clients_restore(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__RestoreClientRequest *req = (const void *)in;

        return set_archived(c, req->id, req->etag, 0, out);
}

static const struct rpc_method clients_methods[] = {
    {"CreateClient", clients_create, RPC_AUTH | RPC_MUTATES},
    {"GetClient", clients_get, RPC_AUTH},
    {"ListClients", clients_list, RPC_AUTH},
    {"UpdateClient", clients_update, RPC_AUTH | RPC_MUTATES},
    {"ArchiveClient", clients_archive, RPC_AUTH | RPC_MUTATES},
    {"RestoreClient", clients_restore, RPC_AUTH | RPC_MUTATES},
};

const struct rpc_service svc_clients =
    RPC_SERVICE(reinstate__v1__clients__descriptor, clients_methods);
