// reinstate.v1.Tokens: API tokens for scripts. A token is a named session
// of the coach who made it, with its own expiry (1-366 days) and an
// optional read-only scope; it is shown once and stored as a hash beside
// the login sessions, so the one session check admits it. Tokens are made
// from a login session only: a token cannot mint tokens that outlive or
// out-rank it. Every change is audited as token/ID.
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "auth.h"
#include "db.h"
#include "query.h"
#include "services.h"
#include "validate.h"
#include "reinstate/v1/tokens.pb-c.h"
#include "banned.h"

#define TOKEN_DEFAULT_DAYS 90
#define TOKEN_MAX_DAYS     366
#define TOKEN_NAME_MAX     100

#define TOKEN_COLUMNS                                                                              \
        "id, name, rs_ts(created_at), rs_ts(expires_at), coalesce(rs_ts(last_used_at), ''), "      \
        "read_only, (revoked_at IS NOT NULL OR expires_at <= now())"

static Reinstate__V1__ApiToken *token_from_row(struct rpc_call *c, const PGresult *r, int row)
{
        Reinstate__V1__ApiToken *t = rpc_alloc(c, sizeof(*t));

        reinstate__v1__api_token__init(t);
        t->id = db_int64(r, row, 0);
        t->name = rpc_strdup(c, db_text(r, row, 1));
        t->created_at = rpc_strdup(c, db_text(r, row, 2));
        t->expires_at = rpc_strdup(c, db_text(r, row, 3));
        t->last_used_at = rpc_strdup(c, db_text(r, row, 4));
        t->read_only = db_bool(r, row, 5);
        t->revoked = db_bool(r, row, 6);
        return t;
}

static int tokens_create(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__CreateTokenRequest *req = (const void *)in;
        Reinstate__V1__CreateTokenResponse *resp = (void *)out;
        char token[AUTH_TOKEN_MAXLEN], hash[AUTH_HASH_TEXT_LEN];
        int32_t days = req->expires_days ? req->expires_days : TOKEN_DEFAULT_DAYS;
        const char *p[4];
        PGresult *r = NULL;
        int code;

        if (c->api_token)
                return rpc_fail(c, RS_PERMISSION_DENIED,
                                "tokens are made from a login session, not with another token");
        validate_line(c, "name", req->name, 1, TOKEN_NAME_MAX);
        if (days < 1 || days > TOKEN_MAX_DAYS)
                rpc_violation(c, "expires_days", "must be 1-%d days", TOKEN_MAX_DAYS);
        if ((code = validate_status(c)) != RS_OK)
                return code;
        auth_api_token_new(token, hash);
        p[0] = hash;
        p[1] = req->name;
        p[2] = query_int(c, days);
        p[3] = req->read_only ? "true" : "false";
        code = db_exec(c, &r,
                       "INSERT INTO sessions (coach_id, token_hash, name, read_only, expires_at) "
                       "VALUES (rs_actor(), $1::bytea, btrim($2), $4::boolean, "
                       "now() + make_interval(days => $3::int)) RETURNING " TOKEN_COLUMNS,
                       4, p);
        if (code != RS_OK) {
                sodium_memzero(token, sizeof(token));
                return code;
        }
        resp->api_token = token_from_row(c, r, 0);
        PQclear(r);
        resp->token = rpc_strdup(c, token);
        sodium_memzero(token, sizeof(token));
        rpc_audit(c, rpc_printf(c, "token/%lld", (long long)resp->api_token->id),
                  "token '%.100s' made%s, expires %s", resp->api_token->name,
                  resp->api_token->read_only ? " (read-only)" : "", resp->api_token->expires_at);
        return RS_OK;
}

static int tokens_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListTokensRequest *req = (const void *)in;
        Reinstate__V1__ListTokensResponse *resp = (void *)out;
        const char *p[1] = {req->include_revoked ? "true" : "false"};
        PGresult *r = NULL;
        int code, n;

        // The caller's own tokens, even for an admin: a token is personal.
        code = db_exec(c, &r,
                       "SELECT " TOKEN_COLUMNS " FROM sessions WHERE coach_id = rs_actor() "
                       "AND name IS NOT NULL AND ($1::boolean OR (revoked_at IS NULL "
                       "AND expires_at > now())) ORDER BY id",
                       1, p);
        if (code != RS_OK)
                return code;
        n = PQntuples(r);
        resp->tokens = rpc_alloc(c, sizeof(*resp->tokens) * (size_t)(n ? n : 1));
        for (int i = 0; i < n; i++)
                resp->tokens[i] = token_from_row(c, r, i);
        resp->n_tokens = (size_t)n;
        PQclear(r);
        return RS_OK;
}

static int tokens_revoke(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__RevokeTokenRequest *req = (const void *)in;
        Reinstate__V1__RevokeTokenResponse *resp = (void *)out;
        const char *p[1];
        PGresult *r = NULL;
        int code;

        if (validate_id(c, "id", req->id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        p[0] = query_int(c, req->id);
        code = db_exec(c, &r,
                       "UPDATE sessions SET revoked_at = coalesce(revoked_at, now()) "
                       "WHERE id = $1::bigint AND coach_id = rs_actor() AND name IS NOT NULL "
                       "RETURNING " TOKEN_COLUMNS,
                       1, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) != 1) {
                PQclear(r);
                return rpc_fail(c, RS_NOT_FOUND, "no token %lld of yours", (long long)req->id);
        }
        resp->api_token = token_from_row(c, r, 0);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "token/%lld", (long long)req->id), "token '%.100s' revoked",
                  resp->api_token->name);
        return RS_OK;
}

// clang-format off
static const struct rpc_method tokens_methods[] = {
    {"CreateToken", tokens_create, RPC_AUTH | RPC_MUTATES},
    {"ListTokens",  tokens_list,   RPC_AUTH},
    {"RevokeToken", tokens_revoke, RPC_AUTH | RPC_MUTATES},
};
// clang-format on

const struct rpc_service svc_tokens =
    RPC_SERVICE(reinstate__v1__tokens__descriptor, tokens_methods);
