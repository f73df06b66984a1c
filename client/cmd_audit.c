// reinstate audit list: the audit log, newest first (admins).
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/audit.pb-c.h"
#include "banned.h"

static int audit_list(struct cli *cli, int argc, char **argv)
{
        static const struct option longopts[] = {
            {"record", required_argument, NULL, 'r'},
            {"actor", required_argument, NULL, 'a'},
            {"limit", required_argument, NULL, 'l'},
            {"page-token", required_argument, NULL, 'p'},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__ListAuditRequest req = REINSTATE__V1__LIST_AUDIT_REQUEST__INIT;
        Reinstate__V1__ListAuditResponse *resp = NULL;
        struct table *t;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                if (opt == 'r')
                        req.record = optarg;
                else if (opt == 'a')
                        req.actor_id = atoll(optarg);
                else if (opt == 'l')
                        req.page_size = atoi(optarg);
                else if (opt == 'p')
                        req.page_token = optarg;
                else
                        return EXIT_USAGE;
        }
        if (optind < argc)
                return cli_usage_error("audit list takes options only");
        rv = cli_call(cli, "reinstate.v1.Audit/ListAudit", &req.base,
                      &reinstate__v1__list_audit_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                t = table_new(5, "WHEN", "WHO", "METHOD", "RECORD", "SUMMARY");
                for (size_t i = 0; i < resp->n_entries; i++) {
                        const Reinstate__V1__AuditEntry *e = resp->entries[i];
                        const char *m = strchr(e->method, '/');
                        table_row(t, e->at, e->actor_email[0] ? e->actor_email : "-",
                                  m ? m + 1 : e->method, e->record, e->summary);
                }
                table_print(t, stdout);
                args_more(&resp->base);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct cli_verb audit_verbs[] = {
    {"list", audit_list, "list [--record R] [--actor ID] [--limit N] [--page-token T]",
     "show the audit log, newest first (admin); --record case/42 or a prefix like case/"},
};

int cmd_audit(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "audit", audit_verbs,
                             sizeof(audit_verbs) / sizeof(audit_verbs[0]), argc, argv);
}
