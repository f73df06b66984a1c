// Applies the embedded migrations. The lock is a session-level advisory lock
// on a fixed key, so concurrent servers (replicas, a restart racing a
// `reinstated migrate`) serialise here and the second finds nothing to do.
// Each applied file's SHA-256 is recorded; a file that no longer matches
// its record stops the server (docs/deploy.md: never edit an applied
// migration).
#include "migrate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "db.h"
#include "log.h"
#include "vocab_sync.h"
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

// Hex SHA-256 of a migration's text.
static void checksum(const char *sql, char out[crypto_hash_sha256_BYTES * 2 + 1])
{
        unsigned char h[crypto_hash_sha256_BYTES];

        crypto_hash_sha256(h, (const unsigned char *)sql, strlen(sql));
        sodium_bin2hex(out, crypto_hash_sha256_BYTES * 2 + 1, h, sizeof(h));
}

static int sql_file(const struct dirent *e)
{
        size_t n = strlen(e->d_name);

        return n > 4 && strcmp(e->d_name + n - 4, ".sql") == 0;
}

// Reads dir's *.sql files, sorted by name, into a new table (*out, *count;
// free with free_dir). Returns 0 or -1 after logging.
static int read_dir(const char *dir, struct migration **out, size_t *count)
{
        struct dirent **names = NULL;
        struct migration *m = NULL;
        int n = scandir(dir, &names, sql_file, alphasort), rv = -1;

        *out = NULL;
        *count = 0;
        if (n < 0) {
                log_error("cannot read the schema directory '%s'", dir);
                return -1;
        }
        if ((m = calloc((size_t)n + 1, sizeof(*m))) == NULL)
                goto out;
        for (int i = 0; i < n; i++) {
                char path[4096];
                FILE *f;
                long len;
                char *text = NULL;

                snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
                if ((f = fopen(path, "rb")) != NULL && fseek(f, 0, SEEK_END) == 0 &&
                    (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
                    (text = calloc(1, (size_t)len + 1)) != NULL &&
                    fread(text, 1, (size_t)len, f) == (size_t)len) {
                        m[i].sql = text;
                        m[i].name = strdup(names[i]->d_name);
                } else {
                        free(text);
                }
                if (f)
                        fclose(f);
                *count = (size_t)i + 1;
                if (m[i].sql == NULL || m[i].name == NULL) {
                        log_error("cannot read migration '%s'", path);
                        goto out;
                }
        }
        *out = m;
        m = NULL;
        rv = 0;
out:
        if (m) {
                for (size_t i = 0; i < *count; i++) {
                        free((char *)m[i].name);
                        free((char *)m[i].sql);
                }
                free(m);
                *count = 0;
        }
        for (int i = 0; i < n; i++)
                free(names[i]);
        free(names);
        return rv;
}

static void free_dir(struct migration *m, size_t count)
{
        for (size_t i = 0; m && i < count; i++) {
                free((char *)m[i].name);
                free((char *)m[i].sql);
        }
        free(m);
}

int migrate_run(const char *conninfo, int *applied)
{
        PGconn *conn = NULL;
        PGresult *r = NULL;
        char err[256], sum[crypto_hash_sha256_BYTES * 2 + 1];
        int rv = -1, n = 0;
        const char *dir = getenv("REINSTATE_SCHEMA_DIR");
        struct migration *from_dir = NULL;
        const struct migration *list = migrations;
        size_t count = migrations_count;

        if (applied)
                *applied = 0;
        if (dir && dir[0]) {
                if (read_dir(dir, &from_dir, &count) != 0)
                        return -1;
                list = from_dir;
        }
        if (db_connect(&conn, conninfo, 0, err, sizeof(err)) != RS_OK) {
                log_error("%s", err);
                free_dir(from_dir, count);
                return -1;
        }
        if (!exec_ok(conn, "SET client_min_messages = warning", "set") ||
            !exec_ok(conn, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", "migration lock") ||
            !exec_ok(conn,
                     "CREATE TABLE IF NOT EXISTS schema_migrations ("
                     " name text PRIMARY KEY,"
                     " applied_at timestamptz NOT NULL DEFAULT now())",
                     "creating schema_migrations") ||
            !exec_ok(conn, "ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text",
                     "adding checksums to schema_migrations"))
                goto out;
        for (size_t i = 0; i < count; i++) {
                const char *p[2] = {list[i].name, sum};
                int done;

                checksum(list[i].sql, sum);
                r = PQexecParams(conn, "SELECT checksum FROM schema_migrations WHERE name = $1", 1,
                                 NULL, p, NULL, NULL, 0);
                if (PQresultStatus(r) != PGRES_TUPLES_OK) {
                        log_error("reading schema_migrations: %s", PQresultErrorMessage(r));
                        goto out;
                }
                done = PQntuples(r) > 0;
                if (done && !PQgetisnull(r, 0, 0) && strcmp(PQgetvalue(r, 0, 0), sum) != 0) {
                        log_error("migration %s changed after it was applied (recorded sha256 "
                                  "%.12s, now %.12s): an applied migration is never edited; "
                                  "restore it and add a new migration instead",
                                  list[i].name, PQgetvalue(r, 0, 0), sum);
                        rv = MIGRATE_REFUSED;
                        goto out;
                }
                // Applied before checksums were recorded: record it now.
                if (done && PQgetisnull(r, 0, 0)) {
                        PQclear(r);
                        r = PQexecParams(
                            conn, "UPDATE schema_migrations SET checksum = $2 WHERE name = $1", 2,
                            NULL, p, NULL, NULL, 0);
                        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                                log_error("recording the checksum of %s: %s", list[i].name,
                                          PQresultErrorMessage(r));
                                goto out;
                        }
                }
                PQclear(r);
                r = NULL;
                if (done)
                        continue;
                if (!exec_ok(conn, "BEGIN", "begin"))
                        goto out;
                if (!exec_ok(conn, list[i].sql, list[i].name)) {
                        exec_ok(conn, "ROLLBACK", "rollback");
                        goto out;
                }
                r = PQexecParams(conn,
                                 "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)",
                                 2, NULL, p, NULL, NULL, 0);
                if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                        log_error("recording %s: %s", list[i].name, PQresultErrorMessage(r));
                        exec_ok(conn, "ROLLBACK", "rollback");
                        goto out;
                }
                PQclear(r);
                r = NULL;
                if (!exec_ok(conn, "COMMIT", "commit"))
                        goto out;
                log_info("applied migration %s", list[i].name);
                n++;
        }
        if ((rv = vocab_sync(conn)) != 0)
                goto out;
        if (applied)
                *applied = n;
out:
        PQclear(r);
        if (PQstatus(conn) == CONNECTION_OK)
                exec_ok(conn, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")", "unlock");
        PQfinish(conn);
        free_dir(from_dir, count);
        return rv;
}
