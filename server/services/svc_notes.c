// reinstate.v1.Notes: a coach's own remarks on a case. Notes are never part
// of anything a job seeker sees. A note can be corrected or deleted; the
// audit log keeps the text either replaced, and a deleted note's row stays
// (schema/043) but is listed nowhere.
#include <stdio.h>
#include <string.h>

#include "case_store.h"
#include "db.h"
#include "paging.h"
#include "query.h"
#include "services.h"
#include "validate.h"
#include "reinstate/v1/notes.pb-c.h"
#include "banned.h"

#define NOTE_COLUMNS                                                                               \
        "n.id, n.case_id, n.body, n.author_id, rs_ts(n.created_at), n.version, "                   \
        "rs_ts(n.edited_at), rs_ts(n.deleted_at)"

static void note_from_row(struct rpc_call *c, const PGresult *r, int row, Reinstate__V1__Note *n)
{
        reinstate__v1__note__init(n);
        n->id = db_int64(r, row, 0);
        n->case_id = db_int64(r, row, 1);
        n->text = rpc_strdup(c, db_text(r, row, 2));
        n->author_id = db_int64(r, row, 3);
        n->created_at = rpc_strdup(c, db_text(r, row, 4));
        n->etag = (char *)etag_of(c, db_int64(r, row, 5));
        n->edited_at = rpc_strdup(c, db_text(r, row, 6));
        n->deleted_at = rpc_strdup(c, db_text(r, row, 7));
}

static int notes_create(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__CreateNoteRequest *req = (const void *)in;
        const Reinstate__V1__Note *n = req->note;
        Reinstate__V1__Case *k = NULL;
        const char *p[3];
        PGresult *r = NULL;
        int code;

        if (n == NULL)
                return rpc_violation(c, "note", "is required");
        validate_id(c, "case_id", n->case_id);
        validate_text(c, "text", n->text, 1, LIMIT_NOTE);
        if ((code = validate_status(c)) != RS_OK)
                return code;
        if ((code = case_load(c, n->case_id, 0, &k)) != RS_OK)
                return code;
        p[0] = query_int(c, k->id);
        p[1] = query_int(c, k->coach_id);
        p[2] = n->text;
        code = db_exec(c, &r,
                       "WITH n AS (INSERT INTO notes (case_id, coach_id, author_id, body) VALUES "
                       "($1, $2, rs_actor(), $3) RETURNING *) SELECT " NOTE_COLUMNS " FROM n",
                       3, p);
        if (code != RS_OK)
                return code;
        note_from_row(c, r, 0, (void *)out);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)k->id), "note %lld added",
                  (long long)((Reinstate__V1__Note *)out)->id);
        return RS_OK;
}

static int notes_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListNotesRequest *req = (const void *)in;
        Reinstate__V1__ListNotesResponse *resp = (void *)out;
        Reinstate__V1__Case *k = NULL;
        const char *fp =
            rpc_printf(c, "notes|%lld|%lld", (long long)req->case_id, (long long)c->actor_id);
        struct query q;
        struct page pg;
        PGresult *r = NULL;
        int code, n;

        if (validate_id(c, "case_id", req->case_id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if ((code = paging_begin(c, req->page_size, req->page_token, fp, &pg)) != RS_OK)
                return code;
        if ((code = case_load(c, req->case_id, 0, &k)) != RS_OK)
                return code;
        query_init(&q, c, "SELECT " NOTE_COLUMNS " FROM notes n WHERE ");
        query_add(&q, "n.case_id = $$::bigint AND n.deleted_at IS NULL",
                  query_int(c, req->case_id));
        if (c->actor_role != RPC_ROLE_ADMIN)
                query_add(&q, " AND n.coach_id = $$::bigint", scope_actor(c));
        if (pg.has_cursor)
                query_add(&q, " AND n.id > $$::bigint", query_int(c, pg.id));
        query_add(&q, " ORDER BY n.id LIMIT $$", query_int(c, pg.size + 1));
        code = query_exec(&q, &r);
        query_fini(&q);
        if (code != RS_OK)
                return code;
        n = PQntuples(r);
        resp->n_notes = (size_t)(n > pg.size ? pg.size : n);
        resp->notes = rpc_alloc(c, (resp->n_notes + 1) * sizeof(*resp->notes));
        for (size_t i = 0; i < resp->n_notes; i++) {
                resp->notes[i] = rpc_alloc(c, sizeof(**resp->notes));
                note_from_row(c, r, (int)i, resp->notes[i]);
        }
        if (n > pg.size)
                resp->next_page_token = paging_token(c, fp, "", resp->notes[resp->n_notes - 1]->id);
        PQclear(r);
        return RS_OK;
}

// Loads note id for a change, locked: the caller's own (or any, for an
// admin), not deleted, at etag when one is given. *n is call memory.
static int note_lock(struct rpc_call *c, int64_t id, const char *etag, Reinstate__V1__Note *n)
{
        PGresult *r = NULL;
        int code = query_owned_row(c, &r,
                                   "SELECT " NOTE_COLUMNS " FROM notes n WHERE n.id = $1 AND "
                                   "($2::boolean OR n.coach_id = $3::bigint) FOR UPDATE",
                                   "note", id);

        if (code != RS_OK)
                return code;
        note_from_row(c, r, 0, n);
        PQclear(r);
        if (n->deleted_at[0] != '\0')
                return rpc_fail(c, RS_FAILED_PRECONDITION, "note '%lld' was deleted on %s",
                                (long long)id, n->deleted_at);
        return etag_check(c, "note", n->id, n->etag, etag);
}

static int notes_update(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__UpdateNoteRequest *req = (const void *)in;
        Reinstate__V1__Note *n = (void *)out, old;
        const char *p[2];
        PGresult *r = NULL;
        int code;

        validate_id(c, "id", req->id);
        validate_text(c, "text", req->text, 1, LIMIT_NOTE);
        if ((code = validate_status(c)) != RS_OK)
                return code;
        if ((code = note_lock(c, req->id, req->etag, &old)) != RS_OK)
                return code;
        p[0] = query_int(c, req->id);
        p[1] = req->text;
        code = db_exec(c, &r,
                       "WITH n AS (UPDATE notes SET body = $2, version = version + 1, edited_at = "
                       "now() WHERE id = $1 RETURNING *) SELECT " NOTE_COLUMNS " FROM n",
                       2, p);
        if (code != RS_OK)
                return code;
        note_from_row(c, r, 0, n);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)n->case_id),
                  "note %lld edited; it read: %s", (long long)n->id, old.text);
        return RS_OK;
}

static int notes_delete(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__DeleteNoteRequest *req = (const void *)in;
        Reinstate__V1__Note *n = (void *)out;
        const char *p[1];
        PGresult *r = NULL;
        int code;

        if (validate_id(c, "id", req->id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if ((code = note_lock(c, req->id, req->etag, n)) != RS_OK)
                return code;
        p[0] = query_int(c, req->id);
        code = db_exec(c, &r,
                       "WITH n AS (UPDATE notes SET deleted_at = now(), deleted_by = rs_actor(), "
                       "version = version + 1 WHERE id = $1 RETURNING *) SELECT " NOTE_COLUMNS
                       " FROM n",
                       1, p);
        if (code != RS_OK)
                return code;
        note_from_row(c, r, 0, n);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)n->case_id),
                  "note %lld deleted; it read: %s", (long long)n->id, n->text);
        return RS_OK;
}

static const struct rpc_method notes_methods[] = {
    {"CreateNote", notes_create, RPC_AUTH | RPC_MUTATES},
    {"ListNotes", notes_list, RPC_AUTH},
    {"UpdateNote", notes_update, RPC_AUTH | RPC_MUTATES},
    {"DeleteNote", notes_delete, RPC_AUTH | RPC_MUTATES},
};

const struct rpc_service svc_notes = RPC_SERVICE(reinstate__v1__notes__descriptor, notes_methods);
