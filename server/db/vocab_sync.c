// Vocabulary and settings tables against the code's declarations; see
// vocab_sync.h. One statement per word: the lists are a few dozen words.
#include "vocab_sync.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "migrate.h"
#include "settings.h"
#include "vocab.h"
#include "banned.h"

// The vocabularies the database stores, and their tables (schema/006).
static const struct {
        enum vocab voc;
        const char *table;
} stored[] = {
    {VOCAB_STAGE, "vocab_stage"},     {VOCAB_OPENING, "vocab_opening"},
    {VOCAB_CHANNEL, "vocab_channel"}, {VOCAB_CONTACT_ROLE, "vocab_contact_role"},
    {VOCAB_OUTCOME, "vocab_outcome"}, {VOCAB_LOSS_REASON, "vocab_loss_reason"},
};

// Runs sql with params; 0, or -1 after logging.
static int run(PGconn *conn, const char *sql, int n, const char *const *p, PGresult **out)
{
        PGresult *r = PQexecParams(conn, sql, n, NULL, p, NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(r);

        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
                log_error("checking the vocabulary: %s", PQresultErrorMessage(r));
                PQclear(r);
                return -1;
        }
        if (out)
                *out = r;
        else
                PQclear(r);
        return 0;
}

// Words of one table the code does not know: refuse.
static int unknown_words(PGconn *conn, enum vocab voc, const char *table)
{
        char sql[128];
        PGresult *r = NULL;
        int rv = 0;

        snprintf(sql, sizeof(sql), "SELECT word FROM %s ORDER BY position", table);
        if (run(conn, sql, 0, NULL, &r) != 0)
                return -1;
        for (int i = 0; i < PQntuples(r) && rv == 0; i++)
                if (!vocab_parse(voc, PQgetvalue(r, i, 0), NULL)) {
                        log_error("the database knows %s '%s', which this server does not (%s); "
                                  "run the server version that wrote it, or add the word to "
                                  "common/vocab.def",
                                  vocab_kind(voc), PQgetvalue(r, i, 0), table);
                        rv = MIGRATE_REFUSED;
                }
        PQclear(r);
        return rv;
}

static int sync_words(PGconn *conn, enum vocab voc, const char *table)
{
        char sql[256], pos[16];
        int rv;

        if ((rv = unknown_words(conn, voc, table)) != 0)
                return rv;
        for (int i = 0; i < vocab_count(voc); i++) {
                const char *p[3] = {vocab_name(voc, i), pos,
                                    vocab_stage_closed(i) ? "true" : "false"};
                snprintf(pos, sizeof(pos), "%d", i);
                if (voc == VOCAB_STAGE)
                        snprintf(sql, sizeof(sql),
                                 "INSERT INTO %s (word, position, closed) VALUES ($1, $2, $3) "
                                 "ON CONFLICT (word) DO UPDATE SET position = EXCLUDED.position, "
                                 "closed = EXCLUDED.closed",
                                 table);
                else
                        snprintf(sql, sizeof(sql),
                                 "INSERT INTO %s (word, position) VALUES ($1, $2) "
                                 "ON CONFLICT (word) DO UPDATE SET position = EXCLUDED.position",
                                 table);
                if (run(conn, sql, voc == VOCAB_STAGE ? 3 : 2, p, NULL) != 0)
                        return -1;
        }
        return 0;
}

// Keys of one table the code does not declare: refuse.
static int unknown_keys(PGconn *conn, const char *sql, const char *what)
{
        PGresult *r = NULL;
        int rv = 0;

        if (run(conn, sql, 0, NULL, &r) != 0)
                return -1;
        for (int i = 0; i < PQntuples(r) && rv == 0; i++)
                if (settings_find(PQgetvalue(r, i, 0)) == NULL) {
                        log_error("the database has %s '%s', which this server does not "
                                  "know (server/domain/settings.def)",
                                  what, PQgetvalue(r, i, 0));
                        rv = MIGRATE_REFUSED;
                }
        PQclear(r);
        return rv;
}

// The vocab_setting lookup table (schema/087) from settings.def, then a row
// with its default for each numeric setting the table lacks.
static int sync_settings(PGconn *conn)
{
        int rv;

        if ((rv = unknown_keys(conn, "SELECT key FROM settings ORDER BY key", "setting")) != 0 ||
            (rv = unknown_keys(conn, "SELECT key FROM vocab_setting ORDER BY key",
                               "setting key")) != 0)
                return rv;
        for (size_t i = 0; i < settings_count && rv == 0; i++) {
                const struct setting_def *d = &settings_defs[i];
                char pos[16], min[16], max[16];
                int text = settings_is_text(d);
                const char *p[5] = {d->key, pos, settings_kind_name(d->kind), text ? NULL : min,
                                    text ? NULL : max};
                snprintf(pos, sizeof(pos), "%d", (int)i);
                snprintf(min, sizeof(min), "%d", (int)d->min);
                snprintf(max, sizeof(max), "%d", (int)d->max);
                if (run(conn,
                        "INSERT INTO vocab_setting (key, position, kind, min_value, max_value) "
                        "VALUES ($1, $2::int, $3, $4::int, $5::int) ON CONFLICT (key) DO UPDATE "
                        "SET position = EXCLUDED.position, kind = EXCLUDED.kind, "
                        "min_value = EXCLUDED.min_value, max_value = EXCLUDED.max_value",
                        5, p, NULL) != 0)
                        rv = -1;
        }
        for (size_t i = 0; i < settings_count && rv == 0; i++) {
                char def[16];
                if (settings_is_text(&settings_defs[i]))
                        continue; // text settings come with their migration's row
                const char *p[2] = {settings_defs[i].key, def};
                snprintf(def, sizeof(def), "%d", (int)settings_defs[i].def);
                if (run(conn,
                        "INSERT INTO settings (key, value) VALUES ($1, $2::int) "
                        "ON CONFLICT (key) DO NOTHING",
                        2, p, NULL) != 0)
                        rv = -1;
        }
        return rv;
}

int vocab_sync(PGconn *conn)
{
        int rv = 0;

        if (run(conn, "BEGIN", 0, NULL, NULL) != 0)
                return -1;
        for (size_t i = 0; i < sizeof(stored) / sizeof(stored[0]) && rv == 0; i++)
                rv = sync_words(conn, stored[i].voc, stored[i].table);
        if (rv == 0)
                rv = sync_settings(conn);
        if (rv == 0 && run(conn, "COMMIT", 0, NULL, NULL) != 0)
                rv = -1;
        if (rv != 0) {
                PGresult *r = PQexec(conn, "ROLLBACK");
                PQclear(r);
        }
        return rv;
}
