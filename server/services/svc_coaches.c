// reinstate.v1.Coaches: the admin's management of the agency's coaches.
// Disabling a coach or resetting a password ends that coach's sessions in
// the same transaction, so a stolen or departing account stops at once.
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "accounts.h"
#include "auth.h"
#include "db.h"
#include "services.h"
#include "validate.h"
#include "settings.h"
#include "reinstate/v1/coaches.pb-c.h"
#include "banned.h"

static int revoke_sessions(struct rpc_call *c, const char *id, int32_t *count)
{
        const char *p[1] = {id};
        PGresult *r = NULL;
        int code = db_exec(c, &r,
                           "WITH x AS (UPDATE sessions SET revoked_at = now() WHERE coach_id = "
                           "$1::bigint AND revoked_at IS NULL RETURNING 1) SELECT count(*) FROM x",
                           1, p);

        if (code == RS_OK) {
                *count = (int32_t)db_int64(r, 0, 0);
                PQclear(r);
        }
        return code;
}

static int coaches_create(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__CreateCoachRequest *req = (const void *)in;
        Reinstate__V1__CoachResponse *resp = (void *)out;
        char why[128], hash[crypto_pwhash_STRBYTES];
        size_t nlen = strlen(req->display_name);
        const char *p[4] = {req->email, req->display_name, req->admin ? "admin" : "coach", hash};
        PGresult *r = NULL;
        int code;

        validate_login_email(c, "email", req->email);
        if (nlen == 0 || nlen > 200 || strspn(req->display_name, " \t") == nlen)
                rpc_violation(c, "display_name", "must be 1-200 characters, not only spaces");
        if (!auth_password_acceptable(req->password, why, sizeof(why)))
                rpc_violation(c, "password", "%s", why);
        if (c->n_violations)
                return RS_INVALID_ARGUMENT;
        if (auth_password_hash(req->password, hash, sizeof(hash)) != 0)
                return rpc_fail(c, RS_RESOURCE_EXHAUSTED, "cannot hash the password now");
        code = db_exec(c, &r,
                       "INSERT INTO coaches (email, display_name, role, password_hash) "
                       "VALUES ($1, btrim($2), $3, $4) RETURNING " ACCOUNTS_COACH_COLUMNS,
                       4, p);
        if (code == RS_ALREADY_EXISTS)
                return rpc_fail(c, code, "a coach with email '%s' already exists", req->email);
        if (code != RS_OK)
                return code;
        resp->coach = accounts_coach_from_row(c, r, 0, 0);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "coach/%lld", (long long)resp->coach->id), "created %s %s",
                  resp->coach->role, resp->coach->email);
        return RS_OK;
}

static int coaches_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListCoachesRequest *req = (const void *)in;
        Reinstate__V1__ListCoachesResponse *resp = (void *)out;
        const char *p[1] = {req->include_disabled ? "t" : "f"};
        PGresult *r = NULL;
        int code = db_exec(c, &r,
                           "SELECT " ACCOUNTS_COACH_COLUMNS " FROM coaches "
                           "WHERE $1::bool OR NOT disabled ORDER BY id",
                           1, p);

        if (code != RS_OK)
                return code;
        resp->n_coaches = (size_t)PQntuples(r);
        resp->coaches = rpc_alloc(c, sizeof(*resp->coaches) * (resp->n_coaches + 1));
        for (int i = 0; i < PQntuples(r); i++)
                resp->coaches[i] = accounts_coach_from_row(c, r, i, 0);
        PQclear(r);
        return RS_OK;
}

// Sets disabled on coach id and ends its sessions when disabling.
static int set_disabled(struct rpc_call *c, int64_t id, int disabled,
                        Reinstate__V1__CoachResponse *resp)
{
        char idtxt[24];
        const char *p[2] = {idtxt, disabled ? "t" : "f"};
        PGresult *r = NULL;
        int code;

        snprintf(idtxt, sizeof(idtxt), "%lld", (long long)id);
        if (disabled && id == c->actor_id)
                return rpc_fail(c, RS_FAILED_PRECONDITION, "you cannot disable yourself");
        code = db_exec(c, &r,
                       "UPDATE coaches SET disabled = $2::bool, updated_at = now() "
                       "WHERE id = $1::bigint RETURNING " ACCOUNTS_COACH_COLUMNS,
                       2, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_NOT_FOUND, "coach '%lld' not found", (long long)id);
        }
        resp->coach = accounts_coach_from_row(c, r, 0, 0);
        PQclear(r);
        if (disabled && (code = revoke_sessions(c, idtxt, &resp->sessions_revoked)) != RS_OK)
                return code;
        rpc_audit(c, rpc_printf(c, "coach/%lld", (long long)id), "%s, %d sessions ended",
                  disabled ? "disabled" : "enabled", resp->sessions_revoked);
        return RS_OK;
}

static int coaches_disable(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        return set_disabled(c, ((const Reinstate__V1__CoachIdRequest *)in)->id, 1, (void *)out);
}

static int coaches_enable(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        return set_disabled(c, ((const Reinstate__V1__CoachIdRequest *)in)->id, 0, (void *)out);
}

static int coaches_reset_password(struct rpc_call *c, const ProtobufCMessage *in,
                                  ProtobufCMessage *out)
{
        const Reinstate__V1__ResetPasswordRequest *req = (const void *)in;
        Reinstate__V1__CoachResponse *resp = (void *)out;
        char why[128], hash[crypto_pwhash_STRBYTES], idtxt[24];
        const char *p[2] = {idtxt, hash};
        PGresult *r = NULL;
        int code;

        if (!auth_password_acceptable(req->new_password, why, sizeof(why)))
                return rpc_violation(c, "new_password", "%s", why);
        if (auth_password_hash(req->new_password, hash, sizeof(hash)) != 0)
                return rpc_fail(c, RS_RESOURCE_EXHAUSTED, "cannot hash the password now");
        snprintf(idtxt, sizeof(idtxt), "%lld", (long long)req->id);
        code = db_exec(c, &r,
                       "UPDATE coaches SET password_hash = $2, updated_at = now() "
                       "WHERE id = $1::bigint RETURNING " ACCOUNTS_COACH_COLUMNS,
                       2, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_NOT_FOUND, "coach '%lld' not found", (long long)req->id);
        }
        resp->coach = accounts_coach_from_row(c, r, 0, 0);
        PQclear(r);
        if ((code = revoke_sessions(c, idtxt, &resp->sessions_revoked)) != RS_OK)
                return code;
        rpc_audit(c, rpc_printf(c, "coach/%lld", (long long)req->id),
                  "password reset, %d sessions ended", resp->sessions_revoked);
        return RS_OK;
}

// The zone a coach's days are counted in: an admin sets anyone's, a coach
// their own. The name must be in the tz database ("" = the agency's zone).
static int coaches_set_time_zone(struct rpc_call *c, const ProtobufCMessage *in,
                                 ProtobufCMessage *out)
{
        const Reinstate__V1__SetCoachTimeZoneRequest *req = (const void *)in;
        Reinstate__V1__CoachResponse *resp = (void *)out;
        char idtxt[24];
        const char *p[2] = {idtxt, req->time_zone};
        PGresult *r = NULL;
        int code;

        if (req->id <= 0)
                return rpc_violation(c, "id", "must be a positive id");
        if (c->actor_role != RPC_ROLE_ADMIN && req->id != c->actor_id)
                return rpc_fail(c, RS_PERMISSION_DENIED,
                                "only admins set another coach's time zone");
        if ((code = settings_check_zone(c, "time_zone", req->time_zone, 1)) != RS_OK)
                return code;
        snprintf(idtxt, sizeof(idtxt), "%lld", (long long)req->id);
        code = db_exec(c, &r,
                       "UPDATE coaches SET time_zone = nullif($2, ''), updated_at = now() "
                       "WHERE id = $1::bigint RETURNING " ACCOUNTS_COACH_COLUMNS,
                       2, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_NOT_FOUND, "coach '%lld' not found", (long long)req->id);
        }
        resp->coach = accounts_coach_from_row(c, r, 0, 0);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "coach/%lld", (long long)req->id), "time zone %s",
                  req->time_zone[0] ? req->time_zone : "(agency's)");
        return RS_OK;
}

static const struct rpc_method coaches_methods[] = {
    {"CreateCoach", coaches_create, RPC_ADMIN | RPC_MUTATES},
    {"ListCoaches", coaches_list, RPC_ADMIN},
    {"DisableCoach", coaches_disable, RPC_ADMIN | RPC_MUTATES},
    {"EnableCoach", coaches_enable, RPC_ADMIN | RPC_MUTATES},
    {"ResetPassword", coaches_reset_password, RPC_ADMIN | RPC_MUTATES},
    {"SetCoachTimeZone", coaches_set_time_zone, RPC_AUTH | RPC_MUTATES},
};

const struct rpc_service svc_coaches =
    RPC_SERVICE(reinstate__v1__coaches__descriptor, coaches_methods);
