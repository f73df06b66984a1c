// reinstate.v1.Tasks: dated to-dos on a case. Listed by due date across all
// of a coach's cases (the daily "what is overdue" view) or for one case. A
// task can be renamed, moved to another day or reopened; the audit log says
// what it was before.
#include <stdio.h>
#include <string.h>

#include "case_store.h"
#include "db.h"
#include "next_step.h"
#include "paging.h"
#include "query.h"
#include "services.h"
#include "validate.h"
#include "reinstate/v1/tasks.pb-c.h"
#include "banned.h"

#define TASK_COLUMNS                                                                               \
        "t.id, t.case_id, t.title, rs_date(t.due_on), t.done, rs_ts(t.done_at), t.coach_id, "      \
        "(SELECT company FROM cases k WHERE k.id = t.case_id), rs_ts(t.created_at), "              \
        "rs_ts(t.updated_at), t.version"

static void task_from_row(struct rpc_call *c, const PGresult *r, int row, Reinstate__V1__Task *t)
{
        int i = 0;

        reinstate__v1__task__init(t);
        t->id = db_int64(r, row, i++);
        t->case_id = db_int64(r, row, i++);
        t->title = rpc_strdup(c, db_text(r, row, i++));
        t->due_on = rpc_strdup(c, db_text(r, row, i++));
        t->done = db_bool(r, row, i++);
        t->done_at = rpc_strdup(c, db_text(r, row, i++));
        t->coach_id = db_int64(r, row, i++);
        t->company = rpc_strdup(c, db_text(r, row, i++));
        t->created_at = rpc_strdup(c, db_text(r, row, i++));
        t->updated_at = rpc_strdup(c, db_text(r, row, i++));
        t->etag = (char *)etag_of(c, db_int64(r, row, i++));
}

static int tasks_create(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__CreateTaskRequest *req = (const void *)in;
        const Reinstate__V1__Task *t = req->task;
        Reinstate__V1__Case *k = NULL;
        const char *p[4];
        PGresult *r = NULL;
        int32_t due;
        int code;

        if (t == NULL)
                return rpc_violation(c, "task", "is required");
        validate_id(c, "case_id", t->case_id);
        validate_line(c, "title", t->title, 1, LIMIT_TITLE);
        validate_date(c, "due_on", t->due_on, 1, &due);
        if ((code = validate_status(c)) != RS_OK)
                return code;
        if ((code = case_load(c, t->case_id, 0, &k)) != RS_OK)
                return code;
        p[0] = query_int(c, k->id);
        p[1] = query_int(c, k->coach_id);
        p[2] = t->title;
        p[3] = t->due_on;
        code = db_exec(c, &r,
                       "WITH t AS (INSERT INTO tasks (case_id, coach_id, title, due_on, "
                       "created_by) VALUES ($1, $2, btrim($3), $4::date, rs_actor()) RETURNING *) "
                       "SELECT " TASK_COLUMNS " FROM t",
                       4, p);
        if (code != RS_OK)
                return code;
        task_from_row(c, r, 0, (void *)out);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)k->id), "task %lld added, due %s",
                  (long long)((Reinstate__V1__Task *)out)->id, t->due_on);
        return RS_OK;
}

static int tasks_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ListTasksRequest *req = (const void *)in;
        Reinstate__V1__ListTasksResponse *resp = (void *)out;
        Reinstate__V1__Case *k = NULL;
        const char *fp;
        struct query q;
        struct page pg;
        PGresult *r = NULL;
        int32_t today;
        int code, n;

        if (validate_date(c, "today", req->today, 0, &today) != RS_OK)
                return RS_INVALID_ARGUMENT;
        fp = rpc_printf(c, "tasks|%lld|%d|%d|%s|%lld|%lld", (long long)req->case_id, req->overdue,
                        req->include_done, req->today, (long long)req->coach_id,
                        (long long)c->actor_id);
        if ((code = paging_begin(c, req->page_size, req->page_token, fp, &pg)) != RS_OK)
                return code;
        if (req->case_id && (code = case_load(c, req->case_id, 0, &k)) != RS_OK)
                return code;
        if (req->today[0] == '\0') {
                pb_day d;
                char day[PLAYBOOK_DATE_SIZE];
                if ((code = next_step_today(c, 0, &d)) != RS_OK)
                        return code;
                playbook_date_format(d, day, sizeof(day));
                resp->today = rpc_strdup(c, day);
        } else {
                resp->today = rpc_strdup(c, req->today);
        }
        query_init(&q, c, "SELECT " TASK_COLUMNS ", rs_date(t.due_on) FROM tasks t WHERE true");
        if (c->actor_role != RPC_ROLE_ADMIN)
                query_add(&q, " AND t.coach_id = $$::bigint", scope_actor(c));
        if (req->coach_id)
                query_add(&q, " AND t.coach_id = $$::bigint", query_int(c, req->coach_id));
        if (req->case_id)
                query_add(&q, " AND t.case_id = $$::bigint", query_int(c, req->case_id));
        if (req->overdue || !req->include_done)
                query_text(&q, " AND NOT t.done");
        if (req->overdue)
                query_add(&q, " AND t.due_on < $$::date", resp->today);
        if (pg.has_cursor) {
                query_add(&q, " AND (t.due_on, t.id) > ($$::date, ", rpc_strdup(c, pg.key));
                query_add(&q, "$$::bigint)", query_int(c, pg.id));
        }
        query_add(&q, " ORDER BY t.due_on, t.id LIMIT $$", query_int(c, pg.size + 1));
        code = query_exec(&q, &r);
        query_fini(&q);
        if (code != RS_OK)
                return code;
        n = PQntuples(r);
        resp->n_tasks = (size_t)(n > pg.size ? pg.size : n);
        resp->tasks = rpc_alloc(c, (resp->n_tasks + 1) * sizeof(*resp->tasks));
        for (size_t i = 0; i < resp->n_tasks; i++) {
                resp->tasks[i] = rpc_alloc(c, sizeof(**resp->tasks));
                task_from_row(c, r, (int)i, resp->tasks[i]);
        }
        if (n > pg.size) {
                Reinstate__V1__Task *last = resp->tasks[resp->n_tasks - 1];
                resp->next_page_token = paging_token(c, fp, last->due_on, last->id);
        }
        PQclear(r);
        return RS_OK;
}

// Loads task id for a change, locked: the caller's own (or any, for an
// admin), at etag when one is given. *t is call memory.
static int task_lock(struct rpc_call *c, int64_t id, const char *etag, Reinstate__V1__Task *t)
{
        PGresult *r = NULL;
        int code = query_owned_row(c, &r,
                                   "SELECT " TASK_COLUMNS " FROM tasks t WHERE t.id = $1 AND "
                                   "($2::boolean OR t.coach_id = $3::bigint) FOR UPDATE",
                                   "task", id);

        if (code != RS_OK)
                return code;
        task_from_row(c, r, 0, t);
        PQclear(r);
        return etag_check(c, "task", t->id, t->etag, etag);
}

// Sets done (1) or open (0) on task id, which must be the other.
static int task_mark(struct rpc_call *c, int64_t id, const char *etag, int done,
                     Reinstate__V1__Task *t)
{
        const char *p[2];
        PGresult *r = NULL;
        int code;

        if (validate_id(c, "id", id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if ((code = task_lock(c, id, etag, t)) != RS_OK)
                return code;
        if (t->done == done)
                return rpc_fail(c, RS_FAILED_PRECONDITION, "task '%lld' is %s", (long long)t->id,
                                done ? "already done" : "not done");
        p[0] = query_int(c, id);
        p[1] = done ? "true" : "false";
        code = db_exec(c, &r,
                       "WITH t AS (UPDATE tasks SET done = $2::boolean, done_at = CASE WHEN "
                       "$2::boolean THEN now() END WHERE id = $1 RETURNING *) SELECT " TASK_COLUMNS
                       " FROM t",
                       2, p);
        if (code != RS_OK)
                return code;
        task_from_row(c, r, 0, t);
        PQclear(r);
        return RS_OK;
}

static int tasks_complete(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__CompleteTaskRequest *req = (const void *)in;
        Reinstate__V1__Task *t = (void *)out;
        int code;

        if ((code = task_mark(c, req->id, req->etag, 1, t)) != RS_OK)
                return code;
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)t->case_id), "task %lld done",
                  (long long)t->id);
        return RS_OK;
}

static int tasks_reopen(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__ReopenTaskRequest *req = (const void *)in;
        Reinstate__V1__Task *t = (void *)out, was;
        int code;

        if (validate_id(c, "id", req->id) != RS_OK)
                return RS_INVALID_ARGUMENT;
        if ((code = task_lock(c, req->id, req->etag, &was)) != RS_OK)
                return code;
        if ((code = task_mark(c, req->id, NULL, 0, t)) != RS_OK)
                return code;
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)t->case_id),
                  "task %lld reopened; it was done %s", (long long)t->id, was.done_at);
        return RS_OK;
}

static int tasks_update(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__UpdateTaskRequest *req = (const void *)in;
        Reinstate__V1__Task *t = (void *)out, old;
        const char *p[3];
        PGresult *r = NULL;
        int32_t due;
        int code;

        validate_id(c, "id", req->id);
        validate_line(c, "title", req->title, 0, LIMIT_TITLE);
        validate_date(c, "due_on", req->due_on, 0, &due);
        if (req->title[0] == '\0' && req->due_on[0] == '\0')
                rpc_violation(c, "title", "or due_on is required: nothing to change");
        if ((code = validate_status(c)) != RS_OK)
                return code;
        if ((code = task_lock(c, req->id, req->etag, &old)) != RS_OK)
                return code;
        p[0] = query_int(c, req->id);
        p[1] = req->title;
        p[2] = req->due_on;
        code = db_exec(c, &r,
                       "WITH t AS (UPDATE tasks SET title = coalesce(nullif(btrim($2), ''), "
                       "title), due_on = coalesce(nullif($3, '')::date, due_on) WHERE id = $1 "
                       "RETURNING *) SELECT " TASK_COLUMNS " FROM t",
                       3, p);
        if (code != RS_OK)
                return code;
        task_from_row(c, r, 0, t);
        PQclear(r);
        rpc_audit(c, rpc_printf(c, "case/%lld", (long long)t->case_id),
                  "task %lld edited; it was due %s: %s", (long long)t->id, old.due_on, old.title);
        return RS_OK;
}

static const struct rpc_method tasks_methods[] = {
    {"CreateTask", tasks_create, RPC_AUTH | RPC_MUTATES},
    {"ListTasks", tasks_list, RPC_AUTH},
    {"CompleteTask", tasks_complete, RPC_AUTH | RPC_MUTATES},
    {"UpdateTask", tasks_update, RPC_AUTH | RPC_MUTATES},
    {"ReopenTask", tasks_reopen, RPC_AUTH | RPC_MUTATES},
};

const struct rpc_service svc_tasks = RPC_SERVICE(reinstate__v1__tasks__descriptor, tasks_methods);
