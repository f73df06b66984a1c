// reinstate case: one declined offer each. open prints the new case id alone
// on stdout; show prints the case and its timeline (attempts, notes, stage
// changes, tasks) oldest first.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/cases.pb-c.h"
#include "reinstate/v1/access.pb-c.h"
#include "reinstate/v1/playbook.pb-c.h"
#include "banned.h"

static void print_case(const Reinstate__V1__Case *k)
{
        printf("case %lld: %s, %s at %s\n", (long long)k->id, k->client_name, k->role_title,
               k->company);
        printf("  stage           %s%s%s (since %s)\n", k->stage, k->loss_reason[0] ? ": " : "",
               k->loss_reason, k->stage_changed_at);
        printf("  opening         %s%s%s\n", k->opening_status,
               k->opening_verified_at[0] ? ", verified " : "", k->opening_verified_at);
        printf("  client          %lld %s\n", (long long)k->client_id, k->client_name);
        printf("  coach           %lld\n", (long long)k->coach_id);
        printf("  hiring manager  %s%s%s%s%s\n", k->manager_name, k->manager_email[0] ? " <" : "",
               k->manager_email, k->manager_email[0] ? ">" : "", "");
        if (k->manager_phone[0])
                printf("  manager phone   %s\n", k->manager_phone);
        if (k->hr_name[0] || k->hr_email[0])
                printf("  hr contact      %s %s\n", k->hr_name, k->hr_email);
        if (k->salary)
                printf("  salary          %lld %s\n", (long long)k->salary, k->currency);
        if (k->offered_on[0] || k->declined_on[0])
                printf("  offered         %s, declined %s\n",
                       k->offered_on[0] ? k->offered_on : "?",
                       k->declined_on[0] ? k->declined_on : "?");
        if (k->decline_reason[0])
                printf("  decline reason  %s\n", k->decline_reason);
        if (k->better_offer[0])
                printf("  better offer    %s\n", k->better_offer);
        if (k->route[0] && strcmp(k->route, "manager") != 0)
                printf("  route in        %s: %s\n", k->route, k->route_contact);
        printf("  motivation      %s%s\n", k->motivation_confirmed ? "confirmed " : "not confirmed",
               k->motivation_confirmed_at);
        if (k->interview_on[0])
                printf("  re-interview    %s\n", k->interview_on);
        if (k->start_on[0])
                printf("  starts          %s\n", k->start_on);
        printf("  opened          %s\n", k->created_at);
        if (k->closed)
                printf("  closed          %s\n", k->closed_at);
        printf("  etag            %s\n", k->etag);
}

// The playbook's next step, as `case next` and `case show` print it.
static void print_next_step(const Reinstate__V1__NextStep *st)
{
        printf("next step       %s (due %s%s)\n", st->title, st->due_on,
               st->overdue_days > 0 ? ", overdue" : "");
        printf("  rule          %s\n", st->rule_id);
        printf("  why           %s\n", st->reason);
        for (size_t i = 0; i < st->n_warnings; i++)
                printf("  warning       %s [%s]\n", st->warnings[i]->text, st->warnings[i]->id);
        if (st->detail[0]) {
                const char *p = st->detail;
                printf("  how\n");
                while (*p) {
                        size_t n = strcspn(p, "\n");
                        printf("    %.*s\n", (int)n, p);
                        p += n;
                        if (*p == '\n')
                                p++;
                }
        }
        printf("  client sees   %s\n", st->client_wording);
}

static int show_case(struct cli *cli, int rv, Reinstate__V1__Case *k, int id_only)
{
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&k->base);
        else if (id_only)
                printf("%lld\n", (long long)k->id);
        else
                print_case(k);
        protobuf_c_message_free_unpacked(&k->base, NULL);
        return 0;
}

static int case_open(struct cli *cli, struct args *a)
{
        Reinstate__V1__Case *resp = NULL;
        int rv = cli_call(cli, "reinstate.v1.Cases/CreateCase", a->req,
                          &reinstate__v1__case__descriptor, (ProtobufCMessage **)&resp);

        return show_case(cli, rv, resp, 1);
}

static int get_case(struct cli *cli, int64_t id, Reinstate__V1__Case **out)
{
        Reinstate__V1__GetCaseRequest g = REINSTATE__V1__GET_CASE_REQUEST__INIT;

        g.id = id;
        return cli_call(cli, "reinstate.v1.Cases/GetCase", &g.base,
                        &reinstate__v1__case__descriptor, (ProtobufCMessage **)out);
}

static int case_edit(struct cli *cli, struct args *a)
{
        Reinstate__V1__UpdateCaseRequest *req = (void *)a->req;
        Reinstate__V1__Case *resp = NULL;
        char *etag = NULL;
        int rv;

        if (req->n_update_mask == 0)
                return args_error(a, "name at least one detail to change (see 'reinstate case "
                                     "edit --help'); move, close and opening change the stage");
        if (req->case_->etag[0] == '\0') {
                // Read-modify-write: the etag just read guards the update.
                Reinstate__V1__Case *cur = NULL;
                if ((rv = get_case(cli, req->case_->id, &cur)) != 0)
                        return rv;
                etag = strdup(cur->etag);
                protobuf_c_message_free_unpacked(&cur->base, NULL);
                if (etag == NULL)
                        return EXIT_FAILURE_;
                req->case_->etag = etag;
        }
        rv = cli_call(cli, "reinstate.v1.Cases/UpdateCase", a->req,
                      &reinstate__v1__case__descriptor, (ProtobufCMessage **)&resp);
        free(etag);
        return show_case(cli, rv, resp, 0);
}

static int case_list(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListCasesResponse *resp;
        struct list_opts lo = args_page(a);
        struct list_result res;
        struct table *t;
        int rv;

        rv = args_list(cli, "reinstate.v1.Cases/ListCases", a->req,
                       &reinstate__v1__list_cases_response__descriptor, &lo, &res);
        if (rv != 0)
                return rv;
        resp = (void *)res.msg;
        if (cli->json) {
                cli_print_json(res.msg);
        } else {
                t = table_new(12, "ID", "CLIENT", "COMPANY", "ROLE", "STAGE", "OPENING", "SINCE",
                              "NEXT", "DUE", "MANAGER", "COACH", "OPENED");
                table_wide_from(t, 9);
                for (size_t i = 0; i < resp->n_cases; i++) {
                        const Reinstate__V1__Case *k = resp->cases[i];
                        char id[24], since[17], stage[64];
                        snprintf(id, sizeof(id), "%lld", (long long)k->id);
                        snprintf(stage, sizeof(stage), "%s%s%s", k->stage,
                                 k->loss_reason[0] ? ": " : "", k->loss_reason);
                        char due[24] = "";
                        if (k->next_step)
                                snprintf(due, sizeof(due), "%s%s", k->next_step->due_on,
                                         k->next_step->overdue_days > 0 ? "!" : "");
                        char coach[24], opened[17];
                        snprintf(coach, sizeof(coach), "%lld", (long long)k->coach_id);
                        table_row(t, id, k->client_name, k->company, k->role_title, stage,
                                  k->opening_status, args_short_time(k->stage_changed_at, since),
                                  k->next_step ? k->next_step->action : "", due, k->manager_name,
                                  coach, args_short_time(k->created_at, opened));
                        if (k->closed)
                                table_mark(t, TABLE_MARK_QUIET);
                        else if (k->next_step && k->next_step->overdue_days > 0)
                                table_mark(t, TABLE_MARK_ALERT);
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

static int case_show(struct cli *cli, struct args *a)
{
        Reinstate__V1__GetCaseTimelineResponse *resp = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Cases/GetCaseTimeline", a->req,
                      &reinstate__v1__get_case_timeline_response__descriptor,
                      (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                struct table *t = table_new(3, "WHEN", "KIND", "WHAT");
                print_case(resp->case_);
                if (resp->next_step) {
                        printf("\n");
                        print_next_step(resp->next_step);
                }
                if (resp->job_seeker_views > 0)
                        printf("\nthe job seeker checked the status %d time%s, last on %s\n",
                               resp->job_seeker_views, resp->job_seeker_views == 1 ? "" : "s",
                               resp->job_seeker_viewed_at);
                printf("\ntimeline%s:\n", resp->truncated ? " (most recent entries)" : "");
                for (size_t i = 0; i < resp->n_entries; i++) {
                        const Reinstate__V1__TimelineEntry *e = resp->entries[i];
                        char when[17];
                        table_row(t, args_short_time(e->at, when), e->kind, e->text);
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int case_next(struct cli *cli, struct args *a)
{
        Reinstate__V1__GetNextStepResponse *resp = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Playbook/GetNextStep", a->req,
                      &reinstate__v1__get_next_step_response__descriptor,
                      (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                printf("case %lld, stage %s\n", (long long)resp->case_id, resp->stage);
                print_next_step(resp->next_step);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int case_history(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListStageHistoryResponse *resp = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Cases/ListStageHistory", a->req,
                      &reinstate__v1__list_stage_history_response__descriptor,
                      (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                struct table *t = table_new(5, "WHEN", "FROM", "TO", "BY", "WHY");
                for (size_t i = 0; i < resp->n_changes; i++) {
                        const Reinstate__V1__StageChange *h = resp->changes[i];
                        char when[17], to[64], by[24];
                        snprintf(to, sizeof(to), "%s%s%s", h->to_stage,
                                 h->loss_reason[0] ? ": " : "", h->loss_reason);
                        snprintf(by, sizeof(by), "%lld", (long long)h->actor_id);
                        table_row(t, args_short_time(h->at, when),
                                  h->from_stage[0] ? h->from_stage : "-", to,
                                  h->actor_name[0] ? h->actor_name : by, h->why);
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int case_opening(struct cli *cli, struct args *a)
{
        Reinstate__V1__Case *k = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Cases/VerifyOpening", a->req,
                      &reinstate__v1__case__descriptor, (ProtobufCMessage **)&k);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&k->base);
        } else {
                printf("case %lld: opening %s (verified %s), stage %s\n", (long long)k->id,
                       k->opening_status, k->opening_verified_at, k->stage);
                if (strcmp(k->opening_status, "filled") == 0 && !k->closed)
                        printf("the job is filled: close the case with 'reinstate case close %lld "
                               "--lost position_filled'\n",
                               (long long)k->id);
        }
        protobuf_c_message_free_unpacked(&k->base, NULL);
        return 0;
}

static int print_stage(struct cli *cli, int rv, Reinstate__V1__Case *k)
{
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&k->base);
        else
                printf("case %lld: %s%s%s\n", (long long)k->id, k->stage,
                       k->loss_reason[0] ? ": " : "", k->loss_reason);
        protobuf_c_message_free_unpacked(&k->base, NULL);
        return 0;
}

static int case_move(struct cli *cli, struct args *a)
{
        Reinstate__V1__Case *k = NULL;
        int rv = cli_call(cli, "reinstate.v1.Cases/MoveCase", a->req,
                          &reinstate__v1__case__descriptor, (ProtobufCMessage **)&k);

        return print_stage(cli, rv, k);
}

static int case_close(struct cli *cli, struct args *a)
{
        Reinstate__V1__Case *k = NULL;
        int rv;

        if (args_has(a, "won") == args_has(a, "lost"))
                return args_error(a, "give --won or --lost REASON (one of them)");
        rv = cli_call(cli, "reinstate.v1.Cases/CloseCase", a->req, &reinstate__v1__case__descriptor,
                      (ProtobufCMessage **)&k);
        return print_stage(cli, rv, k);
}

static int case_reopen(struct cli *cli, struct args *a)
{
        Reinstate__V1__Case *k = NULL;
        int rv = cli_call(cli, "reinstate.v1.Cases/ReopenCase", a->req,
                          &reinstate__v1__case__descriptor, (ProtobufCMessage **)&k);

        return print_stage(cli, rv, k);
}

// The routes in to the hiring manager.
static const char *const case_routes[] = {"manager", "skip_level", "referral", "hr_last_resort",
                                          NULL};

// The details of a case, shared by open and edit: the fields of Case they fill.
#define CASE_DETAIL_OPTS(req)                                                                      \
        {.name = "company",                                                                        \
         .type = OPT_STRING,                                                                       \
         .flags = OPT_MASK | (req),                                                                \
         .field = "case.company",                                                                  \
         .help = "the company that made the offer"},                                               \
            {.name = "role",                                                                       \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK | (req),                                                            \
             .field = "case.role_title",                                                           \
             .help = "the job title offered"},                                                     \
            {.name = "manager",                                                                    \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK | (req),                                                            \
             .meta = "NAME",                                                                       \
             .field = "case.manager_name",                                                         \
             .help = "the hiring manager from the interview"},                                     \
            {.name = "manager-email",                                                              \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK,                                                                    \
             .meta = "EMAIL",                                                                      \
             .field = "case.manager_email",                                                        \
             .help = "the hiring manager's e-mail"},                                               \
            {.name = "manager-phone",                                                              \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK,                                                                    \
             .meta = "PHONE",                                                                      \
             .field = "case.manager_phone",                                                        \
             .help = "the hiring manager's phone"},                                                \
            {.name = "hr",                                                                         \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK,                                                                    \
             .meta = "NAME",                                                                       \
             .field = "case.hr_name",                                                              \
             .help = "the HR contact (not the one to call)"},                                      \
            {.name = "hr-email",                                                                   \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK,                                                                    \
             .meta = "EMAIL",                                                                      \
             .field = "case.hr_email",                                                             \
             .help = "the HR contact's e-mail"},                                                   \
            {.name = "salary",                                                                     \
             .type = OPT_INT,                                                                      \
             .flags = OPT_MASK,                                                                    \
             .meta = "AMOUNT",                                                                     \
             .field = "case.salary",                                                               \
             .help = "the salary offered, whole units (with --currency)"},                         \
            {.name = "currency",                                                                   \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK,                                                                    \
             .meta = "CUR",                                                                        \
             .field = "case.currency",                                                             \
             .help = "ISO 4217 code of the salary, like EUR"},                                     \
            {.name = "offered-on",                                                                 \
             .type = OPT_DATE,                                                                     \
             .flags = OPT_MASK,                                                                    \
             .field = "case.offered_on",                                                           \
             .help = "the day the offer was made"},                                                \
            {.name = "declined-on",                                                                \
             .type = OPT_DATE,                                                                     \
             .flags = OPT_MASK,                                                                    \
             .field = "case.declined_on",                                                          \
             .help = "the day the client turned it down"},                                         \
            {.name = "reason",                                                                     \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK,                                                                    \
             .field = "case.decline_reason",                                                       \
             .help = "why the client declined"},                                                   \
            {.name = "better-offer",                                                               \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK,                                                                    \
             .field = "case.better_offer",                                                         \
             .help = "the \"better\" offer the client expected"},                                  \
            {.name = "start-on",                                                                   \
             .type = OPT_DATE,                                                                     \
             .flags = OPT_MASK,                                                                    \
             .field = "case.start_on",                                                             \
             .help = "the day the client starts (won cases; editable after closing)"},             \
            {.name = "interview-on",                                                               \
             .type = OPT_DATE,                                                                     \
             .flags = OPT_MASK,                                                                    \
             .field = "case.interview_on",                                                         \
             .help = "the day of the booked re-interview"},                                        \
            {.name = "route",                                                                      \
             .type = OPT_ENUM,                                                                     \
             .flags = OPT_MASK,                                                                    \
             .values = case_routes,                                                                \
             .field = "case.route",                                                                \
             .help = "the route in"},                                                              \
            {.name = "route-contact",                                                              \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK,                                                                    \
             .meta = "NAME",                                                                       \
             .field = "case.route_contact",                                                        \
             .help = "the route's contact (skip-level manager, referral, HR)"},                    \
            {.name = "motivation-confirmed",                                                       \
             .type = OPT_FLAG,                                                                     \
             .flags = OPT_MASK,                                                                    \
             .field = "case.motivation_confirmed",                                                 \
             .help = "the client confirmed they really want this job"},                            \
        {                                                                                          \
                .name = "no-motivation-confirmed", .type = OPT_FLAG, .flags = OPT_MASK,            \
                .set = "false", .field = "case.motivation_confirmed",                              \
                .help = "take that confirmation back"                                              \
        }

// A case id as the first argument, filling field f.
#define CASE_ID_ARG(f)                                                                             \
        {                                                                                          \
                .name = "ID", .type = OPT_ID, .flags = OPT_POSITIONAL | OPT_REQUIRED, .field = f,  \
                .help = "the case", .complete = COMP_CASE                                          \
        }

// --etag: refuse the change when the case changed since it was read.
#define CASE_ETAG_OPT(f)                                                                           \
        {                                                                                          \
                .name = "etag", .type = OPT_STRING, .field = f,                                    \
                .help = "only if the case is still at this version (from show --json)"             \
        }

static const struct opt open_opts[] = {
    {.name = "client",
     .type = OPT_ID,
     .flags = OPT_REQUIRED,
     .field = "case.client_id",
     .help = "the client who declined the offer",
     .complete = COMP_CLIENT},
    CASE_DETAIL_OPTS(OPT_REQUIRED),
    OPT_END,
};

static const struct opt edit_opts[] = {
    CASE_ID_ARG("case.id"),
    CASE_DETAIL_OPTS(0),
    CASE_ETAG_OPT("case.etag"),
    OPT_END,
};

static const struct opt list_opts[] = {
    {.name = "stage",
     .type = OPT_ENUM,
     .vocab = CLI_VOCAB_STAGE,
     .field = "stage",
     .help = "only cases at this stage"},
    {.name = "closed",
     .type = OPT_FLAG,
     .set = "closed",
     .field = "status",
     .help = "closed cases instead of open ones"},
    {.name = "all",
     .type = OPT_FLAG,
     .set = "all",
     .field = "status",
     .help = "open and closed cases"},
    {.name = "client",
     .type = OPT_ID,
     .field = "client_id",
     .help = "only this client's cases",
     .complete = COMP_CLIENT},
    {.name = "coach",
     .type = OPT_ID,
     .field = "coach_id",
     .help = "only this coach's cases (admins)",
     .complete = COMP_COACH},
    {.name = "company",
     .type = OPT_STRING,
     .field = "company",
     .help = "only cases at companies matching TEXT"},
    OPTS_PAGE,
    OPT_END,
};

static const struct opt show_opts[] = {CASE_ID_ARG("id"), OPT_END};

static const struct opt next_opts[] = {
    CASE_ID_ARG("case_id"),
    {.name = "as-of",
     .type = OPT_DATE,
     .field = "as_of",
     .help = "what the next step would be on that day (default today)"},
    OPT_END,
};

static const struct opt history_opts[] = {CASE_ID_ARG("case_id"), OPT_END};

static const struct opt opening_opts[] = {
    CASE_ID_ARG("id"),
    {.name = "STATUS",
     .type = OPT_ENUM,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .vocab = CLI_VOCAB_OPENING,
     .field = "opening_status",
     .help = "whether the job is still open, as verified now"},
    CASE_ETAG_OPT("etag"),
    OPT_END,
};

static const struct opt move_opts[] = {
    CASE_ID_ARG("id"),
    {.name = "STAGE",
     .type = OPT_ENUM,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .vocab = CLI_VOCAB_STAGE,
     .field = "stage",
     .help = "the stage to move to"},
    {.name = "why", .type = OPT_STRING, .field = "why", .help = "the reason, kept in the history"},
    CASE_ETAG_OPT("etag"),
    OPT_END,
};

static const struct opt close_opts[] = {
    CASE_ID_ARG("id"),
    {.name = "won", .type = OPT_FLAG, .field = "won", .help = "the client was reinstated"},
    {.name = "lost",
     .type = OPT_ENUM,
     .vocab = CLI_VOCAB_LOSS_REASON,
     .field = "loss_reason",
     .help = "the case is lost, for this reason"},
    {.name = "why", .type = OPT_STRING, .field = "why", .help = "the reason, kept in the history"},
    CASE_ETAG_OPT("etag"),
    OPT_END,
};

static const char *const reopen_stages[] = {"verify_opening", "contact_manager", NULL};

static const struct opt reopen_opts[] = {
    CASE_ID_ARG("id"),
    {.name = "stage",
     .type = OPT_ENUM,
     .values = reopen_stages,
     .field = "stage",
     .help = "the stage to reopen at (default verify_opening)"},
    {.name = "why", .type = OPT_STRING, .field = "why", .help = "the reason, kept in the history"},
    OPT_END,
};

static const struct opt id_opts[] = {CASE_ID_ARG("case_id"), OPT_END};

static const struct opt share_opts[] = {
    CASE_ID_ARG("case_id"),
    {.name = "notify",
     .type = OPT_STRING,
     .meta = "EMAIL",
     .field = "notify_email",
     .help = "also send the job seeker updates on their case by mail at EMAIL"},
    OPT_END,
};

static const struct cli_verb case_verbs[] = {
    {"open", case_open, "open a case for a declined offer; prints its id", open_opts,
     &reinstate__v1__create_case_request__descriptor},
    {"list", case_list, "list open cases (or closed, or all)", list_opts,
     &reinstate__v1__list_cases_request__descriptor, NULL, NULL, CLI_LIST},
    {"show", case_show, "show a case, its next step and its timeline", show_opts,
     &reinstate__v1__get_case_timeline_request__descriptor, NULL, NULL, CLI_PAGED},
    {"next", case_next, "what to do next on a case, why, and by when (the playbook)", next_opts,
     &reinstate__v1__get_next_step_request__descriptor},
    {"history", case_history, "show a case's stage changes", history_opts,
     &reinstate__v1__list_stage_history_request__descriptor, NULL, NULL, CLI_LIST},
    {"edit", case_edit, "change a case's details (the options of open)", edit_opts,
     &reinstate__v1__update_case_request__descriptor, "update_mask",
     "Only the details given change. Without --etag the case is read first and the change is "
     "refused if someone else changed it in between (exit 6)."},
    {"opening", case_opening, "record whether the job is still open, as verified now", opening_opts,
     &reinstate__v1__verify_opening_request__descriptor},
    {"move", case_move, "move a case to a stage", move_opts,
     &reinstate__v1__move_case_request__descriptor},
    {"close", case_close, "close a case: reinstated (--won), or lost with a reason (--lost)",
     close_opts, &reinstate__v1__close_case_request__descriptor},
    {"reopen", case_reopen, "reopen a closed case (admins)", reopen_opts,
     &reinstate__v1__reopen_case_request__descriptor},
    {"share", cmd_case_share, "issue an access code for the job seeker's status check (shown once)",
     share_opts, &reinstate__v1__share_case_request__descriptor},
    {"unshare", cmd_case_unshare, "revoke every active access code of a case", id_opts,
     &reinstate__v1__unshare_case_request__descriptor},
    {"shares", cmd_case_shares,
     "list a case's access codes (never the codes): active, expired or revoked", id_opts,
     &reinstate__v1__list_shares_request__descriptor, NULL, NULL, CLI_LIST},
};

CLI_NOUN(noun_case, "case", "open, list, show and move cases (declined offers)", case_verbs);
