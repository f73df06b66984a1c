// The embedded default database: with no database configured, the server
// runs a private PostgreSQL cluster of its own from the system's binaries,
// initialised into its data directory, reachable only on a unix socket there,
// and stopped when the server exits. When run as root (containers, CI),
// PostgreSQL runs as an unprivileged user, since it refuses to run as root.
#ifndef RS_EMBEDDED_PG_H
#define RS_EMBEDDED_PG_H

#include <limits.h>
#include <sys/types.h>

struct embedded_pg {
        pid_t pid;                     // the postmaster, 0 when not running
        char data_dir[PATH_MAX];       // the server's data directory
        char conninfo[PATH_MAX + 128]; // libpq conninfo of the cluster
};

// The default data directory: $XDG_DATA_HOME/reinstate (or
// ~/.local/share/reinstate); /var/lib/reinstate when run as root. Writes into
// out; returns 0, or -1 when no home directory is known.
int embedded_pg_default_dir(char *out, size_t len);

// Initialises the cluster on first use (initdb), starts it, waits until it
// accepts connections and creates the "reinstate" database. Returns 0, or -1
// after logging why (the tail of the PostgreSQL log is in DIR/postgres.log).
int embedded_pg_start(struct embedded_pg *pg, const char *data_dir);

// Stops the cluster (fast shutdown) and waits for it. Safe when not started.
void embedded_pg_stop(struct embedded_pg *pg);

#endif
