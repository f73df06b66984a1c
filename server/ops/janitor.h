// The janitor: deletes the rows that would otherwise only grow, by the
// agency's retention settings (settings.def): login_throttle rows whose
// last failure is older than throttle_retention_days and that are not
// locked, and stored request_id replies (idempotency) older than
// idempotency_retention_days. It has no thread of its own: the mailer's
// background thread runs a pass now and then, over its owner connection
// (schema/101 gives the owner what it needs).
#ifndef RS_JANITOR_H
#define RS_JANITOR_H

#include <libpq-fe.h>

// Default pause between passes (REINSTATE_JANITOR_EVERY_MS overrides it).
#define JANITOR_DEFAULT_EVERY_MS 3600000u

// Runs one pass on pg (an idle connection of the database owner), logging
// what it removed. Returns 0, or -1 after logging a database failure.
int janitor_pass(PGconn *pg);

#endif
