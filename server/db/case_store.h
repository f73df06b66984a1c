// Reading and changing cases, shared by the Cases and Attempts services:
// the one column list and row → message mapping, the scoped load that
// answers NOT_FOUND for cases the caller may not see, and the stage change
// that always writes its stage_history row in the same statement.
#ifndef RS_CASE_STORE_H
#define RS_CASE_STORE_H

#include <stdint.h>
#include <libpq-fe.h>

#include "rpc.h"
#include "stages.h"
#include "reinstate/v1/cases.pb-c.h"

// The select list matching case_from_row; cases are aliased k, clients cl.
#define CASE_COLUMNS                                                                               \
        "k.id, k.client_id, cl.name, k.coach_id, k.company, k.role_title, k.manager_name, "        \
        "k.manager_email, k.manager_phone, k.hr_name, k.hr_email, coalesce(k.salary, 0), "         \
        "k.currency, rs_date(k.offered_on), rs_date(k.declined_on), k.decline_reason, "            \
        "k.better_offer, k.opening_status, rs_ts(k.opening_verified_at), k.stage, "                \
        "coalesce(k.loss_reason, ''), rs_ts(k.stage_changed_at), k.closed_at IS NOT NULL, "        \
        "rs_ts(k.closed_at), rs_ts(k.created_at), rs_ts(k.updated_at), k.version, "                \
        "rs_date(k.start_on), rs_date(k.interview_on), k.route, k.route_contact, "                 \
        "rs_ts(k.motivation_confirmed_at)"

// Fills out (initialised here) from columns CASE_COLUMNS of row; strings are
// copied into call memory.
void case_from_row(struct rpc_call *c, const PGresult *r, int row, Reinstate__V1__Case *out);

// Loads case id if the caller may see it (its coach, or an admin), locking
// the row for the rest of the transaction when lock is set. Returns RS_OK
// with *out in call memory, or RS_NOT_FOUND "case '<id>' not found" (also for
// other coaches' cases: existence is not revealed).
int case_load(struct rpc_call *c, int64_t id, int lock, Reinstate__V1__Case **out);

// Refuses work on a closed case (reinstated or lost): FAILED_PRECONDITION
// "case '42' is closed". Returns RS_OK for an open case.
int case_require_open(struct rpc_call *c, const Reinstate__V1__Case *k);

// Moves case k (loaded and locked) to stage `to` and records who, when,
// from, to and why in stage_history. loss_reason is set only for lost;
// attempt_id is the attempt that caused it, or 0. The change happened when
// its attempt did (event time, so a back-dated attempt dates its change),
// else now. Reopening (to an open
// stage from a closed one) clears the loss reason and closed_at. The caller
// has checked the move is valid. Reloads *k.
int case_change_stage(struct rpc_call *c, Reinstate__V1__Case **k, enum stage to,
                      const char *loss_reason, const char *why, int64_t attempt_id);

#endif
