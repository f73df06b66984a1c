// Schema migrations: the numbered files of schema/, compiled into the
// binary, applied in order under an advisory lock and recorded in
// schema_migrations, so several servers starting at once apply each once.
#ifndef RS_MIGRATE_H
#define RS_MIGRATE_H

#include <stddef.h>

struct migration {
        const char *name; // file name, e.g. "001_foundation.sql"; sorts in order
        const char *sql;  // the whole file
};

// Generated from schema/*.sql at build time, sorted by name.
extern const struct migration migrations[];
extern const size_t migrations_count;

// Applies every migration not yet recorded, each in its own transaction,
// holding an advisory lock. Returns 0, or -1 after logging the failure.
// *applied (may be NULL) receives how many were applied now.
int migrate_run(const char *conninfo, int *applied);

#endif
