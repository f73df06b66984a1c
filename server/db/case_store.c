// Case rows: one column list, one mapping, one scoped load, one stage change.
#include "case_store.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "query.h"
#include "status.h"
#include "banned.h"

void case_from_row(struct rpc_call *c, const PGresult *r, int row, Reinstate__V1__Case *k)
{
        int i = 0;

        reinstate__v1__case__init(k);
        k->id = db_int64(r, row, i++);
        k->client_id = db_int64(r, row, i++);
        k->client_name = rpc_strdup(c, db_text(r, row, i++));
        k->coach_id = db_int64(r, row, i++);
        k->company = rpc_strdup(c, db_text(r, row, i++));
        k->role_title = rpc_strdup(c, db_text(r, row, i++));
        k->manager_name = rpc_strdup(c, db_text(r, row, i++));
        k->manager_email = rpc_strdup(c, db_text(r, row, i++));
        k->manager_phone = rpc_strdup(c, db_text(r, row, i++));
        k->hr_name = rpc_strdup(c, db_text(r, row, i++));
        k->hr_email = rpc_strdup(c, db_text(r, row, i++));
        k->salary = db_int64(r, row, i++);
        k->currency = rpc_strdup(c, db_text(r, row, i++));
        k->offered_on = rpc_strdup(c, db_text(r, row, i++));
        k->declined_on = rpc_strdup(c, db_text(r, row, i++));
        k->decline_reason = rpc_strdup(c, db_text(r, row, i++));
        k->better_offer = rpc_strdup(c, db_text(r, row, i++));
        k->opening_status = rpc_strdup(c, db_text(r, row, i++));
        k->opening_verified_at = rpc_strdup(c, db_text(r, row, i++));
        k->stage = rpc_strdup(c, db_text(r, row, i++));
        k->loss_reason = rpc_strdup(c, db_text(r, row, i++));
        k->stage_changed_at = rpc_strdup(c, db_text(r, row, i++));
        k->closed = db_bool(r, row, i++);
        k->closed_at = rpc_strdup(c, db_text(r, row, i++));
        k->created_at = rpc_strdup(c, db_text(r, row, i++));
        k->updated_at = rpc_strdup(c, db_text(r, row, i++));
        k->etag = (char *)etag_of(c, db_int64(r, row, i++));
        k->start_on = rpc_strdup(c, db_text(r, row, i++));
        k->interview_on = rpc_strdup(c, db_text(r, row, i++));
        k->route = rpc_strdup(c, db_text(r, row, i++));
        k->route_contact = rpc_strdup(c, db_text(r, row, i++));
        k->motivation_confirmed_at = rpc_strdup(c, db_text(r, row, i++));
        k->motivation_confirmed = k->motivation_confirmed_at[0] != '\0';
}

int case_load(struct rpc_call *c, int64_t id, int lock, Reinstate__V1__Case **out)
{
        const char *p[3] = {query_int(c, id), scope_admin(c), scope_actor(c)};
        PGresult *r = NULL;
        int code;

        *out = NULL;
        code = db_exec(c, &r,
                       lock ? "SELECT " CASE_COLUMNS " FROM cases k JOIN clients cl ON cl.id = "
                              "k.client_id WHERE k.id = $1 AND ($2::boolean OR k.coach_id = "
                              "$3::bigint) FOR UPDATE OF k"
                            : "SELECT " CASE_COLUMNS " FROM cases k JOIN clients cl ON cl.id = "
                              "k.client_id WHERE k.id = $1 AND ($2::boolean OR k.coach_id = "
                              "$3::bigint)",
                       3, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_NOT_FOUND, "case '%lld' not found", (long long)id);
        }
        *out = rpc_alloc(c, sizeof(**out));
        case_from_row(c, r, 0, *out);
        PQclear(r);
        return RS_OK;
}

int case_change_stage(struct rpc_call *c, Reinstate__V1__Case **k, enum stage to,
                      const char *loss_reason, const char *why, int64_t attempt_id)
{
        const char *p[7] = {
            query_int(c, (*k)->id),
            vocab_name(VOCAB_STAGE, to),
            to == STAGE_LOST ? loss_reason : NULL,
            scope_actor(c),
            (*k)->stage,
            why ? why : "",
            attempt_id > 0 ? query_int(c, attempt_id) : NULL,
        };
        int64_t id = (*k)->id;
        int code;

        code = db_exec(c, NULL,
                       "WITH t AS (SELECT coalesce((SELECT at FROM attempts WHERE id = "
                       "$7::bigint), now()) AS at), u AS (UPDATE cases SET stage = $2, "
                       "loss_reason = $3, stage_changed_at = (SELECT at FROM t), closed_at = "
                       "CASE WHEN (SELECT closed FROM vocab_stage WHERE word = $2) THEN "
                       "(SELECT at FROM t) END "
                       "WHERE id = $1 RETURNING id, coach_id) "
                       "INSERT INTO stage_history (case_id, coach_id, actor_id, at, from_stage, "
                       "to_stage, loss_reason, why, attempt_id) SELECT id, coach_id, $4, "
                       "(SELECT at FROM t), $5, $2, $3, $6, $7 FROM u",
                       7, p);
        if (code != RS_OK)
                return code;
        return case_load(c, id, 0, k);
}

int case_require_open(struct rpc_call *c, const Reinstate__V1__Case *k)
{
        if (!k->closed)
                return RS_OK;
        return rpc_fail(c, RS_FAILED_PRECONDITION,
                        "case '%lld' is closed (%s); an admin can reopen it", (long long)k->id,
                        k->stage);
}
