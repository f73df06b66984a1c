// Counting failures and refusing locked keys; see throttle.h.
#include "throttle.h"

#include <stdio.h>

#include "auth.h"
#include "db.h"
#include "banned.h"

// How long a guess waits for another guess on the same key to finish before
// it is refused as "at once" (holds a worker at most this long).
#define THROTTLE_LOCK_WAIT_MS "1000"

struct throttle_policy {
        const char *prefix;   // key prefix: kinds never share a count
        int window_s;         // failures older than this start a new count (0: auth policy)
        int slow_from;        // from this failure on, 1 s, 2 s, 4 s... waits
        int max_failures;     // from this failure on, lockouts (0: auth policy)
        int lockout_s;        // first lockout, doubling (0: auth policy)
        int lockout_max_s;    // longest lockout (0: auth policy)
        int claim;            // 1: take the row lock, so parallel guesses count exactly
        enum rpc_guess guess; // the kind of guess, for the server log's rate limit
};

// Access codes have 80 random bits: guessing them is hopeless at any rate a
// server answers, so their limits only bound load and have no slow-down
// (slow_from = max_failures): 30 wrong codes in 10 minutes from one address
// (an office or a library behind one NAT), 3000 from everyone together.
// clang-format off
static const struct throttle_policy policies[] = {
    [THROTTLE_LOGIN]         = {"",                   0,   3,    0,    0,   0,   1, RPC_GUESS_LOGIN},
    [THROTTLE_LOGIN_ADDRESS] = {"login-from|",        0,   10,   20,   60,  900, 1, RPC_GUESS_LOGIN},
    [THROTTLE_LOGIN_ACCOUNT] = {"login-account|",     0,   10,   50,   60,  900, 1, RPC_GUESS_LOGIN},
    [THROTTLE_PASSWORD]      = {"password|",          0,   3,    0,    0,   0,   1, RPC_GUESS_PASSWORD},
    [THROTTLE_CODE_ADDRESS]  = {"access-code|",       600, 30,   30,   60,  900, 1, RPC_GUESS_ACCESS_CODE},
    [THROTTLE_CODE_ALL]      = {"access-code-global", 600, 3000, 3000, 60,  600, 0, RPC_GUESS_ACCESS_CODE},
};
// clang-format on

const char *throttle_key(struct rpc_call *c, enum throttle_kind kind, const char *subject)
{
        char *k = rpc_printf(c, "%s%.500s", policies[kind].prefix, subject);

        for (char *p = k; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                        *p = (char)(*p - 'A' + 'a');
        return k;
}

int throttle_check(struct rpc_call *c, enum throttle_kind kind, const char *key, const char *what)
{
        const char *p[2] = {key, THROTTLE_LOCK_WAIT_MS};
        PGresult *r = NULL;
        int code, secs = 0;

        if (policies[kind].claim)
                code = db_exec(c, &r, "SELECT rs_throttle_claim($1, $2::int)", 2, p);
        else
                code =
                    db_exec(c, &r,
                            "SELECT coalesce(max(ceil(extract(epoch FROM locked_until - "
                            "clock_timestamp()))::int), 0) FROM login_throttle WHERE key = $1 AND "
                            "locked_until > clock_timestamp()",
                            1, p);
        if (code != RS_OK)
                return code;
        if (PQntuples(r) == 1)
                secs = (int)db_int64(r, 0, 0);
        PQclear(r);
        if (secs == 0)
                return RS_OK;
        c->guess = policies[kind].guess;
        if (secs < 0) {
                c->retry_after_ms = 1000u;
                return rpc_fail(c, RS_RESOURCE_EXHAUSTED, "too many %s at once; try again in 1 s",
                                what);
        }
        c->retry_after_ms = (uint32_t)secs * 1000u;
        return rpc_fail(c, RS_RESOURCE_EXHAUSTED, "too many %s; try again in %d s", what, secs);
}

void throttle_fail(struct rpc_call *c, enum throttle_kind kind, const char *key)
{
        const struct auth_config *pol = auth_policy();
        const struct throttle_policy *tp = &policies[kind];
        char window[16], slow[16], maxf[16], lock[16], lockmax[16];
        const char *p[6] = {key, window, slow, maxf, lock, lockmax};

        snprintf(window, sizeof(window), "%d", tp->window_s ? tp->window_s : pol->window_s);
        snprintf(slow, sizeof(slow), "%d", tp->slow_from);
        snprintf(maxf, sizeof(maxf), "%d", tp->max_failures ? tp->max_failures : pol->max_failures);
        snprintf(lock, sizeof(lock), "%d", tp->lockout_s ? tp->lockout_s : pol->lockout_s);
        snprintf(lockmax, sizeof(lockmax), "%d",
                 tp->lockout_max_s ? tp->lockout_max_s : pol->lockout_max_s);
        db_exec(c, NULL,
                "SELECT rs_throttle_failed($1, $2::int, $3::int, $4::int, $5::int, $6::int)", 6, p);
        c->commit_on_error = 1;
        c->guess = tp->guess;
}
