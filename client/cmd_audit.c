// reinstate audit list: the audit log, newest first (admins).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "envelope.h"
#include "reinstate/v1/audit.pb-c.h"
#include "banned.h"

static int audit_list(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListAuditResponse *resp;
        struct list_opts lo = args_limit_page(a);
        struct list_result res;
        struct table *t;
        int rv;

        rv = args_list(cli, "reinstate.v1.Audit/ListAudit", a->req,
                       &reinstate__v1__list_audit_response__descriptor, &lo, &res);
        if (rv != 0)
                return rv;
        resp = (void *)res.msg;
        if (cli->json) {
                cli_print_json(res.msg);
        } else {
                t = table_new(5, "WHEN", "WHO", "METHOD", "RECORD", "SUMMARY");
                for (size_t i = 0; i < resp->n_entries; i++) {
                        const Reinstate__V1__AuditEntry *e = resp->entries[i];
                        const char *m = strchr(e->method, '/');
                        table_row(t, e->at, e->actor_email[0] ? e->actor_email : "-",
                                  m ? m + 1 : e->method, e->record, e->summary);
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

static const struct opt list_opts[] = {
    {.name = "record",
     .type = OPT_STRING,
     .meta = "R",
     .field = "record",
     .help = "one record (case/42) or every record of a kind (case/)"},
    {.name = "actor",
     .type = OPT_ID,
     .field = "actor_id",
     .help = "what this coach did",
     .complete = COMP_COACH},
    {.name = "limit",
     .type = OPT_INT,
     .min = 1,
     .max = RS_MAX_PAGE_SIZE,
     .field = "page_size",
     .help = "one page of at most N entries (default 50)"},
    {.name = "page-token",
     .type = OPT_STRING,
     .meta = "T",
     .field = "page_token",
     .help = "the page after T (printed by the previous page)"},
    OPT_ALL_PAGES,
    OPT_END,
};

static const struct cli_verb audit_verbs[] = {
    {"list", audit_list, "show the audit log, newest first (admin)", list_opts,
     &reinstate__v1__list_audit_request__descriptor, NULL,
     "Who did what to which record: every change made through the server (method, record such "
     "as case/42, request id, a short summary without secrets), logins and failed logins.",
     CLI_LIST},
};

CLI_NOUN(noun_audit, "audit", "read the audit log (admin)", audit_verbs);
