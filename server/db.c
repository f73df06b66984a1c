// libpq boundary: connection set-up and SQLSTATE → status conversion.
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "banned.h"

int db_connect(PGconn **out, const char *conninfo, int as_app, char *err, size_t errlen)
{
        PGconn *conn = PQconnectdb(conninfo);
        PGresult *r = NULL;

        *out = NULL;
        if (PQstatus(conn) != CONNECTION_OK) {
                const char *m = PQerrorMessage(conn);
                size_t n = strcspn(m, "\n");
                snprintf(err, errlen, "cannot connect to database: %.*s", (int)n, m);
                PQfinish(conn);
                return RS_UNAVAILABLE;
        }
        if (as_app) {
                r = PQexec(conn, "SET ROLE " DB_APP_ROLE "; SET application_name = 'reinstated'");
                if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                        snprintf(err, errlen, "cannot switch to role %s: %s", DB_APP_ROLE,
                                 PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
                        PQclear(r);
                        PQfinish(conn);
                        return RS_UNAVAILABLE;
                }
                PQclear(r);
        }
        *out = conn;
        return RS_OK;
}

int db_status(PGconn *conn, const PGresult *r, char *msg, size_t msglen)
{
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        const char *constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;

        if (conn == NULL || PQstatus(conn) != CONNECTION_OK || state == NULL) {
                snprintf(msg, msglen, "database is unavailable");
                return RS_UNAVAILABLE;
        }
        if (strcmp(state, "57014") == 0) {
                snprintf(msg, msglen, "deadline exceeded while waiting for the database");
                return RS_DEADLINE_EXCEEDED;
        }
        if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
            strcmp(state, "53300") == 0) {
                snprintf(msg, msglen, "database is unavailable");
                return RS_UNAVAILABLE;
        }
        if (strcmp(state, "23505") == 0) {
                snprintf(msg, msglen, "already exists (%s)", constraint ? constraint : "unique");
                return RS_ALREADY_EXISTS;
        }
        if (strcmp(state, "23503") == 0) {
                snprintf(msg, msglen, "a referenced record does not exist (%s)",
                         constraint ? constraint : "foreign key");
                return RS_FAILED_PRECONDITION;
        }
        if (strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0 ||
            strncmp(state, "22", 2) == 0) {
                snprintf(msg, msglen, "invalid value (%s)",
                         constraint ? constraint : (primary ? primary : state));
                return RS_INVALID_ARGUMENT;
        }
        if (strncmp(state, "40", 2) == 0) {
                snprintf(msg, msglen, "concurrent change, try again");
                return RS_ABORTED;
        }
        if (strcmp(state, "42501") == 0) {
                snprintf(msg, msglen, "permission denied");
                return RS_PERMISSION_DENIED;
        }
        log_error("unexpected database error %s: %s", state, primary ? primary : "");
        snprintf(msg, msglen, "internal error");
        return RS_INTERNAL;
}

int db_exec(struct rpc_call *c, PGresult **out, const char *sql, int nparams,
            const char *const *params)
{
        PGresult *r = PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(r);
        int code;

        if (out)
                *out = NULL;
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
                if (out)
                        *out = r;
                else
                        PQclear(r);
                return RS_OK;
        }
        code = db_status(c->pg, r, c->message, sizeof(c->message));
        PQclear(r);
        return code;
}

int64_t db_int64(const PGresult *r, int row, int col)
{
        return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

const char *db_text(const PGresult *r, int row, int col)
{
        return PQgetvalue(r, row, col);
}

int db_bool(const PGresult *r, int row, int col)
{
        return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

int db_isnull(const PGresult *r, int row, int col)
{
        return PQgetisnull(r, row, col);
}
