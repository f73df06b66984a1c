// reinstate.v1.Auth: login, logout, who am I, change password.
//
// Login is the one call without a session. Failed attempts are counted per
// (email, client address) in login_throttle and committed even though the
// call fails, so a burst of guesses is refused for a while (doubling up to
// a cap) while the same email from elsewhere, and the right password after
// the window, still work. A login for an unknown email costs the same
// Argon2id verification as a known one.
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "accounts.h"
#include "auth.h"
#include "db.h"
#include "password.h"
#include "services.h"
#include "validate.h"
#include "throttle.h"
#include "banned.h"

static int auth_login(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__LoginRequest *req = (const void *)in;
        Reinstate__V1__LoginResponse *resp = (void *)out;
        char token[AUTH_TOKEN_MAXLEN], hash[AUTH_HASH_TEXT_LEN], ttl[16], role[16] = "";
        const char *key, *kaddr, *kacct, *email;
        PGresult *r = NULL;
        int code, ok = 0, rehash = 0;
        int64_t id = 0;

        if (validate_login_email(c, "email", req->email) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if (req->password[0] == '\0' || strlen(req->password) > PASSWORD_MAX_LEN)
                return rpc_violation(c, "password", "must be 1-%d characters", PASSWORD_MAX_LEN);
        // One normal form (ASCII, lower case) for the keys and the lookup.
        email = throttle_key(c, THROTTLE_LOGIN, req->email);
        key = throttle_key(c, THROTTLE_LOGIN, rpc_printf(c, "%s|%s", email, c->peer));
        kaddr = throttle_key(c, THROTTLE_LOGIN_ADDRESS, c->peer);
        kacct = throttle_key(c, THROTTLE_LOGIN_ACCOUNT, email);
        // Always in this order (address, account, pair): no deadlock.
        if ((code = throttle_check(c, THROTTLE_LOGIN_ADDRESS, kaddr,
                                   "failed logins from this address")) != RS_OK ||
            (code = throttle_check(c, THROTTLE_LOGIN_ACCOUNT, kacct,
                                   rpc_printf(c, "failed logins for '%s'", email))) != RS_OK ||
            (code = throttle_check(c, THROTTLE_LOGIN, key,
                                   rpc_printf(c, "failed logins for '%s'", email))) != RS_OK)
                return code;
        {
                const char *p[1] = {email};
                if ((code = db_exec(c, &r,
                                    "SELECT id, role, password_hash, disabled FROM "
                                    "rs_login_lookup($1)",
                                    1, p)) != RS_OK)
                        return code;
        }
        if (PQntuples(r) == 1) {
                id = db_int64(r, 0, 0);
                snprintf(role, sizeof(role), "%s", db_text(r, 0, 1));
                ok = auth_password_verify(db_text(r, 0, 2), req->password, &rehash);
                if (ok == 1 && db_bool(r, 0, 3))
                        ok = 0;
        } else {
                ok = auth_password_burn(req->password);
        }
        PQclear(r);
        r = NULL;
        if (ok < 0) {
                // Shed by the hashing queue: logged at the guesses' rate too,
                // so a login flood cannot fill the log either.
                c->guess = RPC_GUESS_LOGIN;
                c->retry_after_ms = 1000u;
                return rpc_fail(c, RS_RESOURCE_EXHAUSTED,
                                "too many logins at once; try again in 1 s");
        }
        if (!ok) {
                throttle_fail(c, THROTTLE_LOGIN_ADDRESS, kaddr);
                throttle_fail(c, THROTTLE_LOGIN_ACCOUNT, kacct);
                throttle_fail(c, THROTTLE_LOGIN, key);
                rpc_audit(c, "login", "failed login for %.254s", req->email);
                return rpc_fail(c, RS_UNAUTHENTICATED,
                                "wrong email or password, or the account is disabled");
        }
        {
                char idtxt[24], newhash[crypto_pwhash_STRBYTES], proof[DB_PROOF_TEXT_LEN];
                const char *pk[1] = {key};
                const char *pc[2] = {idtxt, NULL};
                const char *ps[4] = {idtxt, hash, ttl, proof};

                snprintf(idtxt, sizeof(idtxt), "%lld", (long long)id);
                snprintf(ttl, sizeof(ttl), "%d", auth_policy()->session_ttl_s);
                auth_token_new(token, hash);
                if (db_login_proof(id, hash, proof) != 0)
                        return rpc_fail(c, RS_UNAVAILABLE, "logins are unavailable; try again");
                // The session opens first and sets the row-level-security
                // context (rs_session_open checks the proof): the coach's
                // own row is visible only then.
                if ((code = db_exec(c, NULL, "DELETE FROM login_throttle WHERE key = $1", 1, pk)) !=
                        RS_OK ||
                    (code = db_exec(c, &r,
                                    "SELECT rs_session_open($1::bigint, $2::bytea, $3::int, "
                                    "$4::bytea)",
                                    4, ps)) != RS_OK)
                        return code;
                resp->expires_at = rpc_strdup(c, db_text(r, 0, 0));
                PQclear(r);
                r = NULL;
                if ((code = db_exec(c, &r,
                                    "SELECT " ACCOUNTS_COACH_COLUMNS
                                    " FROM coaches WHERE id = $1::bigint",
                                    1, pc)) != RS_OK)
                        return code;
                resp->coach = accounts_coach_from_row(c, r, 0, 0);
                PQclear(r);
                r = NULL;
                if (rehash && auth_password_hash(req->password, newhash, sizeof(newhash)) == 0) {
                        pc[1] = newhash;
                        if ((code = db_exec(c, NULL,
                                            "UPDATE coaches SET password_hash = $2 WHERE id = "
                                            "$1::bigint",
                                            2, pc)) != RS_OK)
                                return code;
                }
                resp->token = rpc_strdup(c, token);
                sodium_memzero(token, sizeof(token));
                c->actor_id = id;
                rpc_audit(c, rpc_printf(c, "coach/%lld", (long long)id), "login");
        }
        return RS_OK;
}

static int auth_logout(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const char *p[1] = {c->token_hash};
        int code = db_exec(c, NULL,
                           "UPDATE sessions SET revoked_at = now() WHERE token_hash = $1::bytea "
                           "AND revoked_at IS NULL",
                           1, p);

        if (code == RS_OK)
                rpc_audit(c, rpc_printf(c, "coach/%lld", (long long)c->actor_id), "logout");
        return code;
}

static int auth_whoami(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        Reinstate__V1__WhoAmIResponse *resp = (void *)out;
        const char *p[1] = {c->token_hash};
        PGresult *r = NULL;
        int code;

        code = db_exec(c, &r,
                       "SELECT " ACCOUNTS_COACH_COLUMNS ", (SELECT rs_ts(expires_at) FROM sessions "
                       "WHERE token_hash = $1::bytea) FROM coaches WHERE id = rs_actor()",
                       1, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_UNAUTHENTICATED, "session is invalid or has expired");
        }
        resp->coach = accounts_coach_from_row(c, r, 0, 0);
        resp->session_expires_at = rpc_strdup(c, db_text(r, 0, 7));
        PQclear(r);
        return RS_OK;
}

static int auth_change_password(struct rpc_call *c, const ProtobufCMessage *in,
                                ProtobufCMessage *out)
{
        const Reinstate__V1__ChangePasswordRequest *req = (const void *)in;
        Reinstate__V1__ChangePasswordResponse *resp = (void *)out;
        char why[128], hash[crypto_pwhash_STRBYTES];
        const char *pu[2] = {hash, c->token_hash};
        const char *key =
            throttle_key(c, THROTTLE_PASSWORD, rpc_printf(c, "%lld", (long long)c->actor_id));
        PGresult *r = NULL;
        int code, ok = 0, rehash;

        if (!auth_password_acceptable(req->new_password, why, sizeof(why)))
                return rpc_violation(c, "new_password", "%s", why);
        if (strcmp(req->new_password, req->current_password) == 0)
                return rpc_violation(c, "new_password", "must differ from the current password");
        // Guesses at the current password with a stolen token are throttled
        // per coach, like logins.
        if ((code = throttle_check(c, THROTTLE_PASSWORD, key, "wrong current passwords")) != RS_OK)
                return code;
        if ((code = db_exec(c, &r, "SELECT password_hash FROM coaches WHERE id = rs_actor()", 0,
                            NULL)) != RS_OK)
                return code;
        if (PQntuples(r) == 1)
                ok = auth_password_verify(db_text(r, 0, 0), req->current_password, &rehash);
        PQclear(r);
        r = NULL;
        if (ok < 0) {
                c->retry_after_ms = 1000u;
                return rpc_fail(c, RS_RESOURCE_EXHAUSTED,
                                "too many password checks at once; try again in 1 s");
        }
        if (!ok) {
                throttle_fail(c, THROTTLE_PASSWORD, key);
                return rpc_violation(c, "current_password", "is wrong");
        }
        if (auth_password_hash(req->new_password, hash, sizeof(hash)) != 0)
                return rpc_fail(c, RS_RESOURCE_EXHAUSTED, "cannot hash the password now");
        if ((code = db_exec(c, NULL,
                            "UPDATE coaches SET password_hash = $1, updated_at = now() "
                            "WHERE id = rs_actor()",
                            1, pu)) != RS_OK)
                return code;
        // Other sessions end: whoever else held them needed the old password.
        if ((code = db_exec(c, &r,
                            "WITH x AS (UPDATE sessions SET revoked_at = now() WHERE coach_id = "
                            "rs_actor() AND token_hash <> $2::bytea AND revoked_at IS NULL "
                            "AND $1::text IS NOT NULL RETURNING 1) SELECT count(*) FROM x",
                            2, pu)) != RS_OK)
                return code;
        resp->sessions_revoked = (int32_t)db_int64(r, 0, 0);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "coach/%lld", (long long)c->actor_id),
                  "password changed, %d other sessions ended", resp->sessions_revoked);
        return RS_OK;
}

static const struct rpc_method auth_methods[] = {
    {"Login", auth_login, 0},
    {"Logout", auth_logout, RPC_AUTH},
    {"WhoAmI", auth_whoami, RPC_AUTH},
    {"ChangePassword", auth_change_password, RPC_AUTH | RPC_MUTATES},
};

const struct rpc_service svc_auth = RPC_SERVICE(reinstate__v1__auth__descriptor, auth_methods);
