// The embedded default database: with no database configured, the server
// runs a private PostgreSQL cluster of its own from the system's binaries,
// initialised into its data directory, reachable only on a unix socket there,
// and stopped when the server exits. When run as root (containers, CI),
// PostgreSQL runs as an unprivileged user, since it refuses to run as root.
#ifndef RS_EMBEDDED_PG_H
#define RS_EMBEDDED_PG_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>

struct embedded_pg {
        pid_t pid;                     // the postmaster, 0 when not running
        char data_dir[PATH_MAX];       // the server's data directory
        char conninfo[PATH_MAX + 128]; // libpq conninfo of the cluster
        char bindir[PATH_MAX];         // PostgreSQL's binaries
        int drop;                      // run the postmaster as uid/gid (we are root)
        uid_t uid;
        gid_t gid;
        pthread_t supervisor; // restarts the postmaster when it dies
        int supervised;       // the supervisor thread runs
        atomic_int stopping;  // asks the supervisor to end
        pthread_mutex_t mtx;  // pid, between the supervisor and embedded_pg_stop
        atomic_int restarts;  // how many times the supervisor restarted it
};

// Backoff of the supervisor between failed restarts: 0.5 s doubling to this.
#define EMBEDDED_PG_BACKOFF_MAX_MS 8000

// The default data directory: $XDG_DATA_HOME/reinstate (or
// ~/.local/share/reinstate); /var/lib/reinstate when run as root. Writes into
// out; returns 0, or -1 when no home directory is known.
int embedded_pg_default_dir(char *out, size_t len);

// Initialises the cluster on first use (initdb), starts it, waits until it
// accepts connections and creates the "reinstate" database. Returns 0, or -1
// after logging why (the tail of the PostgreSQL log is in DIR/postgres.log).
int embedded_pg_start(struct embedded_pg *pg, const char *data_dir);

// Watches the postmaster started by embedded_pg_start: when it dies (crash,
// kill -9, out-of-memory killer), starts it again on the same data
// directory, logging each death and restart, retrying with backoff (0.5 s
// doubling to EMBEDDED_PG_BACKOFF_MAX_MS) while it fails. Workers reconnect
// on their own once it accepts connections. A no-op for a cluster this
// process did not start. Returns 0, or -1 when the thread cannot start.
int embedded_pg_supervise(struct embedded_pg *pg);

// Stops the supervisor (if any), then the cluster (fast shutdown), and waits
// for it. Safe when not started.
void embedded_pg_stop(struct embedded_pg *pg);

#endif
