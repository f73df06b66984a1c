// A private PostgreSQL cluster managed as a child process.
//
// Layout under the data directory: pg/ (the cluster), run/ (the unix socket,
// mode 0700), postgres.log. PostgreSQL listens on no TCP address at all.
// The postmaster gets SIGINT (fast shutdown) when the server stops, and also
// when the server dies unexpectedly (PR_SET_PDEATHSIG), so no orphan is left.
#include "embedded_pg.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libpq-fe.h>

#include "log.h"
#include "banned.h"

#define EPG_PORT "5432"

int embedded_pg_default_dir(char *out, size_t len)
{
        const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

        if (geteuid() == 0)
                snprintf(out, len, "/var/lib/reinstate");
        else if (xdg && xdg[0] == '/')
                snprintf(out, len, "%s/reinstate", xdg);
        else if (home && home[0])
                snprintf(out, len, "%s/.local/share/reinstate", home);
        else
                return -1;
        return 0;
}

static int mkdirs(const char *path, mode_t mode)
{
        char tmp[PATH_MAX];
        size_t n = strlen(path);

        if (n == 0 || n >= sizeof(tmp))
                return -1;
        memcpy(tmp, path, n + 1);
        for (char *p = tmp + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
                        return -1;
                *p = '/';
        }
        if (mkdir(tmp, mode) != 0 && errno != EEXIST)
                return -1;
        return 0;
}

static int find_bindir(char *out, size_t len)
{
        static const char *const versions[] = {"17", "16", "15", "14", "13"};
        const char *env = getenv("REINSTATE_PG_BINDIR");
        char path[PATH_MAX];

        if (env && env[0]) {
                snprintf(out, len, "%s", env);
                return 0;
        }
        for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
                snprintf(path, sizeof(path), "/usr/lib/postgresql/%s/bin/initdb", versions[i]);
                if (access(path, X_OK) == 0) {
                        snprintf(out, len, "/usr/lib/postgresql/%s/bin", versions[i]);
                        return 0;
                }
        }
        return -1;
}

// The account PostgreSQL runs as when we are root.
static int run_user(uid_t *uid, gid_t *gid, const char **name)
{
        const char *want = getenv("REINSTATE_PG_USER");
        struct passwd *pw = getpwnam(want && want[0] ? want : "postgres");

        if (pw == NULL && (want == NULL || want[0] == '\0'))
                pw = getpwnam("nobody");
        if (pw == NULL || pw->pw_uid == 0)
                return -1;
        *uid = pw->pw_uid;
        *gid = pw->pw_gid;
        *name = pw->pw_name;
        return 0;
}

// Runs argv in a child with stdout/stderr appended to log; as uid/gid when
// root. With wait set, returns the exit status; else the pid.
static pid_t spawn(char *const argv[], const char *log, int drop, uid_t uid, gid_t gid, int wait)
{
        pid_t pid = fork();
        int st;

        if (pid < 0)
                return -1;
        if (pid == 0) {
                int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
                if (drop && (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0))
                        _exit(126);
                // Set after the uid change, which clears it.
                if (!wait)
                        prctl(PR_SET_PDEATHSIG, SIGINT);
                if (fd >= 0) {
                        dup2(fd, STDOUT_FILENO);
                        dup2(fd, STDERR_FILENO);
                        close(fd);
                }
                fd = open("/dev/null", O_RDONLY);
                if (fd >= 0) {
                        dup2(fd, STDIN_FILENO);
                        close(fd);
                }
                unsetenv("PGDATA");
                unsetenv("PGHOST");
                unsetenv("PGPORT");
                execv(argv[0], argv);
                _exit(127);
        }
        if (!wait)
                return pid;
        while (waitpid(pid, &st, 0) < 0)
                if (errno != EINTR)
                        return -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

// Whether uid can reach dir (search permission on every parent).
static int reachable_by(const char *dir, uid_t uid, gid_t gid)
{
        pid_t pid = fork();
        int st;

        if (pid == 0) {
                if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
                        _exit(2);
                _exit(access(dir, R_OK | W_OK | X_OK) == 0 ? 0 : 1);
        }
        if (pid < 0 || waitpid(pid, &st, 0) < 0)
                return 0;
        return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int create_database(const char *sockdir)
{
        char ci[PATH_MAX + 64];
        PGconn *conn;
        PGresult *r;
        int ok = 0;

        snprintf(ci, sizeof(ci), "host=%s port=" EPG_PORT " dbname=postgres user=reinstate",
                 sockdir);
        conn = PQconnectdb(ci);
        if (PQstatus(conn) != CONNECTION_OK) {
                log_error("embedded database: %s", PQerrorMessage(conn));
                goto out;
        }
        r = PQexec(conn, "SELECT 1 FROM pg_database WHERE datname = 'reinstate'");
        ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        if (ok && PQntuples(r) == 0) {
                PQclear(r);
                r = PQexec(conn, "CREATE DATABASE reinstate");
                ok = PQresultStatus(r) == PGRES_COMMAND_OK;
                if (!ok)
                        log_error("embedded database: %s", PQresultErrorMessage(r));
        }
        PQclear(r);
out:
        PQfinish(conn);
        return ok ? 0 : -1;
}

// Starts the postmaster on pg's cluster; returns its pid or -1.
static pid_t start_postmaster(const struct embedded_pg *pg)
{
        char exe[PATH_MAX + 16], cluster[PATH_MAX + 8], sockdir[PATH_MAX + 8], log[PATH_MAX + 16];
        char *argv[] = {exe, "-D", cluster, "-k", sockdir, "-p", EPG_PORT, "-c",
                        "listen_addresses=", "-c", "unix_socket_permissions=0700",
                        // Bounds the WAL a restart after a crash replays.
                        "-c", "checkpoint_timeout=60s", NULL};

        snprintf(exe, sizeof(exe), "%s/postgres", pg->bindir);
        snprintf(cluster, sizeof(cluster), "%s/pg", pg->data_dir);
        snprintf(sockdir, sizeof(sockdir), "%s/run", pg->data_dir);
        snprintf(log, sizeof(log), "%s/postgres.log", pg->data_dir);
        return spawn(argv, log, pg->drop, pg->uid, pg->gid, 0);
}

// Sleeps ms in short steps; returns early (1) when stopping is asked.
static int nap(struct embedded_pg *pg, int ms)
{
        for (; ms > 0; ms -= 100) {
                if (atomic_load(&pg->stopping))
                        return 1;
                usleep(100 * 1000);
        }
        return atomic_load(&pg->stopping) != 0;
}

static void *supervise_main(void *arg)
{
        struct embedded_pg *pg = arg;
        int backoff = 500, st;

        while (!nap(pg, 500)) {
                pid_t pid, got;

                pthread_mutex_lock(&pg->mtx);
                pid = pg->pid;
                got = pid > 0 ? waitpid(pid, &st, WNOHANG) : 0;
                if (got == pid && pid > 0)
                        pg->pid = 0;
                pthread_mutex_unlock(&pg->mtx);
                if (pid > 0 && got != pid) {
                        backoff = 500;
                        continue;
                }
                if (pid > 0)
                        log_error("the embedded database stopped (%s %d); restarting it",
                                  WIFSIGNALED(st) ? "signal" : "exit status",
                                  WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
                // Its old backends may hold the shared memory a moment more:
                // a start that fails is retried with backoff.
                pthread_mutex_lock(&pg->mtx);
                if (!atomic_load(&pg->stopping))
                        pg->pid = start_postmaster(pg);
                if (pg->pid < 0)
                        pg->pid = 0;
                pid = pg->pid;
                pthread_mutex_unlock(&pg->mtx);
                if (pid > 0) {
                        // Started; if it exits at once (shared memory still in
                        // use), the next pass sees it and waits longer.
                        if (nap(pg, backoff))
                                break;
                        pthread_mutex_lock(&pg->mtx);
                        got = waitpid(pid, &st, WNOHANG);
                        if (got == pid)
                                pg->pid = 0;
                        pthread_mutex_unlock(&pg->mtx);
                        if (got != pid) {
                                atomic_fetch_add(&pg->restarts, 1);
                                log_info("embedded database restarted (pid %d)", (int)pid);
                                backoff = 500;
                                continue;
                        }
                        log_warn("the embedded database did not stay up; retrying in %d ms",
                                 backoff);
                } else {
                        log_warn("cannot start the embedded database: %s; retrying in %d ms",
                                 strerror(errno), backoff);
                }
                if (nap(pg, backoff))
                        break;
                if (backoff < EMBEDDED_PG_BACKOFF_MAX_MS)
                        backoff *= 2;
        }
        return NULL;
}

int embedded_pg_supervise(struct embedded_pg *pg)
{
        PGconn *conn;

        if (pg->pid <= 0 || pg->supervised)
                return 0;
        // The migrations just wrote most of what a crash recovery would
        // replay: a checkpoint now keeps the first restart short.
        conn = PQconnectdb(pg->conninfo);
        if (PQstatus(conn) == CONNECTION_OK)
                PQclear(PQexec(conn, "CHECKPOINT"));
        PQfinish(conn);
        atomic_store(&pg->stopping, 0);
        if (pthread_create(&pg->supervisor, NULL, supervise_main, pg) != 0)
                return -1;
        pg->supervised = 1;
        return 0;
}

int embedded_pg_start(struct embedded_pg *pg, const char *data_dir)
{
        char bindir[PATH_MAX], cluster[PATH_MAX], sockdir[PATH_MAX], log[PATH_MAX],
            version[PATH_MAX + 16], exe[PATH_MAX + 16], ci[PATH_MAX + 64];
        int drop = geteuid() == 0, st;
        uid_t uid = 0;
        gid_t gid = 0;
        const char *uname = "";

        memset(pg, 0, sizeof(*pg));
        pthread_mutex_init(&pg->mtx, NULL);
        snprintf(pg->data_dir, sizeof(pg->data_dir), "%s", data_dir);
        snprintf(cluster, sizeof(cluster), "%s/pg", data_dir);
        snprintf(sockdir, sizeof(sockdir), "%s/run", data_dir);
        snprintf(log, sizeof(log), "%s/postgres.log", data_dir);
        snprintf(version, sizeof(version), "%s/PG_VERSION", cluster);
        if (strlen(sockdir) > 90) {
                log_error("data directory path '%s' is too long for a unix socket", data_dir);
                return -1;
        }
        if (find_bindir(bindir, sizeof(bindir)) != 0) {
                log_error("no PostgreSQL server binaries found (install postgresql, or set "
                          "REINSTATE_PG_BINDIR, or set DATABASE_URL)");
                return -1;
        }
        if (drop && run_user(&uid, &gid, &uname) != 0) {
                log_error("running as root: PostgreSQL needs an unprivileged user; none found "
                          "(set REINSTATE_PG_USER)");
                return -1;
        }
        snprintf(pg->bindir, sizeof(pg->bindir), "%s", bindir);
        pg->drop = drop;
        pg->uid = uid;
        pg->gid = gid;
        if (mkdirs(data_dir, 0700) != 0 || mkdirs(cluster, 0700) != 0 ||
            mkdirs(sockdir, 0700) != 0) {
                log_error("cannot create data directory '%s': %s", data_dir, strerror(errno));
                return -1;
        }
        if (drop) {
                if (chown(data_dir, uid, gid) != 0 || chown(cluster, uid, gid) != 0 ||
                    chown(sockdir, uid, gid) != 0) {
                        log_error("cannot hand '%s' to user %s: %s", data_dir, uname,
                                  strerror(errno));
                        return -1;
                }
                if (!reachable_by(cluster, uid, gid)) {
                        log_error("user %s cannot reach '%s' (a parent directory is closed to "
                                  "it); choose a --data-dir it can reach",
                                  uname, cluster);
                        return -1;
                }
        }
        // The cluster may already run for a server using this directory
        // (`reinstated admin create` beside a running server): use it, and
        // leave it running.
        snprintf(ci, sizeof(ci), "host=%s port=" EPG_PORT " dbname=postgres user=reinstate",
                 sockdir);
        if (access(version, F_OK) == 0 && PQping(ci) == PQPING_OK) {
                snprintf(pg->conninfo, sizeof(pg->conninfo),
                         "host=%s port=" EPG_PORT " dbname=reinstate user=reinstate", sockdir);
                log_info("using the embedded database already running in %s", sockdir);
                return 0;
        }
        if (access(version, F_OK) != 0) {
                // C.UTF-8, not the host's locale: the same ordering and
                // character classes on every machine, including a
                // container with no locale set (which would give "C").
                char *argv[] = {exe,
                                "-D",
                                cluster,
                                "-U",
                                "reinstate",
                                "--auth=trust",
                                "-E",
                                "UTF8",
                                "--locale=C.UTF-8",
                                "--no-instructions",
                                NULL};
                snprintf(exe, sizeof(exe), "%s/initdb", bindir);
                log_info("initialising the embedded database in %s", cluster);
                st = spawn(argv, log, drop, uid, gid, 1);
                if (st != 0) {
                        log_error("initdb failed (exit %d); see %s", st, log);
                        return -1;
                }
        }
        pg->pid = start_postmaster(pg);
        if (pg->pid <= 0) {
                log_error("cannot start postgres: %s", strerror(errno));
                pg->pid = 0;
                return -1;
        }
        for (int i = 0;; i++) {
                if (PQping(ci) == PQPING_OK)
                        break;
                if (waitpid(pg->pid, &st, WNOHANG) == pg->pid) {
                        log_error("postgres exited during start-up; see %s", log);
                        pg->pid = 0;
                        return -1;
                }
                if (i > 600) {
                        log_error("postgres did not become ready in 60 s; see %s", log);
                        embedded_pg_stop(pg);
                        return -1;
                }
                usleep(100 * 1000);
        }
        if (create_database(sockdir) != 0) {
                embedded_pg_stop(pg);
                return -1;
        }
        snprintf(pg->conninfo, sizeof(pg->conninfo),
                 "host=%s port=" EPG_PORT " dbname=reinstate user=reinstate", sockdir);
        log_info("embedded database ready (socket in %s)", sockdir);
        return 0;
}

void embedded_pg_stop(struct embedded_pg *pg)
{
        int st;

        if (pg->supervised) {
                atomic_store(&pg->stopping, 1);
                pthread_join(pg->supervisor, NULL);
                pg->supervised = 0;
        }
        if (pg->pid <= 0)
                return;
        kill(pg->pid, SIGINT);
        for (int i = 0; i < 300; i++) {
                if (waitpid(pg->pid, &st, WNOHANG) == pg->pid) {
                        pg->pid = 0;
                        log_info("embedded database stopped");
                        return;
                }
                usleep(100 * 1000);
        }
        kill(pg->pid, SIGQUIT);
        waitpid(pg->pid, &st, 0);
        pg->pid = 0;
}
