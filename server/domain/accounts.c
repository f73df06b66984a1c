// Coach rows to messages, and the email check both account services use.
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

int accounts_email_valid(struct rpc_call *c, const char *field, const char *email)
{
        const char *at = strchr(email, '@');
        size_t n = strlen(email);

        // Printable ASCII only: no control characters to reach a terminal
        // through the audit log, and one lower case for the throttle keys and
        // the lookup (PostgreSQL's lower() folds some non-ASCII letters into
        // ASCII ones). Not echoed: it may hold escape sequences.
        for (size_t i = 0; i < n; i++)
                if ((unsigned char)email[i] < 0x21 || (unsigned char)email[i] > 0x7e) {
                        rpc_violation(c, field,
                                      "is not an email address: only letters, digits and "
                                      "ASCII punctuation, no spaces");
                        return 0;
                }
        if (n < 3 || n > 254 || at == NULL || at == email || at[1] == '\0' ||
            strchr(at + 1, '@') != NULL || strpbrk(email, " \t\r\n") != NULL) {
                rpc_violation(c, field, "'%.80s' is not an email address", email);
                return 0;
        }
        return 1;
}
