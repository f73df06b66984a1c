// reinstate case: one declined offer each. open prints the new case id alone
// on stdout; show prints the case and its timeline (attempts, notes, stage
// changes, tasks) oldest first.
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/cases.pb-c.h"
#include "reinstate/v1/playbook.pb-c.h"
#include "vocab.h"
#include "banned.h"

enum {
        O_CLIENT = 1,
        O_COMPANY,
        O_ROLE,
        O_MANAGER,
        O_MANAGER_EMAIL,
        O_MANAGER_PHONE,
        O_HR,
        O_HR_EMAIL,
        O_SALARY,
        O_CURRENCY,
        O_OFFERED,
        O_DECLINED,
        O_REASON,
        O_BETTER,
        O_START_ON,
        O_INTERVIEW_ON,
        O_ROUTE,
        O_ROUTE_CONTACT,
        O_MOTIVATION,
        O_NO_MOTIVATION,
        O_STAGE,
        O_CLOSED,
        O_ALL,
        O_COACH,
        O_WHY,
        O_ETAG,
        O_WON,
        O_LOST,
};

// The descriptive options shared by open and edit, with their field names.
static const struct option field_opts[] = {
    {"company", required_argument, NULL, O_COMPANY},
    {"role", required_argument, NULL, O_ROLE},
    {"manager", required_argument, NULL, O_MANAGER},
    {"manager-email", required_argument, NULL, O_MANAGER_EMAIL},
    {"manager-phone", required_argument, NULL, O_MANAGER_PHONE},
    {"hr", required_argument, NULL, O_HR},
    {"hr-email", required_argument, NULL, O_HR_EMAIL},
    {"salary", required_argument, NULL, O_SALARY},
    {"currency", required_argument, NULL, O_CURRENCY},
    {"offered-on", required_argument, NULL, O_OFFERED},
    {"declined-on", required_argument, NULL, O_DECLINED},
    {"reason", required_argument, NULL, O_REASON},
    {"better-offer", required_argument, NULL, O_BETTER},
    {"start-on", required_argument, NULL, O_START_ON},
    {"interview-on", required_argument, NULL, O_INTERVIEW_ON},
    {"route", required_argument, NULL, O_ROUTE},
    {"route-contact", required_argument, NULL, O_ROUTE_CONTACT},
    {"motivation-confirmed", no_argument, NULL, O_MOTIVATION},
    {"no-motivation-confirmed", no_argument, NULL, O_NO_MOTIVATION},
    {"client", required_argument, NULL, O_CLIENT},
    {"etag", required_argument, NULL, O_ETAG},
    {NULL, 0, NULL, 0},
};

// Applies one descriptive option to k; returns the proto field name it set,
// NULL for options that are not descriptive, or "" after a usage error.
static const char *set_field(Reinstate__V1__Case *k, int opt, char *arg)
{
        switch (opt) {
        case O_COMPANY:
                k->company = arg;
                return "company";
        case O_ROLE:
                k->role_title = arg;
                return "role_title";
        case O_MANAGER:
                k->manager_name = arg;
                return "manager_name";
        case O_MANAGER_EMAIL:
                k->manager_email = arg;
                return "manager_email";
        case O_MANAGER_PHONE:
                k->manager_phone = arg;
                return "manager_phone";
        case O_HR:
                k->hr_name = arg;
                return "hr_name";
        case O_HR_EMAIL:
                k->hr_email = arg;
                return "hr_email";
        case O_SALARY: {
                char *end;
                long long v = strtoll(arg, &end, 10);
                if (*end != '\0' || v < 0) {
                        cli_usage_error("--salary must be a whole non-negative number");
                        return "";
                }
                k->salary = v;
                return "salary";
        }
        case O_CURRENCY:
                k->currency = arg;
                return "currency";
        case O_OFFERED:
                k->offered_on = arg;
                return "offered_on";
        case O_DECLINED:
                k->declined_on = arg;
                return "declined_on";
        case O_REASON:
                k->decline_reason = arg;
                return "decline_reason";
        case O_BETTER:
                k->better_offer = arg;
                return "better_offer";
        case O_START_ON:
                k->start_on = arg;
                return "start_on";
        case O_INTERVIEW_ON:
                k->interview_on = arg;
                return "interview_on";
        case O_ROUTE:
                k->route = arg;
                return "route";
        case O_ROUTE_CONTACT:
                k->route_contact = arg;
                return "route_contact";
        case O_MOTIVATION:
        case O_NO_MOTIVATION:
                k->motivation_confirmed = opt == O_MOTIVATION;
                return "motivation_confirmed";
        default:
                return NULL;
        }
}

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

static int case_open(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__CreateCaseRequest req = REINSTATE__V1__CREATE_CASE_REQUEST__INIT;
        Reinstate__V1__Case k = REINSTATE__V1__CASE__INIT;
        Reinstate__V1__Case *resp = NULL;
        int opt;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", field_opts, NULL)) != -1) {
                const char *f = set_field(&k, opt, optarg);
                if (f && f[0] == '\0')
                        return EXIT_USAGE;
                if (f)
                        continue;
                if (opt != O_CLIENT)
                        return EXIT_USAGE;
                if (args_id("client", optarg, &k.client_id))
                        return EXIT_USAGE;
        }
        if (optind < argc || k.client_id == 0)
                return cli_usage_error(
                    "usage: reinstate case open --client ID --company C --role R --manager NAME "
                    "[options]");
        req.case_ = &k;
        int rv = cli_call(cli, "reinstate.v1.Cases/CreateCase", &req.base,
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

static int case_edit(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__UpdateCaseRequest req = REINSTATE__V1__UPDATE_CASE_REQUEST__INIT;
        Reinstate__V1__Case k = REINSTATE__V1__CASE__INIT;
        Reinstate__V1__Case *resp = NULL;
        char *mask[32], *etag = NULL;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", field_opts, NULL)) != -1) {
                const char *f = set_field(&k, opt, optarg);
                if (f && f[0] == '\0')
                        return EXIT_USAGE;
                if (f && req.n_update_mask < 32) {
                        mask[req.n_update_mask++] = (char *)f;
                        continue;
                }
                if (opt != O_ETAG)
                        return cli_usage_error("case edit changes the details only: use case "
                                               "move/close/opening for the stage");
                free(etag);
                etag = strdup(optarg);
        }
        if (optind != argc - 1 || req.n_update_mask == 0) {
                free(etag);
                return cli_usage_error("usage: reinstate case edit ID [--company C] [--role R] "
                                       "... [--etag ETAG]");
        }
        if (args_id("case", argv[optind], &k.id)) {
                free(etag);
                return EXIT_USAGE;
        }
        if (etag == NULL) {
                Reinstate__V1__Case *cur = NULL;
                if ((rv = get_case(cli, k.id, &cur)) != 0)
                        return rv;
                etag = strdup(cur->etag);
                protobuf_c_message_free_unpacked(&cur->base, NULL);
        }
        k.etag = etag;
        req.case_ = &k;
        req.update_mask = mask;
        rv = cli_call(cli, "reinstate.v1.Cases/UpdateCase", &req.base,
                      &reinstate__v1__case__descriptor, (ProtobufCMessage **)&resp);
        free(etag);
        return show_case(cli, rv, resp, 0);
}

static int case_list(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"stage", required_argument, NULL, O_STAGE},
            {"closed", no_argument, NULL, O_CLOSED},
            {"all", no_argument, NULL, O_ALL},
            {"client", required_argument, NULL, O_CLIENT},
            {"coach", required_argument, NULL, O_COACH},
            {"company", required_argument, NULL, O_COMPANY},
            ARGS_PAGE_OPTIONS,
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__ListCasesRequest req = REINSTATE__V1__LIST_CASES_REQUEST__INIT;
        Reinstate__V1__ListCasesResponse *resp;
        struct list_opts lo = {0, NULL};
        struct list_result res;
        struct table *t;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (opt) {
                case O_STAGE:
                        req.stage = optarg;
                        break;
                case O_CLOSED:
                        req.status = "closed";
                        break;
                case O_ALL:
                        req.status = "all";
                        break;
                case O_CLIENT:
                        if (args_id("client", optarg, &req.client_id))
                                return EXIT_USAGE;
                        break;
                case O_COACH:
                        if (args_id("coach", optarg, &req.coach_id))
                                return EXIT_USAGE;
                        break;
                case O_COMPANY:
                        req.company = optarg;
                        break;
                default:
                        if (args_page_option(opt, optarg, &lo) != 1)
                                return EXIT_USAGE;
                        break;
                }
        }
        if (optind < argc)
                return cli_usage_error("case list takes no arguments");
        rv = args_list(cli, "reinstate.v1.Cases/ListCases", &req.base,
                       &reinstate__v1__list_cases_response__descriptor, &lo, &res);
        if (rv != 0)
                return rv;
        resp = (void *)res.msg;
        if (cli->json) {
                cli_print_json(res.msg);
        } else {
                t = table_new(9, "ID", "CLIENT", "COMPANY", "ROLE", "STAGE", "OPENING", "SINCE",
                              "NEXT", "DUE");
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
                        table_row(t, id, k->client_name, k->company, k->role_title, stage,
                                  k->opening_status, args_short_time(k->stage_changed_at, since),
                                  k->next_step ? k->next_step->action : "", due);
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

static int case_show(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__GetCaseTimelineRequest req = REINSTATE__V1__GET_CASE_TIMELINE_REQUEST__INIT;
        Reinstate__V1__GetCaseTimelineResponse *resp = NULL;
        int rv;

        if (argc != 2)
                return cli_usage_error("usage: reinstate case show ID");
        if (args_id("case", argv[1], &req.id))
                return EXIT_USAGE;
        rv = cli_call(cli, "reinstate.v1.Cases/GetCaseTimeline", &req.base,
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

static int case_next(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__GetNextStepRequest req = REINSTATE__V1__GET_NEXT_STEP_REQUEST__INIT;
        Reinstate__V1__GetNextStepResponse *resp = NULL;
        int rv;

        if (argc == 4 && strcmp(argv[2], "--as-of") == 0)
                req.as_of = argv[3];
        else if (argc != 2)
                return cli_usage_error("usage: reinstate case next ID [--as-of DATE]");
        if (args_id("case", argv[1], &req.case_id))
                return EXIT_USAGE;
        rv = cli_call(cli, "reinstate.v1.Playbook/GetNextStep", &req.base,
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

static int case_history(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__ListStageHistoryRequest req =
            REINSTATE__V1__LIST_STAGE_HISTORY_REQUEST__INIT;
        Reinstate__V1__ListStageHistoryResponse *resp = NULL;
        int rv;

        if (argc != 2)
                return cli_usage_error("usage: reinstate case history ID");
        if (args_id("case", argv[1], &req.case_id))
                return EXIT_USAGE;
        rv = cli_call(cli, "reinstate.v1.Cases/ListStageHistory", &req.base,
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

static int case_opening(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"etag", required_argument, NULL, O_ETAG},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__VerifyOpeningRequest req = REINSTATE__V1__VERIFY_OPENING_REQUEST__INIT;
        Reinstate__V1__Case *k = NULL;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (opt != O_ETAG)
                        return EXIT_USAGE;
                req.etag = optarg;
        }
        if (argc - optind != 2)
                return cli_usage_error("usage: reinstate case opening ID open|filled|unknown");
        if (args_id("case", argv[optind], &req.id))
                return EXIT_USAGE;
        req.opening_status = argv[optind + 1];
        rv = cli_call(cli, "reinstate.v1.Cases/VerifyOpening", &req.base,
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

static int case_move(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"why", required_argument, NULL, O_WHY},
            {"etag", required_argument, NULL, O_ETAG},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__MoveCaseRequest req = REINSTATE__V1__MOVE_CASE_REQUEST__INIT;
        Reinstate__V1__Case *k = NULL;
        int opt;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (opt == O_WHY)
                        req.why = optarg;
                else if (opt == O_ETAG)
                        req.etag = optarg;
                else
                        return EXIT_USAGE;
        }
        if (argc - optind != 2)
                return cli_usage_error("usage: reinstate case move ID STAGE [--why TEXT]\n"
                                       "  stages: %s",
                                       vocab_list(VOCAB_STAGE));
        if (args_id("case", argv[optind], &req.id))
                return EXIT_USAGE;
        req.stage = argv[optind + 1];
        int rv = cli_call(cli, "reinstate.v1.Cases/MoveCase", &req.base,
                          &reinstate__v1__case__descriptor, (ProtobufCMessage **)&k);

        return print_stage(cli, rv, k);
}

static int case_close(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"won", no_argument, NULL, O_WON},
            {"lost", required_argument, NULL, O_LOST},
            {"why", required_argument, NULL, O_WHY},
            {"etag", required_argument, NULL, O_ETAG},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__CloseCaseRequest req = REINSTATE__V1__CLOSE_CASE_REQUEST__INIT;
        Reinstate__V1__Case *k = NULL;
        int opt, won = 0, lost = 0;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (opt == O_WON) {
                        won = 1;
                } else if (opt == O_LOST) {
                        lost = 1;
                        req.loss_reason = optarg;
                } else if (opt == O_WHY) {
                        req.why = optarg;
                } else if (opt == O_ETAG) {
                        req.etag = optarg;
                } else {
                        return EXIT_USAGE;
                }
        }
        if (argc - optind != 1 || won == lost)
                return cli_usage_error("usage: reinstate case close ID --won | --lost REASON "
                                       "[--why TEXT]");
        if (args_id("case", argv[optind], &req.id))
                return EXIT_USAGE;
        req.won = won;
        int rv = cli_call(cli, "reinstate.v1.Cases/CloseCase", &req.base,
                          &reinstate__v1__case__descriptor, (ProtobufCMessage **)&k);

        return print_stage(cli, rv, k);
}

static int case_reopen(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"stage", required_argument, NULL, O_STAGE},
            {"why", required_argument, NULL, O_WHY},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__ReopenCaseRequest req = REINSTATE__V1__REOPEN_CASE_REQUEST__INIT;
        Reinstate__V1__Case *k = NULL;
        int opt;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (opt == O_STAGE)
                        req.stage = optarg;
                else if (opt == O_WHY)
                        req.why = optarg;
                else
                        return EXIT_USAGE;
        }
        if (argc - optind != 1)
                return cli_usage_error("usage: reinstate case reopen ID [--stage S] [--why TEXT]");
        if (args_id("case", argv[optind], &req.id))
                return EXIT_USAGE;
        int rv = cli_call(cli, "reinstate.v1.Cases/ReopenCase", &req.base,
                          &reinstate__v1__case__descriptor, (ProtobufCMessage **)&k);

        return print_stage(cli, rv, k);
}

static const struct cli_verb case_verbs[] = {
    {"open", case_open,
     "open --client ID --company C --role R --manager NAME [--manager-email E] "
     "[--manager-phone P] [--hr NAME] [--hr-email E] [--salary AMOUNT] [--currency CUR] "
     "[--offered-on DATE] [--declined-on DATE] [--reason TEXT] [--better-offer TEXT]",
     "open a case for a declined offer; prints its id"},
    {"list", case_list,
     "list [--stage S] [--closed|--all] [--client ID] [--coach ID] [--company TEXT] "
     "[--page-size N] [--page-token T]",
     "list open cases (or closed, or all)"},
    {"show", case_show, "show ID", "show a case, its next step and its timeline"},
    {"next", case_next, "next ID [--as-of DATE]",
     "what to do next on a case, why, and by when (the playbook)"},
    {"history", case_history, "history ID", "show a case's stage changes"},
    {"edit", case_edit,
     "edit ID [--company C] [--role R] ... [--start-on DATE] [--interview-on DATE] "
     "[--route manager|skip_level|referral|hr_last_resort] [--route-contact NAME] "
     "[--[no-]motivation-confirmed] [--etag ETAG]",
     "change a case's details (same options as open); --start-on also on a won case"},
    {"opening", case_opening, "opening ID open|filled|unknown",
     "record whether the job is still open, as verified now"},
    {"move", case_move, "move ID STAGE [--why TEXT] [--etag ETAG]", "move a case to a stage"},
    {"close", case_close, "close ID --won | --lost REASON [--why TEXT] [--etag ETAG]",
     "close a case: reinstated, or lost with a reason"},
    {"reopen", case_reopen, "reopen ID [--stage verify_opening|contact_manager] [--why TEXT]",
     "reopen a closed case (admins)"},
    {"share", cmd_case_share, "share ID [--notify EMAIL]",
     "issue an access code for the job seeker's status check (shown once)"},
    {"unshare", cmd_case_unshare, "unshare ID", "revoke every active access code of a case"},
    {"shares", cmd_case_shares, "shares ID",
     "list a case's access codes (never the codes): active, expired or revoked"},
};

int cmd_case(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "case", case_verbs, sizeof(case_verbs) / sizeof(case_verbs[0]),
                             argc, argv);
}
