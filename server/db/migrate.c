// Applies the embedded migrations. The lock is a session-level advisory lock
// on a fixed key, so concurrent servers (replicas, a restart racing a
// `reinstated migrate`) serialise here and the second finds nothing to do.
#include "migrate.h"

#include <stdio.h>
#include <string.h>
#include <libpq-fe.h>

#include "db.h"
#include "log.h"
#include "banned.h"

#define MIGRATE_LOCK_KEY "7700770077"

static int exec_ok(PGconn *conn, const char *sql, const char *what)
{
        PGresult *r = PQexec(conn, sql);
        ExecStatusType st = PQresultStatus(r);
        int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

        if (!ok)
                log_error("%s failed: %s", what, PQresultErrorMessage(r));
        PQclear(r);
        return ok;
}

int migrate_run(const char *conninfo, int *applied)
{
        PGconn *conn = NULL;
        PGresult *r = NULL;
        char err[256];
        int rv = -1, n = 0;

        if (applied)
                *applied = 0;
        if (db_connect(&conn, conninfo, 0, err, sizeof(err)) != RS_OK) {
                log_error("%s", err);
                return -1;
        }
        if (!exec_ok(conn, "SET client_min_messages = warning", "set") ||
            !exec_ok(conn, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", "migration lock") ||
            !exec_ok(conn,
                     "CREATE TABLE IF NOT EXISTS schema_migrations ("
                     " name text PRIMARY KEY,"
                     " applied_at timestamptz NOT NULL DEFAULT now())",
                     "creating schema_migrations"))
                goto out;
        for (size_t i = 0; i < migrations_count; i++) {
                const char *p[1] = {migrations[i].name};
                int done;

                r = PQexecParams(conn, "SELECT 1 FROM schema_migrations WHERE name = $1", 1, NULL,
                                 p, NULL, NULL, 0);
                if (PQresultStatus(r) != PGRES_TUPLES_OK) {
                        log_error("reading schema_migrations: %s", PQresultErrorMessage(r));
                        goto out;
                }
                done = PQntuples(r) > 0;
                PQclear(r);
                r = NULL;
                if (done)
                        continue;
                if (!exec_ok(conn, "BEGIN", "begin"))
                        goto out;
                if (!exec_ok(conn, migrations[i].sql, migrations[i].name)) {
                        exec_ok(conn, "ROLLBACK", "rollback");
                        goto out;
                }
                r = PQexecParams(conn, "INSERT INTO schema_migrations (name) VALUES ($1)", 1, NULL,
                                 p, NULL, NULL, 0);
                if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                        log_error("recording %s: %s", migrations[i].name, PQresultErrorMessage(r));
                        exec_ok(conn, "ROLLBACK", "rollback");
                        goto out;
                }
                PQclear(r);
                r = NULL;
                if (!exec_ok(conn, "COMMIT", "commit"))
                        goto out;
                log_info("applied migration %s", migrations[i].name);
                n++;
        }
        rv = 0;
        if (applied)
                *applied = n;
out:
        PQclear(r);
        if (PQstatus(conn) == CONNECTION_OK)
                exec_ok(conn, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")", "unlock");
        PQfinish(conn);
        return rv;
}
