// One janitor pass: a single statement, so the settings it reads and the
// rows it deletes are one snapshot; see janitor.h.
#include "janitor.h"

#include <stdlib.h>

#include "log.h"
#include "banned.h"

int janitor_pass(PGconn *pg)
{
        // The retention settings' rows are written at start-up from
        // settings.def (vocab_sync). A throttle row past its retention
        // counts nothing any more (every window is shorter); a locked one
        // stays until its lock ends.
        PGresult *r = PQexec(
            pg, "WITH s AS (SELECT (SELECT value FROM settings WHERE key = "
                "'throttle_retention_days') AS t, (SELECT value FROM settings "
                "WHERE key = 'idempotency_retention_days') AS i), "
                "a AS (DELETE FROM login_throttle l USING s WHERE l.last_failure < now() - "
                "make_interval(days => s.t) AND (l.locked_until IS NULL OR l.locked_until < now()) "
                "RETURNING 1), "
                "b AS (DELETE FROM idempotency d USING s WHERE d.created_at < now() - "
                "make_interval(days => s.i) RETURNING 1) "
                "SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b), s.t, s.i FROM s");
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
