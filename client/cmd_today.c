// reinstate today: the caller's agenda, most urgent first.
#include <getopt.h>
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

int cmd_today(struct cli *cli, int argc, char **argv)
{
        static const struct option longopts[] = {
            {"days", required_argument, NULL, 'd'},
            {"coach", required_argument, NULL, 'c'},
            {"as-of", required_argument, NULL, 'a'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__TodayRequest req = REINSTATE__V1__TODAY_REQUEST__INIT;
        Reinstate__V1__TodayResponse *resp = NULL;
        struct table *t;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
                switch (opt) {
                case 'd':
                        req.horizon_days = atoi(optarg);
                        break;
                case 'c':
                        req.coach_id = atoll(optarg);
                        break;
                case 'a':
                        req.as_of = optarg;
                        break;
                case 'h':
                        printf("usage: reinstate today [--days N] [--coach ID] [--as-of DATE]\n\n"
                               "Your agenda: next steps, tasks and planned follow-ups that are due "
                               "or overdue,\nand cases with no activity for a while, most urgent "
                               "first. --days N also shows\nwhat falls due in the next N days "
                               "(0-30); admins may look at one coach's day\nwith --coach.\n");
                        return 0;
                default:
                        return EXIT_USAGE;
                }
        }
        if (optind < argc)
                return cli_usage_error("today takes options only");
        rv = cli_call(cli, "reinstate.v1.Playbook/Today", &req.base,
                      &reinstate__v1__today_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else if (resp->n_items == 0) {
                printf("nothing due on %s across %d open case%s\n", resp->as_of, resp->open_cases,
                       resp->open_cases == 1 ? "" : "s");
        } else {
                printf("%s: %zu item%s across %d open case%s\n\n", resp->as_of, resp->n_items,
                       resp->n_items == 1 ? "" : "s", resp->open_cases,
                       resp->open_cases == 1 ? "" : "s");
                t = table_new(6, "WHEN", "CASE", "CLIENT", "COMPANY", "KIND", "WHAT");
                for (size_t i = 0; i < resp->n_items; i++) {
                        const Reinstate__V1__AgendaItem *it = resp->items[i];
                        char w[32], id[24];
                        snprintf(id, sizeof(id), "%lld", (long long)it->case_id);
                        table_row(t, when(it->overdue_days, w, sizeof(w)), id, it->client_name,
                                  it->company, it->kind, it->title);
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}
