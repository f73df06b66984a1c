// reinstate.v1.Playbook: the next step of one case, and the caller's agenda
// for the day ("today"): next steps, tasks and planned follow-ups that are
// due or overdue, and cases gone quiet, most urgent first.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "next_step.h"
#include "services.h"
#include "settings.h"
#include "banned.h"

static int playbook_get_next_step(struct rpc_call *c, const ProtobufCMessage *in,
                                  ProtobufCMessage *out)
{
        const Reinstate__V1__GetNextStepRequest *req = (const void *)in;
        Reinstate__V1__GetNextStepResponse *resp = (void *)out;
        struct playbook_settings s;
        struct next_step_row *row = rpc_alloc(c, sizeof(*row));
        size_t found = 0;
        pb_day today;
        int code;

        if (req->case_id <= 0)
                return rpc_violation(c, "case_id", "must be a case id");
        if ((code = next_step_as_of(c, "as_of", req->as_of, &today)) != RS_OK ||
            (code = settings_load(c, &s, NULL)) != RS_OK ||
            (code = next_step_compute(c, &req->case_id, 1, today, &s, row, &found)) != RS_OK)
                return code;
        if (found == 0)
                return rpc_fail(c, RS_NOT_FOUND, "case '%lld' not found", (long long)req->case_id);
        resp->case_id = row->case_id;
        resp->stage = (char *)row->stage;
        resp->next_step = next_step_message(c, &row->step, today);
        return RS_OK;
}

// Agenda kinds and how much each weighs when equally late.
enum { W_NEXT = 3, W_FOLLOW = 2, W_TASK = 2, W_STALE = 1 };

struct agenda {
        Reinstate__V1__AgendaItem **items;
        size_t n, cap;
};

static Reinstate__V1__AgendaItem *agenda_add(struct rpc_call *c, struct agenda *a, const char *kind,
                                             int64_t case_id, const char *client,
                                             const char *company, const char *title, pb_day due,
                                             pb_day today, int weight)
{
        Reinstate__V1__AgendaItem *it = rpc_alloc(c, sizeof(*it));
        char d[PLAYBOOK_DATE_SIZE];

        if (a->n == a->cap) {
                Reinstate__V1__AgendaItem **grown;
                a->cap = a->cap ? a->cap * 2 : 64;
                grown = rpc_alloc(c, a->cap * sizeof(*grown));
                if (a->n)
                        memcpy(grown, a->items, a->n * sizeof(*grown));
                a->items = grown;
        }
        reinstate__v1__agenda_item__init(it);
        it->kind = (char *)kind;
        it->case_id = case_id;
        it->client_name = (char *)client;
        it->company = (char *)company;
        it->title = rpc_strdup(c, title);
        playbook_date_format(due, d, sizeof(d));
        it->due_on = rpc_strdup(c, d);
        it->overdue_days = (int32_t)(today - due);
        // Days late dominate; the kind breaks ties.
        it->urgency = it->overdue_days * 10 + weight;
        a->items[a->n++] = it;
        return it;
}

static int by_urgency(const void *x, const void *y)
{
        const Reinstate__V1__AgendaItem *a = *(Reinstate__V1__AgendaItem *const *)x;
        const Reinstate__V1__AgendaItem *b = *(Reinstate__V1__AgendaItem *const *)y;

        if (a->urgency != b->urgency)
                return a->urgency > b->urgency ? -1 : 1;
        if (a->case_id != b->case_id)
                return a->case_id < b->case_id ? -1 : 1;
        return strcmp(a->kind, b->kind);
}

static int playbook_today(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__TodayRequest *req = (const void *)in;
        Reinstate__V1__TodayResponse *resp = (void *)out;
        struct playbook_settings s;
        struct agenda a = {0};
        struct next_step_row *rows = NULL;
        char coach[24], until[16], asof[PLAYBOOK_DATE_SIZE], now[16];
        const char *p[3] = {coach, until, now};
        struct next_step_row *won_rows = NULL;
        size_t found = 0, open = 0, n_won = 0;
        PGresult *r = NULL;
        pb_day today, limit;
        int code;

        if (req->horizon_days < 0 || req->horizon_days > 30)
                return rpc_violation(c, "horizon_days", "must be 0-30");
        if (req->coach_id != 0 && req->coach_id != c->actor_id && c->actor_role != RPC_ROLE_ADMIN)
                return rpc_fail(c, RS_PERMISSION_DENIED, "only admins see another coach's day");
        if ((code = next_step_as_of(c, "as_of", req->as_of, &today)) != RS_OK ||
            (code = settings_load(c, &s, NULL)) != RS_OK)
                return code;
        limit = today + req->horizon_days;
        snprintf(coach, sizeof(coach), "%lld",
                 (long long)(req->coach_id ? req->coach_id : c->actor_id));
        snprintf(until, sizeof(until), "%d", (int)limit);
        snprintf(now, sizeof(now), "%d", (int)today);
        playbook_date_format(today, asof, sizeof(asof));
        resp->as_of = rpc_strdup(c, asof);

        // Next steps of the open cases that can be on the agenda (an index
        // range, next_step_agenda), and of won cases whose check-ins after
        // the start (up to 90 days) are not all past.
        if ((code = next_step_agenda(c, req->coach_id ? req->coach_id : c->actor_id, today,
                                     req->horizon_days, &s, &rows, &found, &open)) != RS_OK ||
            (code = next_step_compute_query(
                 c,
                 "SELECT id FROM cases WHERE coach_id = $1::bigint AND stage = 'reinstated' AND "
                 "start_on - DATE '1970-01-01' >= $3::int - 90 AND $2::int IS NOT NULL "
                 "ORDER BY id",
                 3, p, today, &s, &won_rows, &n_won)) != RS_OK)
                return code;
        resp->open_cases = (int32_t)open;
        if (n_won) {
                struct next_step_row *all = rpc_alloc(c, (found + n_won) * sizeof(*all));
                if (found)
                        memcpy(all, rows, found * sizeof(*all));
                memcpy(all + found, won_rows, n_won * sizeof(*all));
                rows = all;
                found += n_won;
        }
        for (size_t i = 0; i < found; i++) {
                const struct next_step_row *row = &rows[i];
                int won = strcmp(row->stage, "reinstated") == 0;
                if (row->step.due_on != PLAYBOOK_NO_DATE && row->step.due_on <= limit) {
                        Reinstate__V1__AgendaItem *it = agenda_add(
                            c, &a, "next_step", row->case_id, row->client_name, row->company,
                            row->step.title, row->step.due_on, today, W_NEXT);
                        it->rule_id = (char *)row->step.rule_id;
                }
                if (!won && row->last_activity != PLAYBOOK_NO_DATE &&
                    today - row->last_activity > s.stale_after_days)
                        agenda_add(c, &a, "stale", row->case_id, row->client_name, row->company,
                                   rpc_printf(c, "no activity for %d days",
                                              (int)(today - row->last_activity)),
                                   row->last_activity + s.stale_after_days + 1, today, W_STALE);
        }

        // Open tasks due by the horizon: a range of tasks_coach_open_idx (the
        // bound on due_on itself, not on an expression of it, which read
        // every task of the coach: 50 ms for 10,000 done tasks).
        if ((code = db_exec(c, &r,
                            "SELECT t.id, t.case_id, cl.name, c.company, t.title, "
                            "t.due_on - DATE '1970-01-01' FROM tasks t "
                            "JOIN cases c ON c.id = t.case_id JOIN clients cl ON cl.id = "
                            "c.client_id WHERE t.coach_id = $1::bigint AND NOT t.done AND "
                            "t.due_on <= DATE '1970-01-01' + $2::int ORDER BY t.due_on, t.id",
                            2, p)) != RS_OK)
                return code;
        for (int i = 0; i < PQntuples(r); i++) {
                Reinstate__V1__AgendaItem *it =
                    agenda_add(c, &a, "task", db_int64(r, i, 1), rpc_strdup(c, db_text(r, i, 2)),
                               rpc_strdup(c, db_text(r, i, 3)), db_text(r, i, 4),
                               (pb_day)db_int64(r, i, 5), today, W_TASK);
                it->task_id = db_int64(r, i, 0);
        }
        PQclear(r);
        r = NULL;

        // Follow-up dates planned on the latest attempt of each open case,
        // unless the next step already says "follow up" for that day.
        for (size_t k = 0; k < found; k++) {
                const struct next_step_row *row = &rows[k];
                if (row->follow_up_on == PLAYBOOK_NO_DATE || row->follow_up_on > limit ||
                    strcmp(row->stage, "reinstated") == 0 ||
                    (row->step.action == PLAYBOOK_ACTION_FOLLOW_UP &&
                     row->step.due_on == row->follow_up_on))
                        continue;
                agenda_add(c, &a, "follow_up", row->case_id, row->client_name, row->company,
                           rpc_printf(c, "follow up with %s as planned", row->follow_up_with),
                           row->follow_up_on, today, W_FOLLOW);
        }

        if (a.n)
                qsort(a.items, a.n, sizeof(*a.items), by_urgency);
        resp->items = a.items;
        resp->n_items = a.n;
        return RS_OK;
}

static const struct rpc_method playbook_methods[] = {
    {"GetNextStep", playbook_get_next_step, RPC_AUTH},
    {"Today", playbook_today, RPC_AUTH},
};

const struct rpc_service svc_playbook =
    RPC_SERVICE(reinstate__v1__playbook__descriptor, playbook_methods);
