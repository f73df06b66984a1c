// reinstate report: the funnel (a coach's own cases; an admin's agency, or
// one coach's) and the per-coach report (admins). Both take --from/--to on
// the date cases were opened.
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/reports.pb-c.h"
#include "banned.h"

static void pct(double v, char *out, size_t len)
{
        snprintf(out, len, "%.1f%%", v * 100.0);
}

static void period(const char *from, const char *to, char *out, size_t len)
{
        if (from[0] || to[0])
                snprintf(out, len, "opened %s to %s", from[0] ? from : "(first)",
                         to[0] ? to : "(today)");
        else
                snprintf(out, len, "all cases");
}

static void print_funnel(const Reinstate__V1__FunnelResponse *f)
{
        char when[64], a[16], b[16];
        struct table *t;

        period(f->from, f->to, when, sizeof(when));
        if (f->coach_id)
                printf("funnel of coach %lld, %s: %d cases\n", (long long)f->coach_id, when,
                       f->cases);
        else
                printf("funnel of the agency, %s: %d cases\n", when, f->cases);
        pct(f->conversion, a, sizeof(a));
        pct(f->win_rate, b, sizeof(b));
        printf("  open %d, reinstated %d, lost %d\n", f->open, f->reinstated, f->lost);
        printf("  conversion to reinstated %s of cases, %s of closed cases\n", a, b);
        if (f->reinstated)
                printf("  median days from opening to reinstated %.1f\n",
                       f->median_days_to_reinstated);
        printf("\n");
        t = table_new(5, "STAGE", "REACHED", "OF CASES", "TO REINSTATED", "MEDIAN DAYS IN STAGE");
        for (size_t i = 0; i < f->n_stages; i++) {
                const Reinstate__V1__FunnelStage *s = f->stages[i];
                char n[16], share[16], conv[16], days[32] = "";
                snprintf(n, sizeof(n), "%d", s->reached);
                pct(s->share_of_cases, share, sizeof(share));
                pct(s->conversion, conv, sizeof(conv));
                if (s->left)
                        snprintf(days, sizeof(days), "%.1f (%d left)", s->median_days_in_stage,
                                 s->left);
                else if (strcmp(s->stage, "reinstated") != 0)
                        snprintf(days, sizeof(days), "-");
                table_row(t, s->stage, n, share, conv, days);
        }
        table_print(t, stdout);
        if (f->n_loss_reasons) {
                printf("\nloss reasons:\n");
                t = table_new(2, "REASON", "CASES");
                for (size_t i = 0; i < f->n_loss_reasons; i++) {
                        char n[16];
                        snprintf(n, sizeof(n), "%d", f->loss_reasons[i]->cases);
                        table_row(t, f->loss_reasons[i]->loss_reason, n);
                }
                table_print(t, stdout);
        }
}

static int report_funnel(struct cli *cli, struct args *a)
{
        Reinstate__V1__FunnelResponse *resp = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Reports/Funnel", a->req,
                      &reinstate__v1__funnel_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                print_funnel(resp);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int report_coaches(struct cli *cli, struct args *a)
{
        Reinstate__V1__CoachesReportResponse *resp = NULL;
        char when[64];
        int rv;

        rv = cli_call(cli, "reinstate.v1.Reports/Coaches", a->req,
                      &reinstate__v1__coaches_report_response__descriptor,
                      (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                struct table *t = table_new(8, "ID", "COACH", "CASES", "OPEN", "OVERDUE",
                                            "REINSTATED", "LOST", "WIN RATE");
                period(resp->from, resp->to, when, sizeof(when));
                if (cli_text(cli))
                        printf("coaches, %s; next steps overdue on %s\n\n", when, resp->as_of);
                for (size_t i = 0; i < resp->n_coaches; i++) {
                        const Reinstate__V1__CoachReport *c = resp->coaches[i];
                        char id[24], name[300], n[5][16], win[16];
                        snprintf(id, sizeof(id), "%lld", (long long)c->coach_id);
                        snprintf(name, sizeof(name), "%s%s", c->name,
                                 c->disabled ? " (disabled)" : "");
                        snprintf(n[0], sizeof(n[0]), "%d", c->cases);
                        snprintf(n[1], sizeof(n[1]), "%d", c->open_cases);
                        snprintf(n[2], sizeof(n[2]), "%d", c->overdue_steps);
                        snprintf(n[3], sizeof(n[3]), "%d", c->reinstated);
                        snprintf(n[4], sizeof(n[4]), "%d", c->lost);
                        if (c->reinstated + c->lost)
                                pct(c->win_rate, win, sizeof(win));
                        else
                                snprintf(win, sizeof(win), "-");
                        table_row(t, id, name, n[0], n[1], n[2], n[3], n[4], win);
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

#define REPORT_PERIOD_OPTS                                                                         \
        {.name = "from",                                                                           \
         .type = OPT_DATE,                                                                         \
         .field = "from",                                                                          \
         .help = "cases opened on or after this day"},                                             \
        {                                                                                          \
                .name = "to", .type = OPT_DATE, .field = "to",                                     \
                .help = "cases opened on or before this day"                                       \
        }

static const struct opt funnel_opts[] = {
    REPORT_PERIOD_OPTS,
    {.name = "coach",
     .type = OPT_ID,
     .field = "coach_id",
     .help = "one coach's cases (admins; coaches always see their own)",
     .complete = COMP_COACH},
    OPT_END,
};

static const struct opt coaches_opts[] = {
    REPORT_PERIOD_OPTS,
    {.name = "as-of",
     .type = OPT_DATE,
     .field = "as_of",
     .help = "count next steps overdue on that day (default today)"},
    OPT_END,
};

static const struct cli_verb report_verbs[] = {
    {"funnel", report_funnel, "how far cases get, how long stages take, why cases are lost",
     funnel_opts, &reinstate__v1__funnel_request__descriptor, NULL, NULL, CLI_PAGED},
    {"coaches", report_coaches, "per coach: open cases, overdue next steps, outcomes (admins)",
     coaches_opts, &reinstate__v1__coaches_report_request__descriptor, NULL, NULL, CLI_LIST},
};

CLI_NOUN(noun_report, "report", "funnel and per-coach reports", report_verbs);
