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

// migrate_run's answer when the database must not be served: an applied
// migration changed since it was applied, or the database holds a word or
// setting this server does not know.
#define MIGRATE_REFUSED (-2)

// Applies every migration not yet recorded, each in its own transaction,
// holding an advisory lock, recording each file's SHA-256; then brings the
// vocabulary and settings tables in line with the code (vocab_sync.h).
// Returns 0; MIGRATE_REFUSED when a recorded migration's checksum differs
// from the file's (a changed migration is never applied again: add a new
// one) or vocab_sync refused; -1 after logging any other failure. *applied
// (may be NULL) receives how many were applied now. With REINSTATE_SCHEMA_DIR
// set in the environment, the migrations are that directory's *.sql files
// instead of the embedded ones (tests).
int migrate_run(const char *conninfo, int *applied);

#endif
