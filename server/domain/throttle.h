// Throttling of guesses (failed logins, wrong current passwords, wrong
// access codes) in the login_throttle table. A guess first claims its keys
// (rs_throttle_claim: the key's row lock, so parallel guesses on one key are
// counted one after the other), is refused while a key is locked, and on
// failure counts against every key it claimed (rs_throttle_failed). Keys
// carry a prefix per kind so kinds never share a count; each kind has its
// own policy (THROTTLE_*), listed in one table in throttle.c and in
// docs/security.md.
#ifndef RS_THROTTLE_H
#define RS_THROTTLE_H

#include "rpc.h"

enum throttle_kind {
        THROTTLE_LOGIN,         // one email from one address (the auth policy)
        THROTTLE_LOGIN_ADDRESS, // every login from one address, whatever the email
        THROTTLE_LOGIN_ACCOUNT, // one email from every address
        THROTTLE_PASSWORD,      // ChangePassword's current password, per coach
        THROTTLE_CODE_ADDRESS,  // access codes from one address
        THROTTLE_CODE_ALL,      // access codes from everywhere
};

// The key of kind for subject (an email, an address, a coach id; lowercased
// ASCII), allocated in call memory.
const char *throttle_key(struct rpc_call *c, enum throttle_kind kind, const char *subject);

// Claims key for this transaction and checks it. Returns RS_OK when the key
// is not locked; otherwise RESOURCE_EXHAUSTED with retry_after_ms and the
// message "too many <what>; try again in N s" (or "... at once" when the key
// stayed busy longer than a second).
int throttle_check(struct rpc_call *c, enum throttle_kind kind, const char *key, const char *what);

// Counts a failure for key under kind's policy and marks the call to commit
// even though it fails (c->commit_on_error), so the count survives the
// error reply.
void throttle_fail(struct rpc_call *c, enum throttle_kind kind, const char *key);

#endif
