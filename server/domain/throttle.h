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

#endif
