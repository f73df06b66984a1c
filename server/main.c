// reinstated: the server. Subcommands: serve (default), migrate, admin.
//
// The database comes from DATABASE_URL, else libpq's PG* variables, else the
// embedded default cluster in the data directory. Migrations run at start-up
// under an advisory lock. SIGTERM/SIGINT drain in-flight calls and stop.
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#include "admin.h"
#include "auth.h"
#include "db.h"
#include "embedded_pg.h"
#include "envelope.h"
#include "http_door.h"
#include "log.h"
#include "mailer.h"
#include "smtp.h"
#include "migrate.h"
#include "server.h"
#include "banned.h"

static void usage(FILE *f)
{
        fprintf(
            f,
            "usage: reinstated [serve] [options]\n"
            "       reinstated migrate [--data-dir DIR]\n"
            "       reinstated admin create --email EMAIL [--name NAME] [--password-stdin]\n"
            "                               [--if-no-admin]\n"
            "\n"
            "Serves the reinstate RPC protocol over nng, storing data in PostgreSQL.\n"
            "\n"
            "options:\n"
            "  --listen URL       listen address, repeatable (env REINSTATE_LISTEN;\n"
            "                     default " RS_DEFAULT_URL "); tls+tcp:// needs the next two\n"
            "  --tls-cert FILE    PEM certificate chain (env REINSTATE_TLS_CERT)\n"
            "  --tls-key FILE     PEM private key (env REINSTATE_TLS_KEY)\n"
            "  --http-listen URL  the web door: the job seeker's page, every RPC over the\n"
            "                     Connect protocol, /healthz and /metrics; http://HOST:PORT\n"
            "                     or https://HOST:PORT with --tls-cert/--tls-key\n"
            "                     (env REINSTATE_HTTP_LISTEN; default: none)\n"
            "  --metrics-listen URL  serve /metrics (and /healthz) only here, not on\n"
            "                     --http-listen (env REINSTATE_METRICS_LISTEN)\n"
            "  --http-max-connections N  open web connections at once (default 512)\n"
            "  --http-timeout S   close a web connection idle or mid-request for S seconds\n"
            "                     (default 30)\n"
            "  --data-dir DIR     embedded database directory (env REINSTATE_DATA_DIR;\n"
            "                     default $XDG_DATA_HOME/reinstate, /var/lib/reinstate as root)\n"
            "  --max-connections N  open RPC connections at once (env\n"
            "                     REINSTATE_MAX_CONNECTIONS; default 1024; lowered to fit\n"
            "                     the open-file limit)\n"
            "  --max-connections-per-address N  open RPC connections from one source\n"
            "                     address (env REINSTATE_MAX_CONNECTIONS_PER_ADDRESS;\n"
            "                     default 128)\n"
            "  --idle-timeout S   close an RPC connection that completes no message for S\n"
            "                     seconds, idle or mid-message (env REINSTATE_IDLE_TIMEOUT;\n"
            "                     default 30)\n"
            "  --workers N        database workers, each with its own connection (default 8)\n"
            "  --drain-timeout S  seconds to finish in-flight calls on SIGTERM (default 30)\n"
            "  --smtp-url URL     the agency's mail relay, smtp://[user@]host:port (STARTTLS\n"
            "                     when offered) or smtps://; env REINSTATE_SMTP_URL. Without\n"
            "                     it, reminders are queued in the outbox and not sent\n"
            "  --smtp-password-file FILE  the relay's password (env REINSTATE_SMTP_PASSWORD_FILE)\n"
            "  --smtp-ca-file FILE  PEM bundle to verify the relay (default: the system's)\n"
            "  --mail-from ADDR   sender of reminders (env REINSTATE_MAIL_FROM)\n"
            "  --public-url URL   how people reach this server's web door, for links in\n"
            "                     mail and calendar feeds (env REINSTATE_PUBLIC_URL;\n"
            "                     default: the --http-listen URL)\n"
            "  --agency-name NAME shown in reminders (env REINSTATE_AGENCY_NAME)\n"
            "  -h, --help         this help\n"
            "  --version          print the version\n"
            "\n"
            "database: DATABASE_URL, else the PG* environment, else an embedded PostgreSQL\n"
            "cluster started from the system's binaries in the data directory.\n");
}

struct db_choice {
        struct embedded_pg epg;
        const char *conninfo;
};

static int choose_database(struct db_choice *d, const char *data_dir)
{
        const char *url = getenv("DATABASE_URL");
        char dir[PATH_MAX];

        memset(d, 0, sizeof(*d));
        if (url && url[0]) {
                d->conninfo = url;
                return 0;
        }
        if (getenv("PGHOST") || getenv("PGDATABASE") || getenv("PGSERVICE")) {
                d->conninfo = "";
                return 0;
        }
        if (data_dir == NULL || data_dir[0] == '\0') {
                if (embedded_pg_default_dir(dir, sizeof(dir)) != 0) {
                        log_error("no data directory: set --data-dir or HOME");
                        return -1;
                }
                data_dir = dir;
        }
        if (embedded_pg_start(&d->epg, data_dir) != 0)
                return -1;
        d->conninfo = d->epg.conninfo;
        return 0;
}

static int env_int(const char *name, int def)
{
        const char *v = getenv(name);

        return v && v[0] ? atoi(v) : def;
}

// Reads a secret from the first line of path (a Docker secret, say).
static int read_secret(const char *path, char *out, size_t len)
{
        FILE *f = fopen(path, "r");

        if (f == NULL) {
                fprintf(stderr, "reinstated: %s: %s\n", path, strerror(errno));
                return -1;
        }
        if (fgets(out, (int)len, f) == NULL)
                out[0] = '\0';
        fclose(f);
        out[strcspn(out, "\r\n")] = '\0';
        return 0;
}

// The request connections' conninfo: REINSTATE_APP_DATABASE_URL, else the
// owner's with user=reinstate_app (the same host or socket: what the
// embedded cluster and a local superuser setup need); with the password
// from REINSTATE_APP_DB_PASSWORD_FILE when set. Returns a malloc'd string,
// or NULL after logging why.
static char *app_database(const char *owner)
{
        const char *url = getenv("REINSTATE_APP_DATABASE_URL");
        const char *pwfile = getenv("REINSTATE_APP_DB_PASSWORD_FILE");
        char pw[1024] = "";
        char *out;

        if (pwfile && pwfile[0] && read_secret(pwfile, pw, sizeof(pw)) != 0)
                return NULL;
        out = url && url[0] ? db_conninfo_as(url, NULL, pw[0] ? pw : NULL)
                            : db_conninfo_as(owner, DB_APP_ROLE, pw[0] ? pw : NULL);
        sodium_memzero(pw, sizeof(pw));
        if (out == NULL)
                log_error("REINSTATE_APP_DATABASE_URL / DATABASE_URL: cannot parse the conninfo");
        return out;
}

static int cmd_serve(int argc, char **argv)
{
        static const struct option longopts[] = {
            {"listen", required_argument, NULL, 'l'},
            {"tls-cert", required_argument, NULL, 'c'},
            {"tls-key", required_argument, NULL, 'k'},
            {"data-dir", required_argument, NULL, 'd'},
            {"workers", required_argument, NULL, 'w'},
            {"contexts", required_argument, NULL, 'x'},
            {"session-ttl", required_argument, NULL, 's'},
            {"login-max-failures", required_argument, NULL, 'f'},
            {"login-lockout", required_argument, NULL, 'o'},
            {"drain-timeout", required_argument, NULL, 't'},
            {"smtp-url", required_argument, NULL, 'S'},
            {"smtp-password-file", required_argument, NULL, 'P'},
            {"smtp-ca-file", required_argument, NULL, 'A'},
            {"mail-from", required_argument, NULL, 'F'},
            {"public-url", required_argument, NULL, 'U'},
            {"agency-name", required_argument, NULL, 'N'},
            {"http-listen", required_argument, NULL, 'H'},
            {"metrics-listen", required_argument, NULL, 'M'},
            {"http-max-connections", required_argument, NULL, 'C'},
            {"http-timeout", required_argument, NULL, 'T'},
            {"max-connections", required_argument, NULL, 'm'},
            {"max-connections-per-address", required_argument, NULL, 'a'},
            {"idle-timeout", required_argument, NULL, 'i'},
            {"help", no_argument, NULL, 'h'},
            {"version", no_argument, NULL, 'V'},
            {NULL, 0, NULL, 0},
        };
        struct server_opts o = {0};
        struct auth_config ac = {0};
        const char *data_dir = getenv("REINSTATE_DATA_DIR");
        struct db_choice db;
        struct server *srv = NULL;
        struct mailer *mailer = NULL;
        struct mailer_opts mo = {0};
        struct http_door_opts ho = {0};
        struct http_door *door = NULL;
        const char *smtp_password_file = getenv("REINSTATE_SMTP_PASSWORD_FILE");
        char smtp_password[512] = "", inproc[64], *app_conninfo = NULL;
        sigset_t set;
        int opt, sig, rv = 1, migrated;

        o.tls_cert = getenv("REINSTATE_TLS_CERT");
        o.tls_key = getenv("REINSTATE_TLS_KEY");
        o.workers = env_int("REINSTATE_WORKERS", 8);
        o.drain_ms = 30000;
        o.fault_delay_ms = (uint32_t)env_int("REINSTATE_FAULT_DELAY_MS", 0);
        o.contexts = env_int("REINSTATE_CONTEXTS", 8);
        o.quick = env_int("REINSTATE_QUICK_CONNS", -1);
        o.max_connections = (unsigned)env_int("REINSTATE_MAX_CONNECTIONS", 0);
        o.max_per_address = (unsigned)env_int("REINSTATE_MAX_CONNECTIONS_PER_ADDRESS", 0);
        o.idle_timeout_ms =
            (uint32_t)env_int("REINSTATE_IDLE_TIMEOUT", SERVER_DEFAULT_IDLE_TIMEOUT_S) * 1000u;
        ac.session_ttl_s = env_int("REINSTATE_SESSION_TTL", 0);
        ac.max_failures = env_int("REINSTATE_LOGIN_MAX_FAILURES", 0);
        ac.lockout_s = env_int("REINSTATE_LOGIN_LOCKOUT", 0);
        mo.smtp_url = getenv("REINSTATE_SMTP_URL");
        mo.mail_from = getenv("REINSTATE_MAIL_FROM");
        mo.public_url = getenv("REINSTATE_PUBLIC_URL");
        mo.agency_name = getenv("REINSTATE_AGENCY_NAME");
        ho.listen = getenv("REINSTATE_HTTP_LISTEN");
        ho.metrics_listen = getenv("REINSTATE_METRICS_LISTEN");
        ho.max_connections = (unsigned)env_int("REINSTATE_HTTP_MAX_CONNECTIONS", 0);
        mo.tick_ms = (uint32_t)env_int("REINSTATE_MAIL_TICK_MS", 0);
        mo.retry_base_ms = (uint32_t)env_int("REINSTATE_MAIL_RETRY_MS", 0);
        mo.janitor_ms = (uint32_t)env_int("REINSTATE_JANITOR_EVERY_MS", 0);
        o.guess_log_ms = (uint32_t)env_int("REINSTATE_GUESS_LOG_EVERY_MS", 0);
        while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
                switch (opt) {
                case 'l':
                        if (o.n_listen == SERVER_MAX_LISTEN) {
                                fprintf(stderr, "reinstated: at most %d --listen\n",
                                        SERVER_MAX_LISTEN);
                                return 2;
                        }
                        o.listen[o.n_listen++] = optarg;
                        break;
                case 'c':
                        o.tls_cert = optarg;
                        break;
                case 'k':
                        o.tls_key = optarg;
                        break;
                case 'd':
                        data_dir = optarg;
                        break;
                case 'w':
                        o.workers = atoi(optarg);
                        if (o.workers < 1 || o.workers > 256) {
                                fprintf(stderr, "reinstated: --workers must be 1-256\n");
                                return 2;
                        }
                        break;
                case 't':
                        o.drain_ms = (uint32_t)atoi(optarg) * 1000u;
                        break;
                case 'x':
                        o.contexts = atoi(optarg);
                        if (o.contexts < 1 || o.contexts > 64) {
                                fprintf(stderr, "reinstated: --contexts must be 1-64\n");
                                return 2;
                        }
                        break;
                case 's':
                        ac.session_ttl_s = atoi(optarg);
                        break;
                case 'S':
                        mo.smtp_url = optarg;
                        break;
                case 'P':
                        smtp_password_file = optarg;
                        break;
                case 'A':
                        mo.smtp_ca_file = optarg;
                        break;
                case 'F':
                        mo.mail_from = optarg;
                        break;
                case 'U':
                        mo.public_url = optarg;
                        break;
                case 'N':
                        mo.agency_name = optarg;
                        break;
                case 'H':
                        ho.listen = optarg;
                        break;
                case 'M':
                        ho.metrics_listen = optarg;
                        break;
                case 'T':
                        ho.timeout_s = (unsigned)atoi(optarg);
                        if (atoi(optarg) < 1 || atoi(optarg) > 3600) {
                                fprintf(stderr, "reinstated: --http-timeout must be 1-3600\n");
                                return 2;
                        }
                        break;
                case 'C':
                        ho.max_connections = (unsigned)atoi(optarg);
                        if (atoi(optarg) < 1 || atoi(optarg) > 100000) {
                                fprintf(stderr,
                                        "reinstated: --http-max-connections must be 1-100000\n");
                                return 2;
                        }
                        break;
                case 'm':
                        o.max_connections = (unsigned)atoi(optarg);
                        if (atoi(optarg) < 1 || atoi(optarg) > 1000000) {
                                fprintf(stderr,
                                        "reinstated: --max-connections must be 1-1000000\n");
                                return 2;
                        }
                        break;
                case 'a':
                        o.max_per_address = (unsigned)atoi(optarg);
                        if (atoi(optarg) < 1 || atoi(optarg) > 1000000) {
                                fprintf(stderr, "reinstated: --max-connections-per-address must "
                                                "be 1-1000000\n");
                                return 2;
                        }
                        break;
                case 'i':
                        o.idle_timeout_ms = (uint32_t)atoi(optarg) * 1000u;
                        if (atoi(optarg) < 1 || atoi(optarg) > 86400) {
                                fprintf(stderr, "reinstated: --idle-timeout must be 1-86400\n");
                                return 2;
                        }
                        break;
                case 'f':
                        ac.max_failures = atoi(optarg);
                        break;
                case 'o':
                        ac.lockout_s = atoi(optarg);
                        break;
                case 'h':
                        usage(stdout);
                        return 0;
                case 'V':
                        printf("reinstated %s\n", REINSTATE_VERSION);
                        return 0;
                default:
                        usage(stderr);
                        return 2;
                }
        }
        auth_configure(&ac);
        if (optind < argc) {
                fprintf(stderr, "reinstated: unexpected argument '%s'\n", argv[optind]);
                usage(stderr);
                return 2;
        }
        if (o.n_listen == 0) {
                const char *env = getenv("REINSTATE_LISTEN");
                o.listen[o.n_listen++] = env && env[0] ? env : RS_DEFAULT_URL;
        }
        if (o.n_listen == SERVER_MAX_LISTEN) {
                fprintf(stderr, "reinstated: at most %d --listen\n", SERVER_MAX_LISTEN - 1);
                return 2;
        }
        if (smtp_password_file && smtp_password_file[0] &&
            read_secret(smtp_password_file, smtp_password, sizeof(smtp_password)) != 0)
                return 2;
        // The mailer composes reminders through this server's own RPCs, on
        // a listener only this process can reach.
        snprintf(inproc, sizeof(inproc), "inproc://reinstated-%ld", (long)getpid());
        o.listen[o.n_listen++] = inproc;
        // Signals are taken synchronously by this thread; every thread
        // started from here on inherits the mask.
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGINT);
        pthread_sigmask(SIG_BLOCK, &set, NULL);
        signal(SIGPIPE, SIG_IGN);

        if (choose_database(&db, data_dir) != 0)
                return 1;
        if ((app_conninfo = app_database(db.conninfo)) == NULL)
                goto out;
        o.conninfo = app_conninfo;
        if (db_login_key_source(db.conninfo) != 0)
                goto out;
        migrated = migrate_run(db.conninfo, NULL);
        if (migrated == MIGRATE_REFUSED) {
                log_error("refusing to start: the database does not match this server");
                goto out;
        }
        if (migrated != 0)
                log_warn("migrations not applied; calls will fail until the database is "
                         "reachable and migrated");
        // The web door's connections share the open-file limit.
        if (ho.listen && ho.listen[0])
                o.other_fds = ho.max_connections ? ho.max_connections : 512;
        if (server_start(&srv, &o) != 0)
                goto out;
        if (embedded_pg_supervise(&db.epg) != 0)
                log_warn("the embedded database is not supervised: a crash of it will need a "
                         "restart of reinstated");
        if (ho.listen && ho.listen[0]) {
                ho.tls_cert = o.tls_cert;
                ho.tls_key = o.tls_key;
                ho.agency_name = mo.agency_name;
                if (http_door_start(&door, srv, &ho) != 0) {
                        server_stop(srv);
                        goto out;
                }
        } else if (ho.metrics_listen && ho.metrics_listen[0]) {
                log_warn("--metrics-listen is ignored without --http-listen");
        }
        mo.conninfo = db.conninfo;
        mo.rpc_url = inproc;
        // Links in mail and feeds point at the web door unless told otherwise.
        if ((mo.public_url == NULL || mo.public_url[0] == '\0') && ho.listen && ho.listen[0])
                mo.public_url = ho.listen;
        mo.smtp_password = smtp_password[0] ? smtp_password : NULL;
        if (mailer_start(&mailer, &mo) != 0)
                log_warn("reminders are off: the mailer did not start");
        log_info("reinstated %s ready", REINSTATE_VERSION);
        while (sigwait(&set, &sig) != 0) {
        }
        log_info("received %s: draining", sig == SIGTERM ? "SIGTERM" : "SIGINT");
        mailer_stop(mailer);
        // The web door answers (UNAVAILABLE, /healthz 503) while the calls
        // in flight finish, then closes before the server goes.
        server_drain(srv);
        http_door_stop(door);
        server_stop(srv);
        sodium_memzero(smtp_password, sizeof(smtp_password));
        rv = 0;
out:
        embedded_pg_stop(&db.epg);
        free(app_conninfo);
        log_info("stopped");
        return rv;
}

static int cmd_migrate(int argc, char **argv)
{
        static const struct option longopts[] = {
            {"data-dir", required_argument, NULL, 'd'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *data_dir = getenv("REINSTATE_DATA_DIR");
        struct db_choice db;
        int opt, applied = 0, rv;

        while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
                if (opt == 'd') {
                        data_dir = optarg;
                } else if (opt == 'h') {
                        printf("usage: reinstated migrate [--data-dir DIR]\n\n"
                               "Applies the schema migrations not yet applied, under an "
                               "advisory lock.\n");
                        return 0;
                } else {
                        return 2;
                }
        }
        if (choose_database(&db, data_dir) != 0)
                return 1;
        rv = migrate_run(db.conninfo, &applied);
        if (rv == 0)
                printf("applied %d migration%s (%zu known)\n", applied, applied == 1 ? "" : "s",
                       migrations_count);
        embedded_pg_stop(&db.epg);
        return rv == 0 ? 0 : 1;
}

static int cmd_admin(int argc, char **argv)
{
        const char *data_dir = getenv("REINSTATE_DATA_DIR");
        struct db_choice db;
        int rv;

        if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
                usage(argc < 2 ? stderr : stdout);
                return argc < 2 ? 2 : 0;
        }
        if (strcmp(argv[1], "create") != 0) {
                fprintf(stderr, "reinstated: unknown admin command '%s'\n", argv[1]);
                return 2;
        }
        for (int i = 2; i + 1 < argc; i++)
                if (strcmp(argv[i], "--data-dir") == 0)
                        data_dir = argv[i + 1];
        if (choose_database(&db, data_dir) != 0)
                return 1;
        rv =
            migrate_run(db.conninfo, NULL) == 0 ? admin_create(db.conninfo, argc - 1, argv + 1) : 1;
        embedded_pg_stop(&db.epg);
        return rv;
}

int main(int argc, char **argv)
{
        log_init("reinstated");
        if (sodium_init() < 0) {
                log_error("libsodium failed to initialise");
                return 1;
        }
        smtp_global_init();
        if (argc > 1 && strcmp(argv[1], "migrate") == 0)
                return cmd_migrate(argc - 1, argv + 1);
        if (argc > 1 && strcmp(argv[1], "admin") == 0)
                return cmd_admin(argc - 1, argv + 1);
        if (argc > 1 && strcmp(argv[1], "serve") == 0)
                return cmd_serve(argc - 1, argv + 1);
        return cmd_serve(argc, argv);
}
