// The start-up check of the database against what the code declares, like
// rpc_check_registrations() for handlers: the vocabulary's lookup tables
// (schema/006) against common/vocab.def, and the settings' keys, kinds and
// bounds (the vocab_setting lookup table, schema/087) against
// server/domain/settings.def.
#ifndef RS_VOCAB_SYNC_H
#define RS_VOCAB_SYNC_H

#include <libpq-fe.h>

// On conn (the migrating owner's connection, outside a transaction), in
// one transaction: adds the words and settings the code declares and the
// database lacks (settings with their defaults), brings the words'
// positions and closed flags in line, and refuses when the database holds
// a word or a setting key the code does not know (a newer server wrote it,
// or a word was renamed: serving it would show words no code handles).
// Returns 0; MIGRATE_REFUSED (migrate.h) after logging the mismatch; -1
// after logging a database failure.
int vocab_sync(PGconn *conn);

#endif
