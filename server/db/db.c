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

struct db_stmt {
        uint64_t hash;
        char *sql;
        char name[16];
};

struct db_cache {
        struct db_stmt stmts[DB_CACHE_MAX];
        int n;
        unsigned generation; // names stay unique across resets of one cache
};

struct db_cache *db_cache_new(void)
{
        return calloc(1, sizeof(struct db_cache));
}

void db_cache_reset(struct db_cache *cache)
{
        if (cache == NULL)
                return;
        for (int i = 0; i < cache->n; i++)
                free(cache->stmts[i].sql);
        cache->n = 0;
        cache->generation++;
}

void db_cache_free(struct db_cache *cache)
{
        db_cache_reset(cache);
        free(cache);
}

static uint64_t fnv1a(const char *s)
{
        uint64_t h = 1469598103934665603ull;

        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 1099511628211ull;
        return h;
}

const char *db_cache_prepare(struct db_cache *cache, PGconn *conn, const char *sql, int nparams,
                             PGresult **err)
{
        uint64_t h;
        struct db_stmt *st;
        PGresult *r;

        if (err)
                *err = NULL;
        if (cache == NULL)
                return NULL;
        h = fnv1a(sql);
        for (int i = 0; i < cache->n; i++)
                if (cache->stmts[i].hash == h && strcmp(cache->stmts[i].sql, sql) == 0)
                        return cache->stmts[i].name;
        if (cache->n == DB_CACHE_MAX || PQpipelineStatus(conn) != PQ_PIPELINE_OFF)
                return NULL;
        st = &cache->stmts[cache->n];
        snprintf(st->name, sizeof(st->name), "rs%u_%d", cache->generation % 1000, cache->n);
        r = PQprepare(conn, st->name, sql, nparams, NULL);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                if (err)
                        *err = r;
                else
                        PQclear(r);
                return NULL;
        }
        PQclear(r);
        if ((st->sql = strdup(sql)) == NULL)
                return NULL; // prepared but not remembered: harmless
        st->hash = h;
        cache->n++;
        return st->name;
}

int db_exec(struct rpc_call *c, PGresult **out, const char *sql, int nparams,
            const char *const *params)
{
        PGresult *failed = NULL;
        const char *name = db_cache_prepare(c->stmts, c->pg, sql, nparams, &failed);
        PGresult *r = failed ? failed
                      : name ? PQexecPrepared(c->pg, name, nparams, params, NULL, NULL, 0)
                             : PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);
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
