// Throttling of guesses (failed logins, wrong access codes) in the
// login_throttle table: failures per key are counted by rs_login_failed()
// under the login policy of auth.h (--login-max-failures, --login-lockout),
// and a locked key is refused with RESOURCE_EXHAUSTED and retry_after_ms.
// Keys carry a prefix per kind so kinds never share a count.
#ifndef RS_THROTTLE_H
#define RS_THROTTLE_H

#include "rpc.h"

// Returns RS_OK when key is not locked; otherwise RESOURCE_EXHAUSTED with
// retry_after_ms and the message "too many <what>; try again in N s".
int throttle_check(struct rpc_call *c, const char *key, const char *what);

// Counts a failure for key and marks the call to commit even though it
// fails (c->commit_on_error), so the count survives the error reply.
void throttle_fail(struct rpc_call *c, const char *key);

// A limit on guesses of something with enough entropy that only load
// matters (access codes): no slow-down below max_failures, then a lock of
// lockout_s doubling per further failure up to lockout_max_s.
struct throttle_policy {
        int window_s;      // failures older than this start a new count
        int max_failures;  // failures within the window before the lock
        int lockout_s;     // first lock
        int lockout_max_s; // longest lock
};

// Wrong access codes from one client address: room for an office or a
// library behind one NAT address (docs/security.md).
extern const struct throttle_policy throttle_code_per_address;
// Wrong access codes from everyone together: bounds the load a botnet can
// put on the code check, whatever its addresses.
extern const struct throttle_policy throttle_code_global;

// As throttle_fail, under policy p instead of the login policy.
void throttle_fail_policy(struct rpc_call *c, const char *key, const struct throttle_policy *p);

#endif
