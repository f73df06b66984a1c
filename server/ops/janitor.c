// One janitor pass: a single statement, so the settings it reads and the
// rows it deletes are one snapshot; see janitor.h.
#include "janitor.h"

#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "settings.h"
#include "banned.h"

// A value of settings.def when the settings table lacks its row.
static const char *default_of(const char *key, char *buf, size_t len)
{
        const struct setting_def *d = settings_find(key);

        snprintf(buf, len, "%d", d ? (int)d->def : 1);
        return buf;
}

int janitor_pass(PGconn *pg)
{
        char t_def[16], i_def[16];
        const char *p[2] = {default_of("throttle_retention_days", t_def, sizeof(t_def)),
                            default_of("idempotency_retention_days", i_def, sizeof(i_def))};
        // A throttle row past its retention counts nothing any more (every
        // window is shorter); a locked one stays until its lock ends.
        PGresult *r = PQexecParams(
            pg,
            "WITH s AS (SELECT coalesce((SELECT value FROM settings WHERE key = "
            "'throttle_retention_days'), $1::int) AS t, coalesce((SELECT value FROM settings "
            "WHERE key = 'idempotency_retention_days'), $2::int) AS i), "
            "a AS (DELETE FROM login_throttle l USING s WHERE l.last_failure < now() - "
            "make_interval(days => s.t) AND (l.locked_until IS NULL OR l.locked_until < now()) "
            "RETURNING 1), "
            "b AS (DELETE FROM idempotency d USING s WHERE d.created_at < now() - "
            "make_interval(days => s.i) RETURNING 1) "
            "SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b), s.t, s.i FROM s",
            2, NULL, p, NULL, NULL, 0);
        int rv = 0;

        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
                const char *e = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
                log_warn("janitor: %s", e ? e : PQerrorMessage(pg));
                rv = -1;
        } else if (atoll(PQgetvalue(r, 0, 0)) > 0 || atoll(PQgetvalue(r, 0, 1)) > 0) {
                log_info("janitor: removed %s login_throttle rows older than %s days and %s "
                         "stored replies older than %s days",
                         PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 1),
                         PQgetvalue(r, 0, 3));
        }
        PQclear(r);
        return rv;
}
