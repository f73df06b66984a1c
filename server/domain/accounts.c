// Coach rows to messages, shared by the account services.
#include "accounts.h"

#include <string.h>

#include "db.h"
#include "banned.h"

Reinstate__V1__Coach *accounts_coach_from_row(struct rpc_call *c, const PGresult *r, int row,
                                              int col)
{
        Reinstate__V1__Coach *m = rpc_alloc(c, sizeof(*m));

        reinstate__v1__coach__init(m);
        m->id = db_int64(r, row, col);
        m->email = rpc_strdup(c, db_text(r, row, col + 1));
        m->display_name = rpc_strdup(c, db_text(r, row, col + 2));
        m->role = rpc_strdup(c, db_text(r, row, col + 3));
        m->disabled = db_bool(r, row, col + 4);
        m->created_at = rpc_strdup(c, db_text(r, row, col + 5));
        m->time_zone = rpc_strdup(c, db_text(r, row, col + 6));
        return m;
}
