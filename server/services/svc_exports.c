// reinstate.v1.Exports (admin): the agency's tables a page at a time, every
// value as text. One table of definitions below: the column names (those
// `reinstate import` reads, for cases, attempts and stage history, so an
// export imports back) and the SQL that produces them.
#include <string.h>

#include "db.h"
#include "query.h"
#include "services.h"
#include "validate.h"
#include "reinstate/v1/exports.pb-c.h"
#include "banned.h"

#define EXPORT_DEFAULT 1000
#define EXPORT_MAX     5000

// A case's external id as exported: its own, else one made from its id.
#define CASE_EXT(alias) "coalesce(" alias ".external_id, 'case-' || " alias ".id)"

struct export_table {
        const char *name;
        const char *columns; // comma-separated, in the order of the select list
        const char *sql;     // $1 after id, $2 limit; first column is the id
};

static const struct export_table tables[] = {
    {"clients", "id,coach_email,name,email,phone,archived_at,erased_at,created_at",
     "SELECT c.id, co.email, c.name, c.email, c.phone, rs_ts(c.archived_at), rs_ts(c.erased_at), "
     "rs_ts(c.created_at) FROM clients c JOIN coaches co ON co.id = c.coach_id WHERE c.id > $1 "
     "ORDER BY c.id LIMIT $2"},
    {"cases",
     "reinstate_id,external_id,reinstate_client_id,client_name,client_email,client_phone,coach_"
     "email,company,role,"
     "manager,manager_email,manager_phone,hr,hr_email,salary,currency,offered_on,declined_on,"
     "reason,better_offer,opening,stage,loss_reason,opened_on,stage_on",
     "SELECT k.id, " CASE_EXT(
         "k") ", k.client_id, cl.name, cl.email, cl.phone, co.email, "
              "k.company, k.role_title, k.manager_name, k.manager_email, k.manager_phone, "
              "k.hr_name, "
              "k.hr_email, k.salary, k.currency, rs_date(k.offered_on), rs_date(k.declined_on), "
              "k.decline_reason, k.better_offer, k.opening_status, k.stage, k.loss_reason, "
              "rs_ts(k.created_at), rs_ts(k.stage_changed_at) FROM cases k JOIN clients cl ON "
              "cl.id = "
              "k.client_id JOIN coaches co ON co.id = k.coach_id WHERE k.id > $1 ORDER BY k.id "
              "LIMIT $2"},
    {"attempts",
     "reinstate_id,external_id,case_external_id,at,channel,contact_role,contact,outcome,summary,"
     "follow_up,"
     "accepted_responsibility,conveyed_commitment,offered_reinterview,reinstate_case_id,logged_by",
     "SELECT a.id, coalesce(a.external_id, 'attempt-' || a.id), " CASE_EXT(
         "k") ", rs_ts(a.at), "
              "a.channel, a.contact_role, a.contact_name, a.outcome, a.summary, "
              "rs_date(a.follow_up_on), "
              "a.accepted_responsibility, a.conveyed_commitment, a.offered_reinterview, a.case_id, "
              "co.email FROM attempts a JOIN cases k ON k.id = a.case_id JOIN coaches co ON co.id "
              "= "
              "a.logged_by WHERE a.id > $1 ORDER BY a.id LIMIT $2"},
    {"stage_history",
     "reinstate_id,case_external_id,at,from_stage,to_stage,loss_reason,why,reinstate_case_id,actor",
     "SELECT h.id, " CASE_EXT(
         "k") ", rs_ts(h.at), h.from_stage, h.to_stage, h.loss_reason, "
              "h.why, h.case_id, co.email FROM stage_history h JOIN cases k ON k.id = h.case_id "
              "JOIN "
              "coaches co ON co.id = h.actor_id WHERE h.id > $1 ORDER BY h.id LIMIT $2"},
    {"notes", "id,case_external_id,case_id,author,created_at,body",
     "SELECT n.id, " CASE_EXT("k") ", n.case_id, co.email, rs_ts(n.created_at), n.body FROM "
                                   "notes n JOIN cases k ON k.id = n.case_id JOIN coaches co ON "
                                   "co.id = n.author_id WHERE n.deleted_at IS NULL AND n.id "
                                   "> $1 ORDER BY n.id LIMIT $2"},
    {"tasks", "id,case_external_id,case_id,title,due_on,done,done_at,created_at",
     "SELECT t.id, " CASE_EXT("k") ", t.case_id, t.title, rs_date(t.due_on), t.done, "
                                   "rs_ts(t.done_at), rs_ts(t.created_at) FROM tasks t JOIN cases "
                                   "k ON k.id = t.case_id WHERE "
                                   "t.id > $1 ORDER BY t.id LIMIT $2"},
};

// Splits the column list into out->columns.
static void set_columns(struct rpc_call *c, const char *list,
                        Reinstate__V1__ExportTableResponse *out)
{
        size_t n = 1;
        char *copy = rpc_strdup(c, list), *s = copy;

        for (const char *p = list; *p; p++)
                n += *p == ',';
        out->columns = rpc_alloc(c, (n + 1) * sizeof(*out->columns));
        out->n_columns = 0;
        for (;;) {
                char *comma = strchr(s, ',');
                out->columns[out->n_columns++] = s;
                if (comma == NULL)
                        break;
                *comma = '\0';
                s = comma + 1;
        }
}

static int exports_table(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ExportTableRequest *req = (const void *)in;
        Reinstate__V1__ExportTableResponse *resp = (void *)out;
        const struct export_table *t = NULL;
        int32_t size = req->page_size ? req->page_size : EXPORT_DEFAULT;
        const char *p[2];
        PGresult *r = NULL;
        int code, n, cols;

        for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
                if (strcmp(req->table, tables[i].name) == 0)
                        t = &tables[i];
        if (t == NULL)
                return rpc_violation(c, "table",
                                     "unknown table '%.40s' (one of: clients, cases, attempts, "
                                     "stage_history, notes, tasks)",
                                     req->table);
        if (size < 1 || size > EXPORT_MAX)
                return rpc_violation(c, "page_size", "must be between 1 and %d", EXPORT_MAX);
        if (req->after_id < 0)
                return rpc_violation(c, "after_id", "must not be negative");
        set_columns(c, t->columns, resp);
        p[0] = query_int(c, req->after_id);
        p[1] = query_int(c, (int64_t)size + 1);
        if ((code = db_exec(c, &r, t->sql, 2, p)) != RS_OK)
                return code;
        n = PQntuples(r);
        cols = PQnfields(r);
        resp->n_rows = (size_t)(n > size ? size : n);
        resp->rows = rpc_alloc(c, (resp->n_rows + 1) * sizeof(*resp->rows));
        for (size_t i = 0; i < resp->n_rows; i++) {
                Reinstate__V1__ExportRow *row = rpc_alloc(c, sizeof(*row));
                reinstate__v1__export_row__init(row);
                row->n_values = (size_t)cols;
                row->values = rpc_alloc(c, ((size_t)cols + 1) * sizeof(*row->values));
                for (int j = 0; j < cols; j++)
                        row->values[j] = rpc_strdup(c, db_text(r, (int)i, j));
                resp->rows[i] = row;
        }
        if (n > size)
                resp->next_after_id = db_int64(r, size - 1, 0);
        PQclear(r);
        return RS_OK;
}

static const struct rpc_method exports_methods[] = {
    {"ExportTable", exports_table, RPC_ADMIN},
};

const struct rpc_service svc_exports =
    RPC_SERVICE(reinstate__v1__exports__descriptor, exports_methods);
