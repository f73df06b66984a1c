// reinstate.v1.Reports: the funnel (how far cases get, how long each stage
// takes, why cases are lost) and, for admins, the per-coach report (open
// cases, overdue next steps, outcomes).
//
// Both cover the cases opened within [from, to] (dates of created_at in the
// caller's time zone, inclusive). Counting is done by PostgreSQL; C only
// cumulates the funnel and computes ratios. The funnel reads case_funnel
// (schema/115), one row a case with what its stage history says, kept by
// triggers in the same transaction as every write: a pass over narrow rows
// instead of every case and its history grouped per call. Overdue next
// steps come from the playbook engine over each coach's agenda of the day
// (next_step_agenda), the same answer `today` and `case next` give. A
// coach's funnel is scoped to their own cases in the WHERE clauses as well
// as by row-level security.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "next_step.h"
#include "query.h"
#include "services.h"
#include "settings.h"
#include "vocab.h"
#include "reinstate/v1/reports.pb-c.h"
#include "banned.h"

// The funnel's stages in order: the open ones, then reinstated (every stage
// of vocab.def but lost, which comes last). A case has reached stage i when
// it entered stage i or a later one.
_Static_assert(PLAYBOOK_STAGE_LOST == PLAYBOOK_STAGE_COUNT - 1, "lost is the last stage");
#define N_FUNNEL ((size_t)PLAYBOOK_STAGE_LOST)

// The funnel's stages as a SQL array literal "{a,b,...}", in call memory.
static const char *funnel_array(struct rpc_call *c)
{
        const char *a = "{";

        for (size_t i = 0; i < N_FUNNEL; i++)
                a = rpc_printf(c, "%s%s%s", a, i ? "," : "",
                               playbook_stage_name((enum playbook_stage)i));
        return rpc_printf(c, "%s}", a);
}

// The cases of a report: $1 coach (NULL = all), $2 from, $3 to (NULL = open
// ended). Used as a CTE named k.
#define CASES_IN_RANGE                                                                             \
        "k AS (SELECT id, coach_id, stage, loss_reason, closed_at FROM cases "                     \
        "WHERE ($1::bigint IS NULL OR coach_id = $1::bigint) "                                     \
        "AND (created_at AT TIME ZONE (SELECT rs_zone(rs_actor())))::date BETWEEN "                \
        "coalesce($2::date, '-infinity') "                                                         \
        "AND coalesce($3::date, 'infinity'))"

// The same cases' rows of TABLE (case_funnel, case_stay), as a CTE named k.
// The opening day in the caller's zone is computed only for the cases
// opened within two days of an end of the range: a case further inside or
// outside is in or out whatever the zone (an offset is less than a day),
// and the zone's conversion is most of a scan's cost.
#define FUNNEL_IN_RANGE(table)                                                                     \
        "k AS (SELECT * FROM " table " "                                                           \
        "WHERE ($1::bigint IS NULL OR coach_id = $1::bigint) AND CASE "                            \
        "WHEN created_at < (SELECT coalesce($2::date, '-infinity')::timestamp AT TIME ZONE 'UTC' " \
        "- interval '2 days') OR created_at >= (SELECT (coalesce($3::date, 'infinity') + 1)"       \
        "::timestamp AT TIME ZONE 'UTC' + interval '2 days') THEN false "                          \
        "WHEN created_at >= (SELECT coalesce($2::date, '-infinity')::timestamp AT TIME ZONE "      \
        "'UTC' "                                                                                   \
        "+ interval '2 days') AND created_at < (SELECT (coalesce($3::date, 'infinity') + 1)"       \
        "::timestamp AT TIME ZONE 'UTC' - interval '2 days') THEN true "                           \
        "ELSE (created_at AT TIME ZONE (SELECT rs_zone(rs_actor())))::date BETWEEN "               \
        "coalesce($2::date, '-infinity') AND coalesce($3::date, 'infinity') END)"

// a / b rounded to 3 decimals; 0 when b is 0.
static double ratio(int64_t a, int64_t b)
{
        if (b <= 0)
                return 0;
        return (double)((a * 1000 * 2 + b) / (2 * b)) / 1000.0;
}

// Checks the optional from/to dates; sets p[1], p[2] (NULL when not given).
static int parse_range(struct rpc_call *c, const char *from, const char *to, const char **p)
{
        pb_day f = 0, t = 0;

        if (from[0] && !playbook_date_parse(from, &f))
                rpc_violation(c, "from", "'%.20s' is not a date (YYYY-MM-DD)", from);
        if (to[0] && !playbook_date_parse(to, &t))
                rpc_violation(c, "to", "'%.20s' is not a date (YYYY-MM-DD)", to);
        if (c->n_violations)
                return RS_INVALID_ARGUMENT;
        if (from[0] && to[0] && f > t)
                return rpc_violation(c, "to", "must not be before from (%s)", from);
        p[1] = query_nullable(from);
        p[2] = query_nullable(to);
        return RS_OK;
}

// Loss reasons by cases, most first, then by name.
static int by_cases_then_name(const void *a, const void *b)
{
        const Reinstate__V1__LossReasonCount *x = *(Reinstate__V1__LossReasonCount *const *)a;
        const Reinstate__V1__LossReasonCount *y = *(Reinstate__V1__LossReasonCount *const *)b;

        if (x->cases != y->cases)
                return x->cases > y->cases ? -1 : 1;
        return strcmp(x->loss_reason, y->loss_reason);
}

// The counts and the loss reasons, from one pass: the cases grouped by
// furthest stage, current stage and loss reason (a few dozen groups).
static int funnel_counts(struct rpc_call *c, const char **p, Reinstate__V1__FunnelResponse *resp)
{
        int64_t by_furthest[N_FUNNEL + 1][2] = {{0}}; // [stage][total, reinstated]
        int64_t reached = 0, won = 0;
        PGresult *r = NULL;
        int code, n;

        code = db_exec(
            c, &r,
            // furthest is a vocab_stage position (NULL: no history);
            // two groups may map to the same stage, and are added.
            "WITH " FUNNEL_IN_RANGE(
                "case_funnel") ", g AS (SELECT furthest, stage, "
                               "loss_reason, count(*) AS n FROM k "
                               "GROUP BY furthest, stage, "
                               "loss_reason) "
                               "SELECT coalesce(array_position($4::text[], (SELECT v.word FROM "
                               "vocab_stage v WHERE v.position = g.furthest)), 1), stage, "
                               "coalesce(loss_reason, ''), n FROM g",
            4, p);
        if (code != RS_OK)
                return code;
        n = PQntuples(r);
        resp->loss_reasons = rpc_alloc(c, ((size_t)n + 1) * sizeof(*resp->loss_reasons));
        for (int i = 0; i < n; i++) {
                int64_t at = db_int64(r, i, 0), cases = db_int64(r, i, 3);
                const char *stage = db_text(r, i, 1), *loss = db_text(r, i, 2);
                enum playbook_stage st;
                size_t l;

                if (strcmp(stage, "lost") == 0) {
                        for (l = 0; l < resp->n_loss_reasons; l++)
                                if (strcmp(resp->loss_reasons[l]->loss_reason, loss) == 0)
                                        break;
                        if (l == resp->n_loss_reasons) {
                                resp->loss_reasons[l] = rpc_alloc(c, sizeof(**resp->loss_reasons));
                                reinstate__v1__loss_reason_count__init(resp->loss_reasons[l]);
                                resp->loss_reasons[l]->loss_reason = rpc_strdup(c, loss);
                                resp->n_loss_reasons++;
                        }
                        resp->loss_reasons[l]->cases += (int32_t)cases;
                }
                if (at < 1 || at > (int64_t)N_FUNNEL)
                        continue;
                by_furthest[at - 1][0] += cases;
                resp->cases += (int32_t)cases;
                if (strcmp(stage, "reinstated") == 0) {
                        by_furthest[at - 1][1] += cases;
                        resp->reinstated += (int32_t)cases;
                } else if (strcmp(stage, "lost") == 0) {
                        resp->lost += (int32_t)cases;
                } else if (playbook_stage_parse(stage, &st) && !vocab_stage_closed((int)st)) {
                        resp->open += (int32_t)cases;
                }
        }
        PQclear(r);
        qsort(resp->loss_reasons, resp->n_loss_reasons, sizeof(*resp->loss_reasons),
              by_cases_then_name);
        resp->conversion = ratio(resp->reinstated, resp->cases);
        resp->win_rate = ratio(resp->reinstated, resp->reinstated + resp->lost);
        resp->n_stages = N_FUNNEL;
        resp->stages = rpc_alloc(c, N_FUNNEL * sizeof(*resp->stages));
        // Cumulate from the last stage back: reaching a stage means reaching
        // it or any later one.
        for (size_t i = N_FUNNEL; i-- > 0;) {
                Reinstate__V1__FunnelStage *st = rpc_alloc(c, sizeof(*st));
                reinstate__v1__funnel_stage__init(st);
                reached += by_furthest[i][0];
                won += by_furthest[i][1];
                st->stage = (char *)playbook_stage_name((enum playbook_stage)i);
                st->reached = (int32_t)reached;
                st->share_of_cases = ratio(reached, resp->cases);
                st->conversion = ratio(won, reached);
                resp->stages[i] = st;
        }
        return RS_OK;
}

static int funnel_durations(struct rpc_call *c, const char **p, Reinstate__V1__FunnelResponse *resp)
{
        const char *sql = "WITH " FUNNEL_IN_RANGE("case_stay") " SELECT ";
        PGresult *r = NULL;
        int code;

        // How long each stay in a stage lasted: from the history row that
        // entered it to the next row of the same case (stored in days). One
        // aggregate per stage, so no sort by stage before the medians' own.
        for (size_t i = 0; i < resp->n_stages; i++)
                sql =
                    rpc_printf(c,
                               "%s%sround(percentile_cont(0.5) WITHIN GROUP (ORDER BY s.days) "
                               "FILTER (WHERE s.stage = '%s')::numeric, 1)::float8, "
                               "count(*) FILTER (WHERE s.stage = '%s')",
                               sql, i ? ", " : "", resp->stages[i]->stage, resp->stages[i]->stage);
        sql = rpc_printf(c, "%s FROM k AS s", sql);
        if ((code = db_exec(c, &r, sql, 3, p)) != RS_OK)
                return code;
        for (size_t k = 0; k < resp->n_stages; k++)
                if (!PQgetisnull(r, 0, (int)(2 * k))) {
                        resp->stages[k]->median_days_in_stage = atof(db_text(r, 0, (int)(2 * k)));
                        resp->stages[k]->left = (int32_t)db_int64(r, 0, (int)(2 * k + 1));
                }
        PQclear(r);
        r = NULL;
        // Opened (the first history row) to reinstated (the last row to it).
        code = db_exec(
            c, &r,
            "WITH " FUNNEL_IN_RANGE(
                "case_funnel") ", d AS (SELECT reinstated_at - opened_at AS took "
                               "FROM k WHERE stage = 'reinstated') "
                               "SELECT coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY "
                               "extract(epoch FROM took) / 86400)::numeric, 1), 0)::float8 FROM d "
                               "WHERE took IS NOT NULL",
            3, p);
        if (code != RS_OK)
                return code;
        resp->median_days_to_reinstated = atof(db_text(r, 0, 0));
        PQclear(r);
        return RS_OK;
}

static int reports_funnel(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__FunnelRequest *req = (const void *)in;
        Reinstate__V1__FunnelResponse *resp = (void *)out;
        const char *p[4] = {NULL, NULL, NULL, funnel_array(c)};
        int64_t coach = req->coach_id;
        int code;

        if (coach < 0)
                return rpc_violation(c, "coach_id", "must be a coach id");
        if (c->actor_role != RPC_ROLE_ADMIN) {
                if (coach != 0 && coach != c->actor_id)
                        return rpc_fail(c, RS_PERMISSION_DENIED,
                                        "only admins see another coach's funnel");
                coach = c->actor_id;
        }
        if ((code = parse_range(c, req->from, req->to, p)) != RS_OK)
                return code;
        p[0] = coach ? query_int(c, coach) : NULL;
        resp->from = req->from;
        resp->to = req->to;
        resp->coach_id = coach;
        if ((code = funnel_counts(c, p, resp)) != RS_OK ||
            (code = funnel_durations(c, p, resp)) != RS_OK)
                return code;
        return RS_OK;
}

static int by_id(const void *a, const void *b)
{
        int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

        return x < y ? -1 : x > y;
}

static int reports_coaches(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__CoachesReportRequest *req = (const void *)in;
        Reinstate__V1__CoachesReportResponse *resp = (void *)out;
        const char *p[3] = {NULL, NULL, NULL};
        char asof[PLAYBOOK_DATE_SIZE];
        struct playbook_settings s;
        struct next_step_row *rows = NULL;
        int64_t *in_range = NULL;
        size_t found = 0, n_in = 0;
        PGresult *r = NULL;
        pb_day today;
        int code;

        if ((code = parse_range(c, req->from, req->to, p)) != RS_OK ||
            (code = next_step_as_of(c, "as_of", req->as_of, &today)) != RS_OK ||
            (code = settings_load(c, &s, NULL)) != RS_OK)
                return code;
        playbook_date_format(today, asof, sizeof(asof));
        resp->from = req->from;
        resp->to = req->to;
        resp->as_of = rpc_strdup(c, asof);

        if ((code = db_exec(c, &r,
                            "WITH " CASES_IN_RANGE " SELECT co.id, co.display_name, co.email, "
                            "co.disabled, count(k.id), count(k.id) FILTER (WHERE k.closed_at IS "
                            "NULL), count(k.id) FILTER (WHERE k.stage = 'reinstated'), "
                            "count(k.id) FILTER (WHERE k.stage = 'lost') FROM coaches co "
                            "LEFT JOIN k ON k.coach_id = co.id GROUP BY co.id ORDER BY co.id",
                            3, p)) != RS_OK)
                return code;
        resp->n_coaches = (size_t)PQntuples(r);
        resp->coaches = rpc_alloc(c, (resp->n_coaches + 1) * sizeof(*resp->coaches));
        for (size_t i = 0; i < resp->n_coaches; i++) {
                Reinstate__V1__CoachReport *cr = rpc_alloc(c, sizeof(*cr));
                int row = (int)i;
                reinstate__v1__coach_report__init(cr);
                cr->coach_id = db_int64(r, row, 0);
                cr->name = rpc_strdup(c, db_text(r, row, 1));
                cr->email = rpc_strdup(c, db_text(r, row, 2));
                cr->disabled = db_bool(r, row, 3);
                cr->cases = (int32_t)db_int64(r, row, 4);
                cr->open_cases = (int32_t)db_int64(r, row, 5);
                cr->reinstated = (int32_t)db_int64(r, row, 6);
                cr->lost = (int32_t)db_int64(r, row, 7);
                cr->win_rate = ratio(cr->reinstated, cr->reinstated + cr->lost);
                resp->coaches[i] = cr;
        }
        PQclear(r);
        r = NULL;

        // Overdue next steps: each coach's agenda of the day (horizon 0), an
        // index range of case_agenda rather than the engine over every open
        // case (next_step_agenda): a step due before today puts its case on
        // that agenda. With a range, only the open cases opened in it count.
        if (p[1] != NULL || p[2] != NULL) {
                if ((code = db_exec(c, &r,
                                    "WITH " CASES_IN_RANGE
                                    " SELECT id FROM k WHERE closed_at IS NULL ORDER BY id",
                                    3, p)) != RS_OK)
                        return code;
                n_in = (size_t)PQntuples(r);
                in_range = rpc_alloc(c, (n_in + 1) * sizeof(*in_range));
                for (size_t i = 0; i < n_in; i++)
                        in_range[i] = db_int64(r, (int)i, 0);
                PQclear(r);
        }
        // One coach's rows at a time in memory, given back before the next
        // coach's (33,000 cases on the day's agendas at 100k cases).
        for (size_t i = 0; i < resp->n_coaches; i++) {
                Reinstate__V1__CoachReport *cr = resp->coaches[i];
                void *mark = rpc_mark(c);
                if ((code = next_step_agenda(c, cr->coach_id, today, 0, &s, &rows, &found, NULL)) !=
                    RS_OK)
                        return code;
                for (size_t k = 0; k < found; k++) {
                        if (rows[k].step.due_on == PLAYBOOK_NO_DATE || today <= rows[k].step.due_on)
                                continue;
                        if (in_range &&
                            !bsearch(&rows[k].case_id, in_range, n_in, sizeof(*in_range), by_id))
                                continue;
                        cr->overdue_steps++;
                }
                rpc_release(c, mark);
        }
        return RS_OK;
}

// clang-format off
static const struct rpc_method reports_methods[] = {
    {"Funnel",  reports_funnel,  RPC_AUTH},
    {"Coaches", reports_coaches, RPC_ADMIN},
};
// clang-format on

const struct rpc_service svc_reports =
    RPC_SERVICE(reinstate__v1__reports__descriptor, reports_methods);
