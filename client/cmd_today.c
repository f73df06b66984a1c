// reinstate today: the caller's agenda, most urgent first.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "reinstate/v1/playbook.pb-c.h"
#include "banned.h"

static const char *when(int overdue, char *buf, size_t len)
{
        if (overdue > 0)
                snprintf(buf, len, "%d day%s overdue", overdue, overdue == 1 ? "" : "s");
        else if (overdue == 0)
                snprintf(buf, len, "today");
        else
                snprintf(buf, len, "in %d day%s", -overdue, overdue == -1 ? "" : "s");
        return buf;
}

static int today(struct cli *cli, struct args *a)
{
        Reinstate__V1__TodayResponse *resp = NULL;
        struct table *t;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Playbook/Today", a->req,
                      &reinstate__v1__today_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else if (resp->n_items == 0 && cli_text(cli)) {
                printf("nothing due on %s across %d open case%s\n", resp->as_of, resp->open_cases,
                       resp->open_cases == 1 ? "" : "s");
        } else {
                if (cli_text(cli))
                        printf("%s: %zu item%s across %d open case%s\n\n", resp->as_of,
                               resp->n_items, resp->n_items == 1 ? "" : "s", resp->open_cases,
                               resp->open_cases == 1 ? "" : "s");
                t = table_new(6, "WHEN", "CASE", "CLIENT", "COMPANY", "KIND", "WHAT");
                for (size_t i = 0; i < resp->n_items; i++) {
                        const Reinstate__V1__AgendaItem *it = resp->items[i];
                        char w[32], id[24];
                        snprintf(id, sizeof(id), "%lld", (long long)it->case_id);
                        table_row(t, when(it->overdue_days, w, sizeof(w)), id, it->client_name,
                                  it->company, it->kind, it->title);
                        if (it->overdue_days > 0)
                                table_mark(t, TABLE_MARK_ALERT);
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct opt today_opts[] = {
    {.name = "days",
     .type = OPT_INT,
     .field = "horizon_days",
     .help = "also what falls due in the next N days (0-30)"},
    {.name = "coach",
     .type = OPT_ID,
     .field = "coach_id",
     .help = "a coach's day (admins)",
     .complete = COMP_COACH},
    {.name = "as-of",
     .type = OPT_DATE,
     .field = "as_of",
     .help = "the agenda as it would be on that day (default today)"},
    OPT_END,
};

static const struct cli_verb today_verbs[] = {
    {"", today, "your agenda: next steps, tasks and follow-ups due, stale cases", today_opts,
     &reinstate__v1__today_request__descriptor, NULL,
     "Next steps, tasks and planned follow-ups that are due or overdue, and cases with no "
     "activity for a while, most urgent first.",
     CLI_LIST},
};

CLI_NOUN(noun_today, "today", "your agenda: next steps, tasks and follow-ups due, stale cases",
         today_verbs);
