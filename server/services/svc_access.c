// reinstate.v1.Access: the job seeker's status check.
//
// A coach shares a case by issuing an access code. The server draws the
// code (80 random bits from libsodium, common/access_code.c), stores only
// its BLAKE2b hash and returns the code once. The reply is not kept for
// request_id replays (rpc_call.replay_refusal): a replay is told the code
// was already shown. A client cannot choose a code, so ShareCase says
// nothing about which codes exist.
//
// GetStatus is public (no session). A wrong, revoked or expired code is
// counted against the client's address in login_throttle under the
// "access-code|" prefix, committed although the call fails, and a locked
// address is refused before the code is looked at. A correct code does not
// reset the count: holding one code must not buy unlimited guesses at
// others. The code is checked by rs_access_open(), which sets the
// shared-case context that the extra row-level-security policies of
// schema/005_access.sql honour; the reads below are also scoped to that
// case in their WHERE clauses, and select nothing private (no notes,
// attempt summaries, salary or other cases).
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "access_code.h"
#include "auth.h"
#include "case_store.h"
#include "db.h"
#include "envelope.h"
#include "next_step.h"
#include "query.h"
#include "services.h"
#include "stages.h"
#include "settings.h"
#include "throttle.h"
#include "validate.h"
#include "reinstate/v1/access.pb-c.h"
#include "banned.h"

// Draws codes until one is new (a repeat of an existing one's hash is
// about 2^-80 likely, and is drawn again rather than reported, so the answer
// never depends on other cases' codes); inserts it for case k. Returns
// RS_OK with *r the inserted row (id, expires_at) and code the new code.
static int insert_new_code(struct rpc_call *c, const Reinstate__V1__Case *k, int32_t ttl,
                           const char *notify_email, char code[ACCESS_CODE_SIZE], PGresult **r)
{
        char norm[ACCESS_CODE_NORM_SIZE], hash[AUTH_HASH_TEXT_LEN];
        const char *p[6];
        int code_rv = RS_OK;

        p[0] = query_int(c, k->id);
        p[1] = query_int(c, k->coach_id);
        p[2] = hash;
        p[3] = query_int(c, ttl);
        p[4] = notify_email[0] ? notify_email : NULL;
        p[5] = k->stage;
        for (int tries = 0; tries < 4; tries++) {
                access_code_new(code);
                access_code_normalise(code, norm);
                auth_token_hash_text(norm, hash);
                sodium_memzero(norm, sizeof(norm));
                code_rv = db_exec(c, r,
                                  "INSERT INTO access_codes (case_id, coach_id, code_hash, "
                                  "expires_at, created_by, notify_email, notified_stage) VALUES "
                                  "($1, $2, $3::bytea, now() + make_interval(days => $4::int), "
                                  "rs_actor(), $5, $6) ON CONFLICT (code_hash) DO NOTHING "
                                  "RETURNING id, rs_ts(expires_at)",
                                  6, p);
                if (code_rv != RS_OK || PQntuples(*r) == 1)
                        return code_rv;
                PQclear(*r);
                *r = NULL;
        }
        sodium_memzero(code, ACCESS_CODE_SIZE);
        return rpc_fail(c, RS_INTERNAL, "could not draw a new access code");
}

static int access_share(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ShareCaseRequest *req = (const void *)in;
        Reinstate__V1__ShareCaseResponse *resp = (void *)out;
        char code_text[ACCESS_CODE_SIZE];
        struct playbook_settings s;
        Reinstate__V1__Case *k = NULL;
        PGresult *r = NULL;
        int32_t ttl = 0;
        int code;

        if (req->case_id <= 0)
                return rpc_violation(c, "case_id", "must be a case id");
        // Whatever the code sent, the same answer: nothing here says whether
        // it exists.
        if (req->code[0] != '\0')
                return rpc_violation(c, "code",
                                     "must be empty: the server makes the code and returns it "
                                     "(a newer reinstate CLI does)");
        if (validate_email(c, "notify_email", req->notify_email, 0) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if ((code = case_load(c, req->case_id, 1, &k)) != RS_OK ||
            (code = settings_load(c, &s, &ttl)) != RS_OK ||
            (code = insert_new_code(c, k, ttl, req->notify_email, code_text, &r)) != RS_OK)
                return code;
        resp->case_id = k->id;
        resp->access_code_id = db_int64(r, 0, 0);
        resp->expires_at = rpc_strdup(c, db_text(r, 0, 1));
        resp->code = rpc_strdup(c, code_text);
        sodium_memzero(code_text, sizeof(code_text));
        PQclear(r);
        // The reply is not kept for a replay of the request_id: the code is
        // shown once.
        c->replay_refusal = rpc_printf(
            c,
            "the access code made by request_id '%s' was already shown and is not shown "
            "again: if it was lost, revoke it with 'reinstate case unshare %lld' and share again",
            c->request_id, (long long)k->id);
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)k->id),
                  "access code %lld issued, valid until %s", (long long)resp->access_code_id,
                  resp->expires_at);
        return RS_OK;
}

static int access_unshare(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__UnshareCaseRequest *req = (const void *)in;
        Reinstate__V1__UnshareCaseResponse *resp = (void *)out;
        Reinstate__V1__Case *k = NULL;
        const char *p[2];
        PGresult *r = NULL;
        int code;

        if (req->case_id <= 0)
                return rpc_violation(c, "case_id", "must be a case id");
        if ((code = case_load(c, req->case_id, 1, &k)) != RS_OK)
                return code;
        p[0] = query_int(c, k->id);
        p[1] = query_int(c, k->coach_id);
        code = db_exec(c, &r,
                       "WITH x AS (UPDATE access_codes SET revoked_at = now() WHERE case_id = $1 "
                       "AND coach_id = $2 AND revoked_at IS NULL AND expires_at > now() "
                       "RETURNING 1) SELECT count(*) FROM x",
                       2, p);
        if (code != RS_OK)
                return code;
        resp->case_id = k->id;
        resp->revoked = (int32_t)db_int64(r, 0, 0);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)k->id), "%d access code%s revoked",
                  resp->revoked, resp->revoked == 1 ? "" : "s");
        return RS_OK;
}

static int access_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListSharesRequest *req = (const void *)in;
        Reinstate__V1__ListSharesResponse *resp = (void *)out;
        Reinstate__V1__Case *k = NULL;
        const char *p[2];
        PGresult *r = NULL;
        int code;

        if (req->case_id <= 0)
                return rpc_violation(c, "case_id", "must be a case id");
        if ((code = case_load(c, req->case_id, 0, &k)) != RS_OK)
                return code;
        p[0] = query_int(c, k->id);
        p[1] = query_int(c, k->coach_id);
        // A LEFT JOIN: after an admin reassigns the client, the codes made by
        // the former coach, whose row the new one cannot read, are listed too.
        code = db_exec(c, &r,
                       "SELECT a.id, rs_ts(a.created_at), rs_ts(a.expires_at), "
                       "coalesce(rs_ts(a.revoked_at), ''), coalesce(co.display_name, "
                       "'coach ' || a.created_by), CASE WHEN "
                       "a.revoked_at IS NOT NULL THEN 'revoked' WHEN a.expires_at <= now() THEN "
                       "'expired' ELSE 'active' END, a.views, coalesce(rs_ts(a.last_viewed_at), "
                       "'') FROM access_codes a LEFT JOIN coaches co ON "
                       "co.id = a.created_by WHERE a.case_id = $1 AND a.coach_id = $2 "
                       "ORDER BY a.id DESC LIMIT " RS_STR(RS_MAX_PAGE_SIZE),
                       2, p);
        if (code != RS_OK)
                return code;
        resp->case_id = k->id;
        resp->n_shares = (size_t)PQntuples(r);
        resp->shares = rpc_alloc(c, (resp->n_shares + 1) * sizeof(*resp->shares));
        for (int i = 0; i < PQntuples(r); i++) {
                Reinstate__V1__Share *sh = rpc_alloc(c, sizeof(*sh));
                reinstate__v1__share__init(sh);
                sh->access_code_id = db_int64(r, i, 0);
                sh->created_at = rpc_strdup(c, db_text(r, i, 1));
                sh->expires_at = rpc_strdup(c, db_text(r, i, 2));
                sh->revoked_at = rpc_strdup(c, db_text(r, i, 3));
                sh->created_by = rpc_strdup(c, db_text(r, i, 4));
                sh->state = rpc_strdup(c, db_text(r, i, 5));
                sh->views = (int32_t)db_int64(r, i, 6);
                sh->last_viewed_at = rpc_strdup(c, db_text(r, i, 7));
                resp->shares[i] = sh;
        }
        PQclear(r);
        return RS_OK;
}

static int access_get_status(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__GetStatusRequest *req = (const void *)in;
        Reinstate__V1__GetStatusResponse *resp = (void *)out;
        char norm[ACCESS_CODE_NORM_SIZE], hash[AUTH_HASH_TEXT_LEN], day[PLAYBOOK_DATE_SIZE];
        struct next_step_row *row = rpc_alloc(c, sizeof(*row));
        struct playbook_settings s;
        const char *p[1] = {hash}, *key, *kall;
        PGresult *r = NULL;
        size_t found = 0;
        int64_t case_id;
        pb_day today = PLAYBOOK_NO_DATE;
        int code;

        // A malformed code says nothing about real ones: not counted.
        if (access_code_normalise(req->code, norm) != 0)
                return rpc_violation(c, "code",
                                     "is not an access code (16 letters and digits, "
                                     "XXXX-XXXX-XXXX-XXXX)");
        auth_token_hash_text(norm, hash);
        sodium_memzero(norm, sizeof(norm));
        key = throttle_key(c, THROTTLE_CODE_ADDRESS, c->peer);
        kall = throttle_key(c, THROTTLE_CODE_ALL, "");
        if ((code = throttle_check(c, THROTTLE_CODE_ADDRESS, key,
                                   "wrong access codes from this address")) != RS_OK ||
            (code = throttle_check(c, THROTTLE_CODE_ALL, kall, "wrong access codes")) != RS_OK)
                return code;
        if ((code = db_exec(c, &r, "SELECT case_id, expires_at FROM rs_access_open($1::bytea)", 1,
                            p)) != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                throttle_fail(c, THROTTLE_CODE_ADDRESS, key);
                throttle_fail(c, THROTTLE_CODE_ALL, kall);
                return rpc_fail(c, RS_NOT_FOUND,
                                "no case matches this access code: it may be mistyped, expired "
                                "or revoked");
        }
        case_id = db_int64(r, 0, 0);
        resp->code_expires_at = rpc_strdup(c, db_text(r, 0, 1));
        PQclear(r);
        r = NULL;
        if ((code = settings_load(c, &s, NULL)) != RS_OK ||
            (code = next_step_today(c, 0, &today)) != RS_OK ||
            (code = next_step_compute_shared(c, case_id, today, &s, row, &found)) != RS_OK)
                return code;
        if (found != 1)
                return rpc_fail(c, RS_INTERNAL, "the shared case is not readable");
        p[0] = query_int(c, case_id);
        if ((code = db_exec(c, &r,
                            "SELECT role_title, closed, coach_name, coach_email "
                            "FROM rs_shared_status() WHERE case_id = $1::bigint",
                            1, p)) != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_INTERNAL, "the shared case is not readable");
        }
        resp->company = (char *)row->company;
        resp->role_title = rpc_strdup(c, db_text(r, 0, 0));
        resp->closed = db_bool(r, 0, 1);
        resp->coach_name = rpc_strdup(c, db_text(r, 0, 2));
        resp->coach_email = rpc_strdup(c, db_text(r, 0, 3));
        PQclear(r);
        resp->stage = (char *)row->stage;
        resp->stage_words = (char *)stage_client_words(row->stage);
        resp->next_step = rpc_strdup(c, row->step.client_wording);
        playbook_date_format(row->last_activity, day, sizeof(day));
        resp->last_activity_on = rpc_strdup(c, day);
        // rs_access_open counted the check: on the code (views, last one,
        // shown to the coach) and in the audit log, one row per code per
        // hour with the count (schema/101).
        return RS_OK;
}

// clang-format off
static const struct rpc_method access_methods[] = {
    {"ShareCase",   access_share,      RPC_AUTH | RPC_MUTATES},
    {"UnshareCase", access_unshare,    RPC_AUTH | RPC_MUTATES},
    {"ListShares",  access_list,       RPC_AUTH},
    {"GetStatus",   access_get_status, 0},
};
// clang-format on

const struct rpc_service svc_access =
    RPC_SERVICE(reinstate__v1__access__descriptor, access_methods);
