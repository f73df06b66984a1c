// Loading playbook inputs from the database and running the engine: the one
// place that gathers what the engine reads (the case and its facts, its
// attempts, the settings' durations and holidays, today).
//
// Dates travel as day numbers (date - '1970-01-01'), the engine's own unit,
// so no parsing happens on this path. Moments (attempts, verifications,
// stage changes) become days in the case's coach's time zone (rs_zone).
#include "next_step.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"
#include "query.h"
#include "banned.h"

int next_step_today(struct rpc_call *c, int64_t coach_id, pb_day *out)
{
        const char *p[1] = {coach_id > 0 ? query_int(c, coach_id) : NULL};
        PGresult *r = NULL;
        int code;

        code = db_exec(c, &r,
                       "SELECT rs_day(now(), rs_zone(coalesce($1::bigint, rs_actor(), "
                       "(SELECT coach_id FROM rs_shared_status()))))",
                       1, p);
        if (code != RS_OK)
                return code;
        *out = (pb_day)db_int64(r, 0, 0);
        PQclear(r);
        return RS_OK;
}

int next_step_as_of(struct rpc_call *c, const char *field, const char *s, pb_day *out)
{
        if (s == NULL || s[0] == '\0')
                return next_step_today(c, 0, out);
        if (!playbook_date_parse(s, out))
                return rpc_violation(c, field, "'%.20s' is not a date (YYYY-MM-DD)", s);
        return RS_OK;
}

static pb_day day_or_none(const PGresult *r, int row, int col)
{
        return db_isnull(r, row, col) ? PLAYBOOK_NO_DATE : (pb_day)db_int64(r, row, col);
}

// "{1,2,3}" for an array parameter.
static char *id_array(struct rpc_call *c, const int64_t *ids, size_t n)
{
        struct buf b = BUF_INIT(n * 21 + 3);
        char *out;

        buf_adds(&b, "{");
        for (size_t i = 0; i < n; i++)
                buf_printf(&b, "%s%lld", i ? "," : "", (long long)ids[i]);
        buf_adds(&b, "}");
        out = rpc_strdup(c, buf_str(&b));
        buf_fini(&b);
        return out;
}

struct idrow {
        int64_t id;
        int row;
};

static int cmp_idrow(const void *a, const void *b)
{
        const struct idrow *x = a, *y = b;

        return x->id < y->id ? -1 : x->id > y->id;
}

// Probing a case's future stops this many days ahead: a case that cannot
// show before then is selected from that day on and computed again.
#define AGENDA_PROBE_DAYS 62

// The earliest day an item of the case can be due on the agenda of day t:
// its step's due day, the follow-up planned on its latest attempt, or t
// itself once it has gone quiet (the agenda rules of Playbook/Today).
static pb_day agenda_due(const struct next_step_row *row, pb_day due_on, pb_day t,
                         const struct playbook_settings *s)
{
        pb_day e = INT32_MAX;

        if (due_on != PLAYBOOK_NO_DATE)
                e = due_on;
        if (row->follow_up_on != PLAYBOOK_NO_DATE && row->follow_up_on < e)
                e = row->follow_up_on;
        if (row->last_activity != PLAYBOOK_NO_DATE &&
            t - row->last_activity > s->stale_after_days && t < e)
                e = t;
        return e;
}

// The first day from `from` on which the case may be on an agenda: the
// minimum of agenda_due(T) over the days T >= from, which the engine is
// asked for one day after another until T reaches it (beyond it, every
// agenda selects the case anyway) or the probe ends. Then an agenda of day
// T with horizon h can show the case only if the result is <= T + h.
static pb_day agenda_day(const struct playbook_case *pc, const struct playbook_attempt *atts,
                         size_t n, const struct next_step_row *row, pb_day from,
                         const struct playbook_settings *s)
{
        struct playbook_step st;
        pb_day k = agenda_due(row, row->step.due_on, from, s), t;

        for (t = from + 1; t < k && t < from + AGENDA_PROBE_DAYS; t++) {
                pb_day e;
                playbook_next_step(pc, atts, n, t, s, &st);
                if ((e = agenda_due(row, st.due_on, t, s)) < k)
                        k = e;
        }
        return k < t ? k : t;
}

// The zone of each coach owning one of the cases $1 (within coach $2 when
// set), as a CTE named z: materialized, so that the planner cannot fold it
// into the join and call rs_zone (SECURITY DEFINER, never inlined) once per
// case or attempt, which was most of the statements' time (125 ms of 135
// for a coach's 8,330 attempts).
#define ZONES_OF_CASES                                                                             \
        "z AS MATERIALIZED (SELECT coach_id, rs_zone(coach_id) AS zone FROM (SELECT DISTINCT "     \
        "coach_id FROM cases WHERE id = ANY($1::bigint[]) AND ($2::bigint IS NULL OR coach_id = "  \
        "$2)) s)"

// The caller's own cases unless an admin; row-level security agrees.
static const char *caller_scope(struct rpc_call *c)
{
        return c->actor_role == RPC_ROLE_ADMIN ? NULL : scope_actor(c);
}

// What compute fills: with COMPUTE_AGENDA each row's agenda_on too; with
// COMPUTE_BRIEF a step's title, action, rule and due day only (lists of
// steps: the agenda, the per-coach report, reminders), its other texts
// left empty.
enum { COMPUTE_AGENDA = 1, COMPUTE_BRIEF = 2 };

// The texts of an engine's answer copied into call memory.
static void step_text(struct rpc_call *c, const struct playbook_step *st, int brief,
                      struct next_step_text *out)
{
        out->action = st->action;
        out->rule_id = st->rule_id;
        out->title = rpc_strdup(c, st->title);
        out->detail = brief ? "" : rpc_strdup(c, st->detail);
        out->reason = brief ? "" : rpc_strdup(c, st->reason);
        out->client_wording = brief ? "" : rpc_strdup(c, st->client_wording);
        out->due_on = st->due_on;
        out->n_warnings = brief ? 0 : st->n_warnings;
        out->warnings = NULL;
        if (out->n_warnings) {
                struct next_step_warning *w = rpc_alloc(c, out->n_warnings * sizeof(*w));
                for (size_t i = 0; i < out->n_warnings; i++) {
                        w[i].id = st->warnings[i].id;
                        w[i].text = rpc_strdup(c, st->warnings[i].text);
                }
                out->warnings = w;
        }
}

// The engine over ids. The statements are scoped to coach_id = scope when
// scope is set, and to the transaction's shared case when shared is set;
// flags (COMPUTE_*) say what is filled.
static int compute(struct rpc_call *c, const int64_t *ids, size_t n, pb_day today,
                   const struct playbook_settings *s, struct next_step_row *rows, size_t *found,
                   const char *scope, int shared, unsigned flags)
{
        int agenda = (flags & COMPUTE_AGENDA) != 0;
        const char *p[2] = {NULL, scope};
        PGresult *cr = NULL, *ar = NULL;
        struct playbook_case *cases = NULL;
        struct playbook_attempt *atts = NULL;
        struct idrow *cidx = NULL;
        int64_t *acase = NULL;
        struct playbook_step st;
        int code, na, nc, k = 0;

        *found = 0;
        if (n == 0)
                return RS_OK;
        p[0] = id_array(c, ids, n);
        // Dates as day numbers: date - DATE '1970-01-01'; moments as days of
        // their coach's zone.
        // The shared case reads through the functions of schema/090, which
        // return these columns and nothing else of the case.
        code =
            shared
                ? db_exec(c, &cr,
                          "SELECT * FROM rs_shared_case_facts() WHERE id = ANY($1::bigint[])", 1, p)
                : db_exec(
                      c, &cr,
                      "WITH " ZONES_OF_CASES
                      ", k AS (SELECT c.*, z.zone FROM cases c JOIN z ON z.coach_id = c.coach_id "
                      "WHERE c.id = ANY($1::bigint[]) AND ($2::bigint IS NULL OR "
                      "c.coach_id = $2)) "
                      "SELECT c.id, c.coach_id, cl.name, c.company, c.role_title, "
                      "c.manager_name, c.hr_name, c.stage, coalesce(c.loss_reason, 'other'), "
                      "c.opening_status, rs_day(c.opening_verified_at, c.zone), "
                      "c.declined_on - DATE '1970-01-01', rs_day(c.created_at, c.zone), "
                      "rs_day(c.stage_changed_at, c.zone), c.start_on - DATE '1970-01-01', "
                      "c.interview_on - DATE '1970-01-01', c.offered_on - DATE '1970-01-01', "
                      "c.decline_reason, c.better_offer, c.route, c.route_contact, "
                      "rs_day(c.motivation_confirmed_at, c.zone) "
                      "FROM k c JOIN clients cl ON cl.id = c.client_id",
                      2, p);
        if (code != RS_OK)
                goto out;
        code =
            shared
                ? db_exec(c, &ar,
                          "SELECT * FROM rs_shared_attempt_facts() "
                          "WHERE case_id = ANY($1::bigint[]) ORDER BY ord",
                          1, p)
                : db_exec(c, &ar,
                          "WITH " ZONES_OF_CASES " "
                          "SELECT a.case_id, rs_day(a.at, z.zone), a.id, "
                          "a.channel, a.contact_role, a.contact_name, a.accepted_responsibility, "
                          "a.conveyed_commitment, a.offered_reinterview, a.outcome, "
                          "a.follow_up_on - DATE '1970-01-01' FROM attempts a "
                          "JOIN z ON z.coach_id = a.coach_id "
                          "WHERE a.case_id = ANY($1::bigint[]) AND a.voided_at IS NULL AND "
                          "($2::bigint IS NULL OR "
                          "a.coach_id = $2) "
                          "ORDER BY a.case_id, a.at, a.id",
                          2, p);
        if (code != RS_OK)
                goto out;
        nc = PQntuples(cr);
        na = PQntuples(ar);
        cases = calloc((size_t)nc + 1, sizeof(*cases));
        atts = calloc((size_t)na + 1, sizeof(*atts));
        cidx = calloc((size_t)nc + 1, sizeof(*cidx));
        acase = calloc((size_t)na + 1, sizeof(*acase));
        if (cases == NULL || atts == NULL || cidx == NULL || acase == NULL) {
                code = rpc_fail(c, RS_RESOURCE_EXHAUSTED, "out of memory");
                goto out;
        }
        for (int i = 0; i < na; i++) {
                struct playbook_attempt *a = &atts[i];
                a->on = (pb_day)db_int64(ar, i, 1);
                a->seq = db_int64(ar, i, 2);
                playbook_channel_parse(db_text(ar, i, 3), &a->channel);
                playbook_contact_role_parse(db_text(ar, i, 4), &a->contact_role);
                a->contact_name = db_text(ar, i, 5);
                a->accepted_responsibility = db_bool(ar, i, 6);
                a->conveyed_commitment = db_bool(ar, i, 7);
                a->offered_reinterview = db_bool(ar, i, 8);
                playbook_outcome_parse(db_text(ar, i, 9), &a->outcome);
                a->follow_up_on = day_or_none(ar, i, 10);
        }
        // Case rows sorted by id, attempt case ids parsed once: lookups are
        // binary searches, so a few thousand cases stay cheap.
        for (int i = 0; i < nc; i++) {
                cidx[i].id = db_int64(cr, i, 0);
                cidx[i].row = i;
        }
        qsort(cidx, (size_t)nc, sizeof(*cidx), cmp_idrow);
        for (int i = 0; i < na; i++)
                acase[i] = db_int64(ar, i, 0);
        // Output in the order asked; attempts are grouped by case_id.
        for (size_t want = 0; want < n; want++) {
                struct idrow key = {ids[want], 0}, *hit;
                int row, first, count = 0, lo = 0, hi = na;
                struct playbook_case *pc;
                struct next_step_row *out = &rows[k];

                hit = bsearch(&key, cidx, (size_t)nc, sizeof(*cidx), cmp_idrow);
                if (hit == NULL)
                        continue;
                row = hit->row;
                while (lo < hi) {
                        int mid = (lo + hi) / 2;
                        if (acase[mid] < ids[want])
                                lo = mid + 1;
                        else
                                hi = mid;
                }
                first = lo;
                while (first + count < na && acase[first + count] == ids[want])
                        count++;
                pc = &cases[row];
                pc->client_name = db_text(cr, row, 2);
                pc->company = db_text(cr, row, 3);
                pc->role_title = db_text(cr, row, 4);
                pc->manager_name = db_text(cr, row, 5);
                pc->hr_name = db_text(cr, row, 6);
                playbook_stage_parse(db_text(cr, row, 7), &pc->stage);
                playbook_loss_reason_parse(db_text(cr, row, 8), &pc->loss_reason);
                playbook_opening_parse(db_text(cr, row, 9), &pc->opening);
                pc->opening_verified_on = day_or_none(cr, row, 10);
                pc->declined_on = day_or_none(cr, row, 11);
                pc->opened_on = day_or_none(cr, row, 12);
                pc->stage_changed_on = day_or_none(cr, row, 13);
                pc->start_on = day_or_none(cr, row, 14);
                pc->interview_on = day_or_none(cr, row, 15);
                pc->offered_on = day_or_none(cr, row, 16);
                pc->decline_reason = db_text(cr, row, 17);
                pc->better_offer = db_text(cr, row, 18);
                pc->route = db_text(cr, row, 19);
                pc->route_contact = db_text(cr, row, 20);
                pc->motivation_confirmed_on = day_or_none(cr, row, 21);
                out->last_activity = pc->opening_verified_on;
                if (pc->stage_changed_on != PLAYBOOK_NO_DATE &&
                    (out->last_activity == PLAYBOOK_NO_DATE ||
                     pc->stage_changed_on > out->last_activity))
                        out->last_activity = pc->stage_changed_on;
                for (int i = first; i < first + count; i++) {
                        if (out->last_activity == PLAYBOOK_NO_DATE ||
                            atts[i].on > out->last_activity)
                                out->last_activity = atts[i].on;
                }
                out->follow_up_on = PLAYBOOK_NO_DATE;
                out->follow_up_with = "";
                if (count) {
                        // Rows are ordered by (case, at, id): the run's last is the latest.
                        const struct playbook_attempt *last = &atts[first + count - 1];
                        out->follow_up_on = last->follow_up_on;
                        out->follow_up_with = rpc_strdup(c, last->contact_name);
                }
                playbook_next_step(pc, count ? &atts[first] : NULL, (size_t)count, today, s, &st);
                step_text(c, &st, (flags & COMPUTE_BRIEF) != 0, &out->step);
                out->agenda_on = agenda ? agenda_day(pc, count ? &atts[first] : NULL, (size_t)count,
                                                     out, today, s)
                                        : PLAYBOOK_NO_DATE;
                out->case_id = ids[want];
                out->coach_id = db_int64(cr, row, 1);
                out->client_name = rpc_strdup(c, pc->client_name);
                out->company = rpc_strdup(c, pc->company);
                out->stage = playbook_stage_name(pc->stage);
                k++;
        }
        *found = (size_t)k;
        code = RS_OK;
out:
        free(cases);
        free(atts);
        free(cidx);
        free(acase);
        PQclear(cr);
        PQclear(ar);
        return code;
}

int next_step_compute(struct rpc_call *c, const int64_t *ids, size_t n, pb_day today,
                      const struct playbook_settings *s, struct next_step_row *rows, size_t *found)
{
        return compute(c, ids, n, today, s, rows, found, caller_scope(c), 0, 0);
}

int next_step_compute_shared(struct rpc_call *c, int64_t case_id, pb_day today,
                             const struct playbook_settings *s, struct next_step_row *row,
                             size_t *found)
{
        return compute(c, &case_id, 1, today, s, row, found, NULL, 1, 0);
}

// The day stored for a case to compute again (schema/080_agenda.sql).
#define AGENDA_DIRTY INT32_MIN

int next_step_agenda(struct rpc_call *c, int64_t coach, pb_day today, int horizon,
                     const struct playbook_settings *s, struct next_step_row **rows, size_t *found,
                     size_t *open)
{
        const char *scope = caller_scope(c);
        char coach_s[24], until[16];
        const char *p[3] = {coach_s, until, NULL};
        PGresult *r = NULL;
        int64_t *ids = NULL, *gens = NULL;
        pb_day *stored = NULL;
        size_t n, k;
        pb_day real;
        int code, indexed;

        *rows = NULL;
        *found = 0;
        // Days stored were computed as of a day no later than the coach's
        // real one: they hold for that day or later, not for a look back.
        if ((code = next_step_today(c, coach, &real)) != RS_OK)
                return code;
        indexed = today >= real;
        snprintf(coach_s, sizeof(coach_s), "%lld", (long long)coach);
        snprintf(until, sizeof(until), "%d", (int)(today + horizon));
        if (open) {
                if ((code = db_exec(c, &r,
                                    "SELECT count(*) FROM cases WHERE coach_id = $1::bigint AND "
                                    "closed_at IS NULL",
                                    1, p)) != RS_OK)
                        return code;
                *open = (size_t)db_int64(r, 0, 0);
                PQclear(r);
        }
        code = db_exec(c, &r,
                       indexed ? "SELECT case_id, agenda_on, gen FROM case_agenda "
                                 "WHERE coach_id = $1::bigint AND agenda_on <= $2::int "
                                 "ORDER BY case_id"
                               : "SELECT id, $2::int, 0 FROM cases WHERE coach_id = $1::bigint "
                                 "AND closed_at IS NULL ORDER BY id",
                       2, p);
        if (code != RS_OK)
                return code;
        n = (size_t)PQntuples(r);
        ids = rpc_alloc(c, (n + 1) * sizeof(*ids));
        gens = rpc_alloc(c, (n + 1) * sizeof(*gens));
        stored = rpc_alloc(c, (n + 1) * sizeof(*stored));
        *rows = rpc_alloc(c, (n + 1) * sizeof(**rows));
        for (size_t i = 0; i < n; i++) {
                ids[i] = db_int64(r, (int)i, 0);
                stored[i] = (pb_day)db_int64(r, (int)i, 1);
                gens[i] = db_int64(r, (int)i, 2);
        }
        PQclear(r);
        r = NULL;
        if ((code = compute(c, ids, n, today, s, *rows, found, scope, 0,
                            COMPUTE_BRIEF | (indexed ? COMPUTE_AGENDA : 0))) != RS_OK)
                return code;
        if (!indexed || today != real)
                return RS_OK;
        // Store the days that changed (rows come back in the order asked,
        // some perhaps missing), unless a write bumped gen meanwhile. Rows
        // another call is storing are skipped, never waited for.
        {
                struct buf bi = BUF_INIT(n * 21 + 3), bk = BUF_INIT(n * 12 + 3),
                           bg = BUF_INIT(n * 21 + 3);
                size_t i = 0, changed = 0;

                buf_adds(&bi, "{");
                buf_adds(&bk, "{");
                buf_adds(&bg, "{");
                for (k = 0; k < *found; k++) {
                        const struct next_step_row *row = &(*rows)[k];
                        while (i < n && ids[i] != row->case_id)
                                i++;
                        if (i == n)
                                break;
                        if (row->agenda_on == stored[i] && stored[i] != AGENDA_DIRTY)
                                continue;
                        buf_printf(&bi, "%s%lld", changed ? "," : "", (long long)ids[i]);
                        buf_printf(&bk, "%s%d", changed ? "," : "", (int)row->agenda_on);
                        buf_printf(&bg, "%s%lld", changed ? "," : "", (long long)gens[i]);
                        changed++;
                }
                buf_adds(&bi, "}");
                buf_adds(&bk, "}");
                buf_adds(&bg, "}");
                p[0] = rpc_strdup(c, buf_str(&bi));
                p[1] = rpc_strdup(c, buf_str(&bk));
                p[2] = rpc_strdup(c, buf_str(&bg));
                buf_fini(&bi);
                buf_fini(&bk);
                buf_fini(&bg);
                if (changed)
                        code = db_exec(c, NULL,
                                       "UPDATE case_agenda a SET agenda_on = u.k "
                                       "FROM unnest($1::bigint[], $2::int[], $3::bigint[]) "
                                       "AS u(id, k, gen) WHERE a.case_id = u.id AND a.gen = u.gen "
                                       "AND a.case_id IN (SELECT case_id FROM case_agenda "
                                       "WHERE case_id = ANY($1::bigint[]) FOR UPDATE SKIP LOCKED)",
                                       3, p);
        }
        return code;
}

Reinstate__V1__NextStep *next_step_message(struct rpc_call *c, const struct next_step_text *st,
                                           pb_day today)
{
        Reinstate__V1__NextStep *m = rpc_alloc(c, sizeof(*m));
        char due[PLAYBOOK_DATE_SIZE];

        reinstate__v1__next_step__init(m);
        m->action = (char *)playbook_action_name(st->action);
        if (m->action == NULL)
                m->action = (char *)"";
        m->rule_id = (char *)(st->rule_id ? st->rule_id : "");
        m->title = (char *)st->title;
        m->detail = (char *)st->detail;
        playbook_date_format(st->due_on, due, sizeof(due));
        m->due_on = rpc_strdup(c, due);
        m->reason = (char *)st->reason;
        m->client_wording = (char *)st->client_wording;
        m->overdue_days = st->due_on != PLAYBOOK_NO_DATE && today > st->due_on
                              ? (int32_t)(today - st->due_on)
                              : 0;
        m->n_warnings = st->n_warnings;
        m->warnings = rpc_alloc(c, sizeof(*m->warnings) * (st->n_warnings + 1));
        for (size_t i = 0; i < st->n_warnings; i++) {
                Reinstate__V1__Warning *w = rpc_alloc(c, sizeof(*w));
                reinstate__v1__warning__init(w);
                w->id = (char *)st->warnings[i].id;
                w->text = (char *)st->warnings[i].text;
                m->warnings[i] = w;
        }
        return m;
}

int next_step_compute_query(struct rpc_call *c, const char *sql, int nparams,
                            const char *const *params, pb_day today,
                            const struct playbook_settings *s, struct next_step_row **rows,
                            size_t *found)
{
        PGresult *r = NULL;
        int64_t *ids;
        size_t n;
        int code;

        *found = 0;
        if ((code = db_exec(c, &r, sql, nparams, params)) != RS_OK)
                return code;
        n = (size_t)PQntuples(r);
        ids = rpc_alloc(c, (n + 1) * sizeof(*ids));
        *rows = rpc_alloc(c, (n + 1) * sizeof(**rows));
        for (size_t i = 0; i < n; i++)
                ids[i] = db_int64(r, (int)i, 0);
        PQclear(r);
        return compute(c, ids, n, today, s, *rows, found, caller_scope(c), 0, COMPUTE_BRIEF);
}
