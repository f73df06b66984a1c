// First-admin creation. Runs as the database owner with an admin context
// set for row-level security, since no session exists yet.
#include "admin.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "auth.h"
#include "db.h"
#include "email.h"
#include "log.h"
#include "password.h"
#include "banned.h"

static int exec_params(PGconn *conn, PGresult **out, const char *sql, int n, const char *const *p)
{
        PGresult *r = PQexecParams(conn, sql, n, NULL, p, NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(r);

        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
                const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
                if (state && strcmp(state, "23505") == 0)
                        fprintf(stderr, "reinstated: a coach with this email already exists\n");
                else
                        fprintf(stderr, "reinstated: %s", PQresultErrorMessage(r));
                PQclear(r);
                return -1;
        }
        if (out)
                *out = r;
        else
                PQclear(r);
        return 0;
}

int admin_create(const char *conninfo, int argc, char **argv)
{
        static const struct option longopts[] = {
            {"email", required_argument, NULL, 'e'},    {"name", required_argument, NULL, 'n'},
            {"password-stdin", no_argument, NULL, 's'}, {"if-no-admin", no_argument, NULL, 'i'},
            {"data-dir", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0},
        };
        const char *email = NULL, *name = NULL;
        int from_stdin = 0, if_none = 0, opt, rv = 1;
        char pw[PASSWORD_MAX_LEN + 2], pw2[PASSWORD_MAX_LEN + 2], hash[crypto_pwhash_STRBYTES],
            err[256];
        PGconn *conn = NULL;
        PGresult *r = NULL;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                switch (opt) {
                case 'e':
                        email = optarg;
                        break;
                case 'n':
                        name = optarg;
                        break;
                case 's':
                        from_stdin = 1;
                        break;
                case 'i':
                        if_none = 1;
                        break;
                case 'd':
                        break;
                default:
                        return 2;
                }
        }
        if (email == NULL || email_check(email, 1) != EMAIL_OK) {
                // The rule the login applies: an admin made here can log in.
                fprintf(stderr, "reinstated: admin create needs --email ADDRESS (name@domain, "
                                "printable ASCII, no spaces)\n");
                return 2;
        }
        if (db_connect(&conn, conninfo, 0, err, sizeof(err)) != RS_OK) {
                fprintf(stderr, "reinstated: %s\n", err);
                return 1;
        }
        if (exec_params(conn, NULL, "BEGIN", 0, NULL) != 0 ||
            exec_params(conn, NULL, "SELECT rs_context_set(NULL, 'admin', NULL)", 0, NULL) != 0 ||
            exec_params(conn, &r, "SELECT count(*) FROM coaches WHERE role = 'admin'", 0, NULL) !=
                0)
                goto out;
        if (if_none && db_int64(r, 0, 0) > 0) {
                printf("an admin already exists; nothing to do\n");
                rv = 0;
                goto out;
        }
        if (password_read("password for the new admin: ", from_stdin, pw, sizeof(pw)) != 0) {
                fprintf(stderr, "reinstated: cannot read the password\n");
                goto out;
        }
        if (!from_stdin &&
            (password_read("again: ", 0, pw2, sizeof(pw2)) != 0 || strcmp(pw, pw2) != 0)) {
                fprintf(stderr, "reinstated: the passwords do not match\n");
                goto out;
        }
        if (strlen(pw) < PASSWORD_MIN_LEN || strlen(pw) > PASSWORD_MAX_LEN) {
                fprintf(stderr, "reinstated: the password must be %d-%d characters\n",
                        PASSWORD_MIN_LEN, PASSWORD_MAX_LEN);
                goto out;
        }
        if (auth_password_hash(pw, hash, sizeof(hash)) != 0) {
                fprintf(stderr, "reinstated: cannot hash the password (out of memory)\n");
                goto out;
        }
        {
                const char *p[3] = {email, name ? name : "Administrator", hash};
                PQclear(r);
                r = NULL;
                if (exec_params(conn, &r,
                                "INSERT INTO coaches (email, display_name, role, password_hash) "
                                "VALUES ($1, $2, 'admin', $3) RETURNING id",
                                3, p) != 0 ||
                    exec_params(conn, NULL, "COMMIT", 0, NULL) != 0)
                        goto out;
                printf("created admin %s (id %s)\n", email, PQgetvalue(r, 0, 0));
                log_info("admin created id=%s", PQgetvalue(r, 0, 0));
        }
        rv = 0;
out:
        sodium_memzero(pw, sizeof(pw));
        sodium_memzero(pw2, sizeof(pw2));
        PQclear(r);
        PQfinish(conn);
        return rv;
}
