// reinstate report: the funnel (a coach's own cases; an admin's agency, or
// one coach's) and the per-coach report (admins). Both take --from/--to on
// the date cases were opened.
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/reports.pb-c.h"
#include "banned.h"

enum { O_FROM = 1, O_TO, O_COACH, O_AS_OF };

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

static int report_funnel(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"from", required_argument, NULL, O_FROM},
            {"to", required_argument, NULL, O_TO},
            {"coach", required_argument, NULL, O_COACH},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__FunnelRequest req = REINSTATE__V1__FUNNEL_REQUEST__INIT;
        Reinstate__V1__FunnelResponse *resp = NULL;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (opt) {
                case O_FROM:
                        req.from = optarg;
                        break;
                case O_TO:
                        req.to = optarg;
                        break;
                case O_COACH:
                        if (args_id("coach", optarg, &req.coach_id))
                                return EXIT_USAGE;
                        break;
                default:
                        return EXIT_USAGE;
                }
        }
        if (optind < argc)
                return cli_usage_error("report funnel takes options only");
        rv = cli_call(cli, "reinstate.v1.Reports/Funnel", &req.base,
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

static int report_coaches(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"from", required_argument, NULL, O_FROM},
            {"to", required_argument, NULL, O_TO},
            {"as-of", required_argument, NULL, O_AS_OF},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__CoachesReportRequest req = REINSTATE__V1__COACHES_REPORT_REQUEST__INIT;
        Reinstate__V1__CoachesReportResponse *resp = NULL;
        char when[64];
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (opt) {
                case O_FROM:
                        req.from = optarg;
                        break;
                case O_TO:
                        req.to = optarg;
                        break;
                case O_AS_OF:
                        req.as_of = optarg;
                        break;
                default:
                        return EXIT_USAGE;
                }
        }
        if (optind < argc)
                return cli_usage_error("report coaches takes options only");
        rv = cli_call(cli, "reinstate.v1.Reports/Coaches", &req.base,
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

static const struct cli_verb report_verbs[] = {
    {"funnel", report_funnel, "funnel [--from DATE] [--to DATE] [--coach ID]",
     "how far cases get, how long stages take, why cases are lost"},
    {"coaches", report_coaches, "coaches [--from DATE] [--to DATE] [--as-of DATE]",
     "per coach: open cases, overdue next steps, outcomes (admins)"},
};

int cmd_report(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "report", report_verbs,
                             sizeof(report_verbs) / sizeof(report_verbs[0]), argc, argv);
}
