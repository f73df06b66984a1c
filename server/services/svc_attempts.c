// reinstate.v1.Attempts: every contact made on a case. Logging an attempt
// whose outcome implies a stage moves the case when the transition rules
// allow it, recording the change with the attempt that caused it, at the
// attempt's time; an outcome that does not fit is stored and the case stays,
// with a note saying why. Only the decision maker (the hiring manager, or
// the route in the coach chose) can put a case into awaiting_response or
// in_discussion: an unanswered call to HR is not the manager's silence. A
// local `at` ("2025-03-07T19:30", "2025-03-07") is read in the case's
// coach's time zone.
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "case_store.h"
#include "route.h"
#include "db.h"
#include "paging.h"
#include "query.h"
#include "services.h"
#include "validate.h"
#include "reinstate/v1/attempts.pb-c.h"
#include "banned.h"

#define ATTEMPT_COLUMNS                                                                            \
        "a.id, a.case_id, rs_ts(a.at), a.channel, a.contact_role, a.contact_name, a.summary, "     \
        "a.accepted_responsibility, a.conveyed_commitment, a.offered_reinterview, a.outcome, "     \
        "rs_date(a.follow_up_on), a.logged_by, rs_ts(a.created_at), "                              \
        "(extract(epoch FROM a.at) * 1000000)::bigint, coalesce(rs_ts(a.voided_at), ''), "         \
        "a.void_reason"

static void attempt_from_row(struct rpc_call *c, const PGresult *r, int row,
                             Reinstate__V1__Attempt *a)
{
        int i = 0;

        reinstate__v1__attempt__init(a);
        a->id = db_int64(r, row, i++);
        a->case_id = db_int64(r, row, i++);
        a->at = rpc_strdup(c, db_text(r, row, i++));
        a->channel = rpc_strdup(c, db_text(r, row, i++));
        a->contact_role = rpc_strdup(c, db_text(r, row, i++));
        a->contact_name = rpc_strdup(c, db_text(r, row, i++));
        a->summary = rpc_strdup(c, db_text(r, row, i++));
        a->accepted_responsibility = db_bool(r, row, i++);
        a->conveyed_commitment = db_bool(r, row, i++);
        a->offered_reinterview = db_bool(r, row, i++);
        a->outcome = rpc_strdup(c, db_text(r, row, i++));
        a->follow_up_on = rpc_strdup(c, db_text(r, row, i++));
        a->logged_by = db_int64(r, row, i++);
        a->created_at = rpc_strdup(c, db_text(r, row, i++));
        i++; // the paging key
        a->voided_at = rpc_strdup(c, db_text(r, row, i++));
        a->void_reason = rpc_strdup(c, db_text(r, row, i++));
        a->etag = "1";        // attempts are a record: never changed
        if (PQnfields(r) > i) // LogAttempt adds the interview date
                a->interview_on = rpc_strdup(c, db_text(r, row, i));
}

// What an attempt tells about the case besides its stage: still_open is a
// verification of the opening, dated the attempt's time (an open case only,
// and never older than the one recorded); a re-interview date given with
// the attempt is the case's interview date.
static int record_facts(struct rpc_call *c, const Reinstate__V1__Case *k,
                        const Reinstate__V1__Attempt *row, enum outcome o)
{
        const char *p[3] = {query_int(c, k->id), query_int(c, row->id),
                            query_nullable(row->interview_on)};
        int code;

        if (o == OUTCOME_STILL_OPEN && !k->closed &&
            (code = db_exec(c, NULL,
                            "UPDATE cases k SET opening_status = 'open', opening_verified_at = "
                            "a.at FROM attempts a WHERE k.id = $1 AND a.id = $2::bigint AND "
                            "(k.opening_verified_at IS NULL OR k.opening_verified_at <= a.at "
                            "OR k.opening_status = 'unknown')",
                            2, p)) != RS_OK)
                return code;
        if (row->interview_on[0] &&
            (code = db_exec(c, NULL,
                            "UPDATE cases SET interview_on = $3::date WHERE id = $1 AND "
                            "$2::bigint IS NOT NULL",
                            3, p)) != RS_OK)
                return code;
        return RS_OK;
}

static int attempts_log(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__LogAttemptRequest *req = (const void *)in;
        Reinstate__V1__LogAttemptResponse *resp = (void *)out;
        const Reinstate__V1__Attempt *a = req->attempt;
        Reinstate__V1__Case *k = NULL;
        Reinstate__V1__Attempt *row;
        enum stage to = STAGE_LOST, from;
        enum loss_reason reason = LOSS_OTHER;
        enum stage_move move;
        const char *p[14];
        PGresult *r = NULL;
        int code, v = 0, o = 0, local = 0;
        int64_t epoch;
        int32_t day;

        if (a == NULL)
                return rpc_violation(c, "attempt", "is required");
        if ((code = validate_attempt(c, a, (int64_t)time(NULL))) != RS_OK)
                return code;
        if (a->at && a->at[0])
                validate_when(c, "at", a->at, &epoch, &day, &local);
        // A closed case still takes attempts (what happened after it closed
        // is worth keeping); their outcomes do not move it.
        if ((code = case_load(c, a->case_id, 1, &k)) != RS_OK)
                return code;
        p[0] = query_int(c, k->id);
        p[1] = query_int(c, k->coach_id);
        p[2] = query_nullable(a->at);
        p[3] = a->channel;
        p[4] = a->contact_role;
        p[5] = a->contact_name;
        p[6] = a->summary;
        p[7] = a->accepted_responsibility ? "t" : "f";
        p[8] = a->conveyed_commitment ? "t" : "f";
        p[9] = a->offered_reinterview ? "t" : "f";
        p[10] = a->outcome;
        p[11] = query_nullable(a->follow_up_on);
        p[12] = local ? "t" : "f";
        p[13] = query_nullable(a->interview_on);
        code = db_exec(c, &r,
                       "WITH a AS (INSERT INTO attempts (case_id, coach_id, at, channel, "
                       "contact_role, contact_name, summary, accepted_responsibility, "
                       "conveyed_commitment, offered_reinterview, outcome, follow_up_on, "
                       "logged_by) VALUES ($1, $2, CASE WHEN $3::text IS NULL THEN now() "
                       "WHEN $13::boolean THEN $3::timestamp AT TIME ZONE rs_zone($2) "
                       "ELSE $3::timestamptz END, $4, $5, btrim($6), $7, $8, $9, $10, $11, "
                       "$12::date, rs_actor()) RETURNING *) "
                       "SELECT " ATTEMPT_COLUMNS ", rs_date($14::date) FROM a",
                       14, p);
        if (code != RS_OK)
                return code;
        row = rpc_alloc(c, sizeof(*row));
        attempt_from_row(c, r, 0, row);
        PQclear(r);
        resp->attempt = row;
        resp->from_stage = k->stage;
        vocab_parse(VOCAB_STAGE, k->stage, &v);
        vocab_parse(VOCAB_OUTCOME, a->outcome, &o);
        from = (enum stage)v;
        if ((code = record_facts(c, k, row, (enum outcome)o)) != RS_OK)
                return code;
        move = stages_outcome_move((enum outcome)o, from, &to, &reason);
        if (move != STAGE_MOVE_NONE &&
            (to == STAGE_AWAITING_RESPONSE || to == STAGE_IN_DISCUSSION) &&
            !route_is_decision_path(a->contact_role, a->contact_name, k->route, k->route_contact)) {
                move = STAGE_MOVE_NONE;
                resp->note = rpc_printf(c,
                                        "outcome %s with %s (%s) is not the hiring manager's "
                                        "answer: the case stays %s",
                                        a->outcome, row->contact_name, a->contact_role, k->stage);
        }
        if (move == STAGE_MOVE_OK) {
                code = case_change_stage(
                    c, &k, to, vocab_name(VOCAB_LOSS_REASON, (int)reason),
                    rpc_printf(c, "attempt %lld: %s", (long long)row->id, a->outcome), row->id);
                if (code != RS_OK)
                        return code;
                resp->moved = 1;
        } else if (move == STAGE_MOVE_REFUSED) {
                resp->note =
                    rpc_printf(c,
                               "outcome %s points to %s, which is not a valid move from "
                               "%s: the case stays %s",
                               a->outcome, vocab_name(VOCAB_STAGE, to), k->stage, k->stage);
        }
        resp->stage = k->stage;
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)k->id), "attempt %lld logged: %s%s%s",
                  (long long)row->id, a->outcome, resp->moved ? ", moved to " : "",
                  resp->moved ? k->stage : "");
        return RS_OK;
}

static int attempts_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListAttemptsRequest *req = (const void *)in;
        Reinstate__V1__ListAttemptsResponse *resp = (void *)out;
        Reinstate__V1__Case *k = NULL;
        const char *fp =
            rpc_printf(c, "attempts|%lld|%lld", (long long)req->case_id, (long long)c->actor_id);
        struct query q;
        struct page pg;
        PGresult *r = NULL;
        int code, n;

        if (validate_id(c, "case_id", req->case_id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if ((code = paging_begin(c, req->page_size, req->page_token, fp, &pg)) != RS_OK)
                return code;
        if ((code = case_load(c, req->case_id, 0, &k)) != RS_OK)
                return code;
        query_init(&q, c, "SELECT " ATTEMPT_COLUMNS " FROM attempts a WHERE ");
        query_add(&q, "a.case_id = $$::bigint", query_int(c, req->case_id));
        if (c->actor_role != RPC_ROLE_ADMIN)
                query_add(&q, " AND a.coach_id = $$::bigint", scope_actor(c));
        if (pg.has_cursor) {
                query_add(&q,
                          " AND (a.at, a.id) > ('epoch'::timestamptz + $$::bigint * interval "
                          "'1 microsecond', ",
                          rpc_strdup(c, pg.key));
                query_add(&q, "$$::bigint)", query_int(c, pg.id));
        }
        query_add(&q, " ORDER BY a.at, a.id LIMIT $$", query_int(c, pg.size + 1));
        code = query_exec(&q, &r);
        query_fini(&q);
        if (code != RS_OK)
                return code;
        n = PQntuples(r);
        resp->n_attempts = (size_t)(n > pg.size ? pg.size : n);
        resp->attempts = rpc_alloc(c, (resp->n_attempts + 1) * sizeof(*resp->attempts));
        for (size_t i = 0; i < resp->n_attempts; i++) {
                resp->attempts[i] = rpc_alloc(c, sizeof(**resp->attempts));
                attempt_from_row(c, r, (int)i, resp->attempts[i]);
        }
        if (n > pg.size) {
                int last = (int)resp->n_attempts - 1;
                resp->next_page_token =
                    paging_token(c, fp, db_text(r, last, 14), resp->attempts[last]->id);
        }
        PQclear(r);
        return RS_OK;
}

static int attempts_void(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__VoidAttemptRequest *req = (const void *)in;
        Reinstate__V1__VoidAttemptResponse *resp = (void *)out;
        Reinstate__V1__Case *k = NULL;
        Reinstate__V1__Attempt *row;
        const char *p[3];
        PGresult *r = NULL;
        int64_t case_id;
        int code, voided, v;

        if (validate_id(c, "attempt_id", req->attempt_id) != RS_OK ||
            validate_text(c, "reason", req->reason, 0, 1000) != RS_OK)
                return RS_INVALID_ARGUMENT;
        p[0] = query_int(c, req->attempt_id);
        p[1] = scope_actor(c);
        p[2] = scope_admin(c);
        if ((code = db_exec(c, &r,
                            "SELECT case_id, voided_at IS NOT NULL FROM attempts WHERE id = $1 "
                            "AND ($3::boolean OR coach_id = $2::bigint)",
                            3, p)) != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_NOT_FOUND, "attempt '%lld' not found",
                                (long long)req->attempt_id);
        }
        case_id = db_int64(r, 0, 0);
        voided = db_bool(r, 0, 1);
        PQclear(r);
        r = NULL;
        if ((code = case_load(c, case_id, 1, &k)) != RS_OK)
                return code;
        if (voided)
                return rpc_fail(c, RS_FAILED_PRECONDITION, "attempt '%lld' is already voided",
                                (long long)req->attempt_id);
        p[1] = req->reason;
        if ((code = db_exec(c, &r,
                            "WITH a AS (UPDATE attempts SET voided_at = now(), voided_by = "
                            "rs_actor(), void_reason = btrim($2) WHERE id = $1 RETURNING *) "
                            "SELECT " ATTEMPT_COLUMNS " FROM a",
                            2, p)) != RS_OK)
                return code;
        row = rpc_alloc(c, sizeof(*row));
        attempt_from_row(c, r, 0, row);
        PQclear(r);
        r = NULL;
        resp->attempt = row;
        // The stage change the attempt caused, and whether any followed it.
        p[1] = query_int(c, case_id);
        if ((code = db_exec(c, &r,
                            "SELECT h.from_stage, h.to_stage, h.id = (SELECT max(id) FROM "
                            "stage_history WHERE case_id = $2) FROM stage_history h WHERE "
                            "h.attempt_id = $1 AND h.case_id = $2 AND h.from_stage IS NOT NULL "
                            "ORDER BY h.id DESC LIMIT 1",
                            2, p)) != RS_OK)
                return code;
        if (PQntuples(r) == 1 && db_bool(r, 0, 2) && strcmp(db_text(r, 0, 1), k->stage) == 0 &&
            vocab_parse(VOCAB_STAGE, db_text(r, 0, 0), &v) && v != STAGE_LOST) {
                code = case_change_stage(
                    c, &k, (enum stage)v, NULL,
                    rpc_printf(c, "attempt %lld voided", (long long)req->attempt_id), 0);
                if (code != RS_OK) {
                        PQclear(r);
                        return code;
                }
                resp->undone = 1;
        } else if (PQntuples(r) == 1) {
                resp->note = rpc_printf(c,
                                        "the move to %s it caused stays: the case changed stage "
                                        "after it (move it by hand if needed)",
                                        db_text(r, 0, 1));
        }
        PQclear(r);
        resp->stage = k->stage;
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)case_id), "attempt %lld voided%s%s",
                  (long long)req->attempt_id, resp->undone ? ", back to " : "",
                  resp->undone ? k->stage : "");
        return RS_OK;
}

static const struct rpc_method attempts_methods[] = {
    {"LogAttempt", attempts_log, RPC_AUTH | RPC_MUTATES},
    {"VoidAttempt", attempts_void, RPC_AUTH | RPC_MUTATES},
    {"ListAttempts", attempts_list, RPC_AUTH},
};

const struct rpc_service svc_attempts =
    RPC_SERVICE(reinstate__v1__attempts__descriptor, attempts_methods);
