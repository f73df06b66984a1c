// Counting failures and refusing locked keys; see throttle.h.
#include "throttle.h"

#include <stdio.h>

#include "auth.h"
#include "db.h"
#include "banned.h"

int throttle_check(struct rpc_call *c, const char *key, const char *what)
{
        const char *p[1] = {key};
        PGresult *r = NULL;
        int code, secs;

        code = db_exec(c, &r,
                       "SELECT ceil(extract(epoch FROM locked_until - now()))::int FROM "
                       "login_throttle WHERE key = $1 AND locked_until > now()",
                       1, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) == 0) {
                PQclear(r);
                return RS_OK;
        }
        secs = (int)db_int64(r, 0, 0);
        PQclear(r);
        if (secs < 1)
                secs = 1;
        c->retry_after_ms = (uint32_t)secs * 1000u;
        return rpc_fail(c, RS_RESOURCE_EXHAUSTED, "too many %s; try again in %d s", what, secs);
}

void throttle_fail(struct rpc_call *c, const char *key)
{
        const struct auth_config *pol = auth_policy();
        char window[16], maxf[16], lock[16], lockmax[16];
        const char *p[5] = {key, window, maxf, lock, lockmax};

        snprintf(window, sizeof(window), "%d", pol->window_s);
        snprintf(maxf, sizeof(maxf), "%d", pol->max_failures);
        snprintf(lock, sizeof(lock), "%d", pol->lockout_s);
        snprintf(lockmax, sizeof(lockmax), "%d", pol->lockout_max_s);
        db_exec(c, NULL, "SELECT rs_login_failed($1, $2::int, $3::int, $4::int, $5::int)", 5, p);
        c->commit_on_error = 1;
}

// 30 wrong codes in 10 minutes from one address, then 1 minute, doubling
// to at most 15 minutes. Globally 3000 in 10 minutes, then 1 minute, to
// at most 10. With 80-bit codes and even a million live ones, a year of
// guessing at the global ceiling succeeds with odds of about 1.3e-10.
const struct throttle_policy throttle_code_per_address = {600, 30, 60, 900};
const struct throttle_policy throttle_code_global = {600, 3000, 60, 600};

void throttle_fail_policy(struct rpc_call *c, const char *key, const struct throttle_policy *pol)
{
        char window[16], maxf[16], lock[16], lockmax[16];
        const char *p[5] = {key, window, maxf, lock, lockmax};

        snprintf(window, sizeof(window), "%d", pol->window_s);
        snprintf(maxf, sizeof(maxf), "%d", pol->max_failures);
        snprintf(lock, sizeof(lock), "%d", pol->lockout_s);
        snprintf(lockmax, sizeof(lockmax), "%d", pol->lockout_max_s);
        db_exec(c, NULL, "SELECT rs_guess_failed($1, $2::int, $3::int, $4::int, $5::int)", 5, p);
        c->commit_on_error = 1;
}
