// Shared pieces of the account services (Auth, Coaches): the coach columns
// every query selects and their conversion to the wire message.
#ifndef RS_ACCOUNTS_H
#define RS_ACCOUNTS_H

#include <libpq-fe.h>

#include "rpc.h"
#include "reinstate/v1/auth.pb-c.h"

// The coach columns, in the order accounts_coach_from_row reads them.
#define ACCOUNTS_COACH_COLUMNS                                                                     \
        "id, email, display_name, role, disabled, rs_ts(created_at), coalesce(time_zone, '')"

// Builds a Coach message (call memory) from columns col..col+6 of row.
Reinstate__V1__Coach *accounts_coach_from_row(struct rpc_call *c, const PGresult *r, int row,
                                              int col);

#endif
