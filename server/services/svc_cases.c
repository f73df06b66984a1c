// reinstate.v1.Cases: one declined offer each. Descriptive fields change
// through UpdateCase (field mask, etag); the stage changes only through
// MoveCase, CloseCase, ReopenCase (admins), VerifyOpening and logged attempts
// (svc_attempts.c), each validated by the transition rules in stages.c and
// recorded in stage_history. Every statement is scoped to the caller's own
// cases (or all, for admins); a case the caller may not see is NOT_FOUND.
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "case_store.h"
#include "db.h"
#include "paging.h"
#include "query.h"
#include "services.h"
#include "validate.h"
#include "reinstate/v1/cases.pb-c.h"
#include "next_step.h"
#include "settings.h"
#include "banned.h"

// Most entries the timeline returns (the newest).
#define TIMELINE_MAX 2000

static const char *record_of(struct rpc_call *c, int64_t id)
{
        return rpc_printf(c, "case/%lld", (long long)id);
}

// The descriptive columns in UPDATE/INSERT order, as parameters $2..$15.
static void descriptive_params(struct rpc_call *c, const Reinstate__V1__Case *k, const char **p)
{
        p[0] = k->company;
        p[1] = k->role_title;
        p[2] = k->manager_name;
        p[3] = k->manager_email;
        p[4] = k->manager_phone;
        p[5] = k->hr_name;
        p[6] = k->hr_email;
        p[7] = k->salary > 0 ? query_int(c, k->salary) : NULL;
        p[8] = k->currency;
        p[9] = query_nullable(k->offered_on);
        p[10] = query_nullable(k->declined_on);
        p[11] = k->decline_reason;
        p[12] = k->better_offer;
}

static int cases_create(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__CreateCaseRequest *req = (const void *)in;
        const Reinstate__V1__Case *k = req->case_;
        const char *p[20];
        PGresult *r = NULL;
        int code;

        if (k == NULL)
                return rpc_violation(c, "case", "is required");
        validate_id(c, "client_id", k->client_id);
        if ((code = validate_case(c, k)) != RS_OK || (code = validate_case_facts(c, k)) != RS_OK)
                return code;
        p[0] = query_int(c, k->client_id);
        p[1] = scope_admin(c);
        p[2] = scope_actor(c);
        code = db_exec(c, &r,
                       "SELECT archived_at IS NOT NULL FROM clients WHERE id = $1 AND "
                       "($2::boolean OR coach_id = $3::bigint) FOR SHARE",
                       3, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1)
                code =
                    rpc_fail(c, RS_NOT_FOUND, "client '%lld' not found", (long long)k->client_id);
        else if (db_bool(r, 0, 0))
                code = rpc_fail(c, RS_FAILED_PRECONDITION,
                                "client '%lld' is archived: restore it first",
                                (long long)k->client_id);
        PQclear(r);
        if (code != RS_OK)
                return code;
        descriptive_params(c, k, p + 1);
        p[14] = scope_actor(c);
        p[15] = query_nullable(k->start_on);
        p[16] = query_nullable(k->interview_on);
        p[17] = k->route[0] ? k->route : "manager";
        p[18] = k->route_contact;
        p[19] = k->motivation_confirmed ? "t" : "f";
        code = db_exec(c, &r,
                       "WITH k AS (INSERT INTO cases (client_id, coach_id, company, role_title, "
                       "manager_name, manager_email, manager_phone, hr_name, hr_email, salary, "
                       "currency, offered_on, declined_on, decline_reason, better_offer, "
                       "start_on, interview_on, route, route_contact, motivation_confirmed_at) "
                       "SELECT id, coach_id, btrim($2), btrim($3), btrim($4), $5, $6, btrim($7), "
                       "$8, $9::bigint, $10, $11::date, $12::date, $13, $14, $16::date, "
                       "$17::date, $18, btrim($19), CASE WHEN $20::boolean THEN now() END "
                       "FROM clients WHERE id = $1 RETURNING *), h AS (INSERT INTO stage_history "
                       "(case_id, coach_id, "
                       "actor_id, to_stage, why) SELECT id, coach_id, $15, stage, 'case opened' "
                       "FROM k) SELECT " CASE_COLUMNS " FROM k JOIN clients cl ON cl.id = "
                       "k.client_id",
                       20, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_INTERNAL, "case was not created");
        }
        case_from_row(c, r, 0, (void *)out);
        PQclear(r);
        rpc_audit(c, record_of(c, ((Reinstate__V1__Case *)out)->id), "opened for client/%lld",
                  (long long)k->client_id);
        return RS_OK;
}

static void copy_case(ProtobufCMessage *out, const Reinstate__V1__Case *k)
{
        memcpy(out, k, sizeof(*k));
}

static int cases_get(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__GetCaseRequest *req = (const void *)in;
        Reinstate__V1__Case *k = NULL;
        int code;

        if (validate_id(c, "id", req->id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if ((code = case_load(c, req->id, 0, &k)) == RS_OK)
                copy_case(out, k);
        return code;
}

// Escapes LIKE wildcards so the company filter matches text literally.
static const char *like_pattern(struct rpc_call *c, const char *s)
{
        size_t n = strlen(s);
        char *p = rpc_alloc(c, 2 * n + 3), *w = p;

        *w++ = '%';
        for (; *s; s++) {
                if (*s == '%' || *s == '_' || *s == '\\')
                        *w++ = '\\';
                *w++ = *s;
        }
        *w++ = '%';
        return p;
}

// Fills next_step on each listed case: one engine run over the page.
static int attach_next_steps(struct rpc_call *c, Reinstate__V1__Case **cases, size_t n)
{
        int64_t *ids = rpc_alloc(c, (n + 1) * sizeof(*ids));
        struct next_step_row *rows = rpc_alloc(c, (n + 1) * sizeof(*rows));
        struct playbook_settings s;
        pb_day today = PLAYBOOK_NO_DATE;
        size_t found = 0;
        int code;

        if (n == 0)
                return RS_OK;
        for (size_t i = 0; i < n; i++)
                ids[i] = cases[i]->id;
        if ((code = settings_load(c, &s, NULL)) != RS_OK ||
            (code = next_step_today(c, 0, &today)) != RS_OK ||
            (code = next_step_compute(c, ids, n, today, &s, rows, &found)) != RS_OK)
                return code;
        // Rows come back in the order asked, missing none the list could see.
        for (size_t i = 0, k = 0; i < n && k < found; i++)
                if (rows[k].case_id == cases[i]->id)
                        cases[i]->next_step = next_step_message(c, &rows[k++].step, today);
        return RS_OK;
}

static int cases_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListCasesRequest *req = (const void *)in;
        Reinstate__V1__ListCasesResponse *resp = (void *)out;
        const char *status = req->status && req->status[0] ? req->status : "open";
        const char *fp;
        struct query q;
        struct page pg;
        PGresult *r = NULL;
        int code, n, v;

        if (validate_enum(c, "stage", VOCAB_STAGE, req->stage, 0, &v) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if (strcmp(status, "open") != 0 && strcmp(status, "closed") != 0 &&
            strcmp(status, "all") != 0)
                return rpc_violation(c, "status",
                                     "unknown value '%.20s' (one of: open, closed, all)", status);
        if (validate_line(c, "company", req->company, 0, LIMIT_NAME) != RS_OK)
                return RS_INVALID_ARGUMENT;
        fp = rpc_printf(c, "cases|%s|%s|%lld|%lld|%s|%lld", req->stage, status,
                        (long long)req->client_id, (long long)req->coach_id, req->company,
                        (long long)c->actor_id);
        if ((code = paging_begin(c, req->page_size, req->page_token, fp, &pg)) != RS_OK)
                return code;
        query_init(&q, c,
                   "SELECT " CASE_COLUMNS " FROM cases k JOIN clients cl ON cl.id = k.client_id "
                   "WHERE true");
        if (c->actor_role != RPC_ROLE_ADMIN)
                query_add(&q, " AND k.coach_id = $$::bigint", scope_actor(c));
        if (req->coach_id)
                query_add(&q, " AND k.coach_id = $$::bigint", query_int(c, req->coach_id));
        if (req->stage[0])
                query_add(&q, " AND k.stage = $$", req->stage);
        else if (strcmp(status, "open") == 0)
                query_text(&q, " AND k.closed_at IS NULL");
        else if (strcmp(status, "closed") == 0)
                query_text(&q, " AND k.closed_at IS NOT NULL");
        if (req->client_id)
                query_add(&q, " AND k.client_id = $$::bigint", query_int(c, req->client_id));
        if (req->company[0])
                // Case and accents do not matter (rs_fold, schema/040); through
                // the search keys' index (schema/053).
                query_add(&q, " AND k.id IN (SELECT rs_case_ids_by_company($$))",
                          like_pattern(c, req->company));
        if (pg.has_cursor)
                query_add(&q, " AND k.id > $$::bigint", query_int(c, pg.id));
        query_add(&q, " ORDER BY k.id LIMIT $$", query_int(c, pg.size + 1));
        code = query_exec(&q, &r);
        query_fini(&q);
        if (code != RS_OK)
                return code;
        n = PQntuples(r);
        resp->n_cases = (size_t)(n > pg.size ? pg.size : n);
        resp->cases = rpc_alloc(c, (resp->n_cases + 1) * sizeof(*resp->cases));
        for (size_t i = 0; i < resp->n_cases; i++) {
                resp->cases[i] = rpc_alloc(c, sizeof(**resp->cases));
                case_from_row(c, r, (int)i, resp->cases[i]);
        }
        if (n > pg.size)
                resp->next_page_token = paging_token(c, fp, "", resp->cases[resp->n_cases - 1]->id);
        PQclear(r);
        return attach_next_steps(c, resp->cases, resp->n_cases);
}

// Copies the masked field named f from patch into cur. Returns RS_OK, or a
// violation for output-only and unknown fields.
static int apply_mask(struct rpc_call *c, const char *f, Reinstate__V1__Case *cur,
                      const Reinstate__V1__Case *patch)
{
        static const char *const fixed[] = {
            "id",         "client_id",      "client_name",
            "coach_id",   "opening_status", "opening_verified_at",
            "stage",      "loss_reason",    "stage_changed_at",
            "closed",     "closed_at",      "created_at",
            "updated_at", "etag",           "motivation_confirmed_at",
        };
#define TAKE(name)                                                                                 \
        if (strcmp(f, #name) == 0) {                                                               \
                cur->name = patch->name;                                                           \
                return RS_OK;                                                                      \
        }
        TAKE(company)
        TAKE(role_title)
        TAKE(manager_name)
        TAKE(manager_email)
        TAKE(manager_phone)
        TAKE(hr_name)
        TAKE(hr_email)
        TAKE(salary)
        TAKE(currency)
        TAKE(offered_on)
        TAKE(declined_on)
        TAKE(decline_reason)
        TAKE(better_offer)
        TAKE(start_on)
        TAKE(interview_on)
        TAKE(route)
        TAKE(route_contact)
        TAKE(motivation_confirmed)
#undef TAKE
        for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
                if (strcmp(f, fixed[i]) == 0)
                        return rpc_violation(c, "update_mask",
                                             "'%s' cannot be updated here (stages change with "
                                             "move, close, reopen and opening)",
                                             f);
        return rpc_violation(c, "update_mask", "unknown field '%.40s'", f);
}

static int cases_update(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__UpdateCaseRequest *req = (const void *)in;
        const Reinstate__V1__Case *patch = req->case_;
        Reinstate__V1__Case *cur = NULL;
        const char *p[19];
        PGresult *r = NULL;
        int code, only_start = 1;

        if (patch == NULL)
                return rpc_violation(c, "case", "is required");
        if (validate_id(c, "case.id", patch->id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if (req->n_update_mask == 0)
                return rpc_violation(c, "update_mask", "name at least one field to change");
        for (size_t i = 0; i < req->n_update_mask; i++)
                if (strcmp(req->update_mask[i], "start_on") != 0)
                        only_start = 0;
        // A won case learns its start date after closing: the check-ins
        // after the start are counted from it.
        if ((code = case_load(c, patch->id, 1, &cur)) != RS_OK ||
            (!only_start && (code = case_require_open(c, cur)) != RS_OK))
                return code;
        if ((code = etag_check(c, "case", cur->id, cur->etag, patch->etag)) != RS_OK)
                return code;
        for (size_t i = 0; i < req->n_update_mask; i++)
                if ((code = apply_mask(c, req->update_mask[i], cur, patch)) != RS_OK)
                        return code;
        if ((code = validate_case(c, cur)) != RS_OK ||
            (code = validate_case_facts(c, cur)) != RS_OK)
                return code;
        p[0] = query_int(c, cur->id);
        descriptive_params(c, cur, p + 1);
        p[14] = query_nullable(cur->start_on);
        p[15] = query_nullable(cur->interview_on);
        p[16] = cur->route[0] ? cur->route : "manager";
        p[17] = cur->route_contact;
        p[18] = cur->motivation_confirmed ? "t" : "f";
        code = db_exec(c, &r,
                       "UPDATE cases SET company = btrim($2), role_title = btrim($3), "
                       "manager_name = btrim($4), manager_email = $5, manager_phone = $6, "
                       "hr_name = btrim($7), hr_email = $8, salary = $9::bigint, currency = $10, "
                       "offered_on = $11::date, declined_on = $12::date, decline_reason = $13, "
                       "better_offer = $14, start_on = $15::date, interview_on = $16::date, "
                       "route = $17, route_contact = btrim($18), motivation_confirmed_at = "
                       "CASE WHEN $19::boolean THEN coalesce(motivation_confirmed_at, now()) END "
                       "WHERE id = $1",
                       19, p);
        if (code != RS_OK)
                return code;
        PQclear(r);
        if ((code = case_load(c, cur->id, 0, &cur)) != RS_OK)
                return code;
        copy_case(out, cur);
        rpc_audit(c, record_of(c, cur->id), "updated %zu field%s", req->n_update_mask,
                  req->n_update_mask == 1 ? "" : "s");
        return RS_OK;
}

// Loads and locks a case for a stage change and checks its etag.
static int load_for_change(struct rpc_call *c, int64_t id, const char *etag,
                           Reinstate__V1__Case **k, enum stage *cur)
{
        int code, v = 0;

        *cur = STAGE_VERIFY_OPENING; // defined on every path, for the callers
        if ((code = case_load(c, id, 1, k)) != RS_OK)
                return code;
        if ((code = etag_check(c, "case", id, (*k)->etag, etag)) != RS_OK)
                return code;
        if (!vocab_parse(VOCAB_STAGE, (*k)->stage, &v))
                return rpc_fail(c, RS_INTERNAL, "case '%lld' has an unknown stage", (long long)id);
        *cur = (enum stage)v;
        return RS_OK;
}

static int refuse_move(struct rpc_call *c, int64_t id, enum stage from, enum stage to)
{
        if (from == to)
                return rpc_fail(c, RS_FAILED_PRECONDITION, "case '%lld' is already %s",
                                (long long)id, vocab_name(VOCAB_STAGE, to));
        if (!stages_is_open(from))
                return rpc_fail(c, RS_FAILED_PRECONDITION,
                                "case '%lld' is closed (%s): an admin can reopen it", (long long)id,
                                vocab_name(VOCAB_STAGE, from));
        return rpc_fail(c, RS_FAILED_PRECONDITION, "case '%lld' cannot move from %s to %s%s",
                        (long long)id, vocab_name(VOCAB_STAGE, from), vocab_name(VOCAB_STAGE, to),
                        from == STAGE_VERIFY_OPENING
                            ? ": verify the opening first (reinstate case opening ID open)"
                            : "");
}

static int cases_move(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__MoveCaseRequest *req = (const void *)in;
        Reinstate__V1__Case *k = NULL;
        enum stage from;
        int code, to = 0;

        validate_id(c, "id", req->id);
        if (validate_enum(c, "stage", VOCAB_STAGE, req->stage, 1, &to) == RS_OK &&
            !stages_is_open((enum stage)to))
                rpc_violation(c, "stage", "'%s' closes the case: use close", req->stage);
        validate_text(c, "why", req->why, 0, LIMIT_WHY);
        if ((code = validate_status(c)) != RS_OK)
                return code;
        if ((code = load_for_change(c, req->id, req->etag, &k, &from)) != RS_OK)
                return code;
        if (!stages_can_move(from, (enum stage)to))
                return refuse_move(c, req->id, from, (enum stage)to);
        if ((code = case_change_stage(c, &k, (enum stage)to, NULL, req->why, 0)) != RS_OK)
                return code;
        copy_case(out, k);
        rpc_audit(c, record_of(c, k->id), "moved %s -> %s", vocab_name(VOCAB_STAGE, from),
                  req->stage);
        return RS_OK;
}

static int cases_close(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__CloseCaseRequest *req = (const void *)in;
        Reinstate__V1__Case *k = NULL;
        enum stage from, to = req->won ? STAGE_REINSTATED : STAGE_LOST;
        int code, reason = -1;

        validate_id(c, "id", req->id);
        if (req->won && req->loss_reason[0])
                rpc_violation(c, "loss_reason", "must be empty when the case is won");
        else if (!req->won)
                validate_enum(c, "loss_reason", VOCAB_LOSS_REASON, req->loss_reason, 1, &reason);
        validate_text(c, "why", req->why, 0, LIMIT_WHY);
        if ((code = validate_status(c)) != RS_OK)
                return code;
        if ((code = load_for_change(c, req->id, req->etag, &k, &from)) != RS_OK)
                return code;
        if (!stages_can_move(from, to))
                return refuse_move(c, req->id, from, to);
        code = case_change_stage(c, &k, to, req->won ? NULL : req->loss_reason, req->why, 0);
        if (code != RS_OK)
                return code;
        copy_case(out, k);
        rpc_audit(c, record_of(c, k->id), "closed %s%s%s", req->won ? "won" : "lost",
                  req->won ? "" : ": ", req->won ? "" : req->loss_reason);
        return RS_OK;
}

static int cases_reopen(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ReopenCaseRequest *req = (const void *)in;
        const char *stage = req->stage[0] ? req->stage : "verify_opening";
        Reinstate__V1__Case *k = NULL;
        enum stage from;
        int code, to = 0;

        validate_id(c, "id", req->id);
        if (validate_enum(c, "stage", VOCAB_STAGE, stage, 1, &to) == RS_OK &&
            to != STAGE_VERIFY_OPENING && to != STAGE_CONTACT_MANAGER)
                rpc_violation(c, "stage", "a case reopens at verify_opening or contact_manager");
        validate_text(c, "why", req->why, 0, LIMIT_WHY);
        if ((code = validate_status(c)) != RS_OK)
                return code;
        if ((code = load_for_change(c, req->id, "", &k, &from)) != RS_OK)
                return code;
        if (stages_is_open(from))
                return rpc_fail(c, RS_FAILED_PRECONDITION, "case '%lld' is not closed (%s)",
                                (long long)req->id, k->stage);
        code =
            case_change_stage(c, &k, (enum stage)to, NULL, req->why[0] ? req->why : "reopened", 0);
        if (code != RS_OK)
                return code;
        copy_case(out, k);
        rpc_audit(c, record_of(c, k->id), "reopened at %s", stage);
        return RS_OK;
}

static int cases_verify_opening(struct rpc_call *c, const ProtobufCMessage *in,
                                ProtobufCMessage *out)
{
        const Reinstate__V1__VerifyOpeningRequest *req = (const void *)in;
        Reinstate__V1__Case *k = NULL;
        const char *p[2];
        enum stage from;
        int code, v = 0;

        validate_id(c, "id", req->id);
        validate_enum(c, "opening_status", VOCAB_OPENING, req->opening_status, 1, &v);
        if ((code = validate_status(c)) != RS_OK)
                return code;
        if ((code = load_for_change(c, req->id, req->etag, &k, &from)) != RS_OK ||
            (code = case_require_open(c, k)) != RS_OK)
                return code;
        p[0] = query_int(c, req->id);
        p[1] = req->opening_status;
        code = db_exec(c, NULL,
                       "UPDATE cases SET opening_status = $2, opening_verified_at = now() "
                       "WHERE id = $1",
                       2, p);
        if (code != RS_OK)
                return code;
        // Confirming the job is still open is the first step of the playbook.
        if (from == STAGE_VERIFY_OPENING && strcmp(req->opening_status, "open") == 0)
                code = case_change_stage(c, &k, STAGE_CONTACT_MANAGER, NULL,
                                         "opening verified open", 0);
        else
                code = case_load(c, req->id, 0, &k);
        if (code != RS_OK)
                return code;
        copy_case(out, k);
        rpc_audit(c, record_of(c, k->id), "opening verified %s", req->opening_status);
        return RS_OK;
}

static int cases_timeline(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__GetCaseTimelineRequest *req = (const void *)in;
        Reinstate__V1__GetCaseTimelineResponse *resp = (void *)out;
        Reinstate__V1__Case *k = NULL;
        const char *p[2];
        PGresult *r = NULL;
        int code, n;

        if (validate_id(c, "id", req->id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if ((code = case_load(c, req->id, 0, &k)) != RS_OK)
                return code;
        resp->case_ = k;
        p[0] = query_int(c, req->id);
        p[1] = query_int(c, TIMELINE_MAX + 1);
        // Newest first so the limit keeps the recent end; reversed below.
        // Same-instant events: the attempt before the stage change it caused.
        code = db_exec(
            c, &r,
            "SELECT rs_ts(at), kind, id, text, actor FROM ("
            " SELECT a.at, 1 AS rank, 'attempt' AS kind, a.id, concat(a.channel, ' to ', "
            "  a.contact_role, ' ', a.contact_name, ': ', a.outcome, coalesce(' [' || "
            "  nullif(concat_ws(', ', CASE WHEN a.accepted_responsibility THEN "
            "  'accepted responsibility' END, CASE WHEN a.conveyed_commitment THEN 'conveyed "
            "commitment' "
            "  END, CASE WHEN a.offered_reinterview THEN 'offered re-interview' "
            "  END), '') || ']', ''), coalesce(' - ' || nullif(a.summary, ''), ''), "
            "  coalesce('; follow up ' || rs_date(a.follow_up_on), '')) AS text, "
            "  a.logged_by AS actor FROM attempts a WHERE a.case_id = $1 AND a.voided_at IS NULL"
            " UNION ALL SELECT h.at, 2, 'stage', h.id, CASE WHEN h.from_stage IS NULL THEN "
            "  concat('case opened at ', h.to_stage) ELSE concat(h.from_stage, ' -> ', "
            "  h.to_stage, coalesce(' (' || h.loss_reason || ')', '')) || coalesce(': ' || "
            "  nullif(h.why, ''), '') END, h.actor_id FROM stage_history h WHERE h.case_id = $1"
            " UNION ALL SELECT n.created_at, 3, 'note', n.id, n.body, n.author_id FROM notes n "
            "  WHERE n.case_id = $1 AND n.deleted_at IS NULL"
            " UNION ALL SELECT t.created_at, 4, 'task', t.id, concat('due ', rs_date(t.due_on), "
            "  ': ', t.title, CASE WHEN t.done THEN ' (done ' || rs_date(t.done_at::date) || "
            "  ')' ELSE '' END), t.created_by FROM tasks t WHERE t.case_id = $1"
            ") e ORDER BY at DESC, rank DESC, id DESC LIMIT $2::bigint",
            2, p);
        if (code != RS_OK)
                return code;
        n = PQntuples(r);
        resp->truncated = n > TIMELINE_MAX;
        {
                struct next_step_row *row = rpc_alloc(c, sizeof(*row));
                struct playbook_settings s;
                pb_day today = PLAYBOOK_NO_DATE;
                size_t found = 0;

                if ((code = settings_load(c, &s, NULL)) != RS_OK ||
                    (code = next_step_today(c, 0, &today)) != RS_OK ||
                    (code = next_step_compute(c, &req->id, 1, today, &s, row, &found)) != RS_OK) {
                        PQclear(r);
                        return code;
                }
                if (found == 1)
                        resp->next_step = next_step_message(c, &row->step, today);
        }
        resp->n_entries = (size_t)(n > TIMELINE_MAX ? TIMELINE_MAX : n);
        resp->entries = rpc_alloc(c, (resp->n_entries + 1) * sizeof(*resp->entries));
        for (size_t i = 0; i < resp->n_entries; i++) {
                Reinstate__V1__TimelineEntry *e = rpc_alloc(c, sizeof(*e));
                int row = (int)(resp->n_entries - 1 - i);
                reinstate__v1__timeline_entry__init(e);
                e->at = rpc_strdup(c, db_text(r, row, 0));
                e->kind = rpc_strdup(c, db_text(r, row, 1));
                e->id = db_int64(r, row, 2);
                e->text = rpc_strdup(c, db_text(r, row, 3));
                e->actor_id = db_int64(r, row, 4);
                resp->entries[i] = e;
        }
        PQclear(r);
        r = NULL;
        // When the job seeker last looked, over all of the case's codes.
        if ((code = db_exec(c, &r,
                            "SELECT coalesce(rs_ts(max(last_viewed_at)), ''), coalesce(sum(views), "
                            "0) FROM access_codes WHERE case_id = $1",
                            1, p)) != RS_OK)
                return code;
        resp->job_seeker_viewed_at = rpc_strdup(c, db_text(r, 0, 0));
        resp->job_seeker_views = (int32_t)db_int64(r, 0, 1);
        PQclear(r);
        return RS_OK;
}

static int cases_history(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListStageHistoryRequest *req = (const void *)in;
        Reinstate__V1__ListStageHistoryResponse *resp = (void *)out;
        Reinstate__V1__Case *k = NULL;
        const char *p[1];
        PGresult *r = NULL;
        int code;

        if (validate_id(c, "case_id", req->case_id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if ((code = case_load(c, req->case_id, 0, &k)) != RS_OK)
                return code;
        p[0] = query_int(c, req->case_id);
        code = db_exec(c, &r,
                       "SELECT h.id, h.case_id, coalesce(h.from_stage, ''), h.to_stage, "
                       "coalesce(h.loss_reason, ''), h.actor_id, coalesce(co.display_name, ''), "
                       "rs_ts(h.at), h.why, coalesce(h.attempt_id, 0) FROM stage_history h "
                       "LEFT JOIN coaches co ON co.id = h.actor_id WHERE h.case_id = $1 "
                       "ORDER BY h.at, h.id",
                       1, p);
        if (code != RS_OK)
                return code;
        resp->n_changes = (size_t)PQntuples(r);
        resp->changes = rpc_alloc(c, (resp->n_changes + 1) * sizeof(*resp->changes));
        for (size_t i = 0; i < resp->n_changes; i++) {
                Reinstate__V1__StageChange *h = rpc_alloc(c, sizeof(*h));
                int row = (int)i;
                reinstate__v1__stage_change__init(h);
                h->id = db_int64(r, row, 0);
                h->case_id = db_int64(r, row, 1);
                h->from_stage = rpc_strdup(c, db_text(r, row, 2));
                h->to_stage = rpc_strdup(c, db_text(r, row, 3));
                h->loss_reason = rpc_strdup(c, db_text(r, row, 4));
                h->actor_id = db_int64(r, row, 5);
                h->actor_name = rpc_strdup(c, db_text(r, row, 6));
                h->at = rpc_strdup(c, db_text(r, row, 7));
                h->why = rpc_strdup(c, db_text(r, row, 8));
                h->attempt_id = db_int64(r, row, 9);
                resp->changes[i] = h;
        }
        PQclear(r);
        return RS_OK;
}

static const struct rpc_method cases_methods[] = {
    {"CreateCase", cases_create, RPC_AUTH | RPC_MUTATES},
    {"GetCase", cases_get, RPC_AUTH | RPC_QUICK},
    {"ListCases", cases_list, RPC_AUTH},
    {"UpdateCase", cases_update, RPC_AUTH | RPC_MUTATES},
    {"MoveCase", cases_move, RPC_AUTH | RPC_MUTATES},
    {"CloseCase", cases_close, RPC_AUTH | RPC_MUTATES},
    {"ReopenCase", cases_reopen, RPC_ADMIN | RPC_MUTATES},
    {"VerifyOpening", cases_verify_opening, RPC_AUTH | RPC_MUTATES},
    {"GetCaseTimeline", cases_timeline, RPC_AUTH},
    {"ListStageHistory", cases_history, RPC_AUTH},
};

const struct rpc_service svc_cases = RPC_SERVICE(reinstate__v1__cases__descriptor, cases_methods);
