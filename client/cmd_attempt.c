// reinstate attempt: log a contact made on a case and list them. log prints
// the new attempt id alone on stdout; what it did to the case's stage goes to
// stderr.
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/attempts.pb-c.h"
#include "vocab.h"
#include "banned.h"

enum {
        O_CHANNEL = 1,
        O_ROLE,
        O_CONTACT,
        O_OUTCOME,
        O_SUMMARY,
        O_ACCEPTED,
        O_COMMITMENT,
        O_REINTERVIEW,
        O_FOLLOW_UP,
        O_AT,
        O_INTERVIEW_ON,
};

// Whether s is YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (no
// offset): a moment the server reads in the coach's time zone.
static int coach_local(const char *s)
{
        static const char shape[] = "dddd-dd-ddTdd:dd:dd";
        size_t n = strlen(s);

        if (n != 10 && n != 16 && n != 19)
                return 0;
        for (size_t i = 0; i < n; i++) {
                char want = shape[i];
                if (want == 'd'   ? (s[i] < '0' || s[i] > '9')
                    : want == 'T' ? (s[i] != 'T' && s[i] != ' ')
                                  : s[i] != want)
                        return 0;
        }
        return 1;
}

static int attempt_log(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"channel", required_argument, NULL, O_CHANNEL},
            {"contact-role", required_argument, NULL, O_ROLE},
            {"contact", required_argument, NULL, O_CONTACT},
            {"outcome", required_argument, NULL, O_OUTCOME},
            {"summary", required_argument, NULL, O_SUMMARY},
            {"accepted-responsibility", no_argument, NULL, O_ACCEPTED},
            {"conveyed-commitment", no_argument, NULL, O_COMMITMENT},
            {"offered-reinterview", no_argument, NULL, O_REINTERVIEW},
            {"follow-up", required_argument, NULL, O_FOLLOW_UP},
            {"at", required_argument, NULL, O_AT},
            {"interview-on", required_argument, NULL, O_INTERVIEW_ON},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__LogAttemptRequest req = REINSTATE__V1__LOG_ATTEMPT_REQUEST__INIT;
        Reinstate__V1__Attempt a = REINSTATE__V1__ATTEMPT__INIT;
        Reinstate__V1__LogAttemptResponse *resp = NULL;
        char when[80], follow_up[32], interview[32];
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (opt) {
                case O_CHANNEL:
                        a.channel = optarg;
                        break;
                case O_ROLE:
                        a.contact_role = optarg;
                        break;
                case O_CONTACT:
                        a.contact_name = optarg;
                        break;
                case O_OUTCOME:
                        a.outcome = optarg;
                        break;
                case O_SUMMARY:
                        a.summary = optarg;
                        break;
                case O_ACCEPTED:
                        a.accepted_responsibility = 1;
                        break;
                case O_COMMITMENT:
                        a.conveyed_commitment = 1;
                        break;
                case O_REINTERVIEW:
                        a.offered_reinterview = 1;
                        break;
                case O_FOLLOW_UP:
                        a.follow_up_on = optarg;
                        break;
                case O_AT:
                        a.at = optarg;
                        break;
                case O_INTERVIEW_ON:
                        a.interview_on = optarg;
                        break;
                default:
                        return EXIT_USAGE;
                }
        }
        if (argc - optind != 1)
                return cli_usage_error("usage: reinstate attempt log CASE --channel C "
                                       "--contact-role R --contact NAME --outcome O [options]\n"
                                       "  channels: %s\n  contact roles: %s\n  outcomes: %s",
                                       vocab_list(VOCAB_CHANNEL), vocab_list(VOCAB_CONTACT_ROLE),
                                       vocab_list(VOCAB_OUTCOME));
        if (args_id("case", argv[optind], &a.case_id))
                return EXIT_USAGE;
        if (a.follow_up_on[0]) {
                if (args_date("--follow-up", a.follow_up_on, follow_up, sizeof(follow_up)) != 0)
                        return EXIT_USAGE;
                a.follow_up_on = follow_up;
        }
        if (a.interview_on[0]) {
                if (args_date("--interview-on", a.interview_on, interview, sizeof(interview)) != 0)
                        return EXIT_USAGE;
                a.interview_on = interview;
        }
        // Without --at the server stamps the attempt. A date, or a date and a
        // time without an offset, goes as typed: the server reads it in the
        // coach's time zone. Other words ("yesterday 15:30") are read here,
        // in this machine's zone (TZ), and sent with their offset.
        if (a.at[0] && !coach_local(a.at)) {
                if ((rv = args_when(a.at, when, sizeof(when))) != 0)
                        return rv;
                a.at = when;
        }
        req.attempt = &a;
        rv = cli_call(cli, "reinstate.v1.Attempts/LogAttempt", &req.base,
                      &reinstate__v1__log_attempt_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                printf("%lld\n", (long long)resp->attempt->id);
                if (resp->moved)
                        fprintf(stderr, "case %lld moved: %s -> %s\n",
                                (long long)resp->attempt->case_id, resp->from_stage, resp->stage);
                else if (resp->note[0])
                        fprintf(stderr, "%s\n", resp->note);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int attempt_list(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            ARGS_PAGE_OPTIONS,
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__ListAttemptsRequest req = REINSTATE__V1__LIST_ATTEMPTS_REQUEST__INIT;
        Reinstate__V1__ListAttemptsResponse *resp;
        struct list_opts lo = {0, NULL};
        struct list_result res;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (args_page_option(opt, optarg, &lo) != 1)
                        return EXIT_USAGE;
        }
        if (argc - optind != 1)
                return cli_usage_error("usage: reinstate attempt list CASE");
        if (args_id("case", argv[optind], &req.case_id))
                return EXIT_USAGE;
        rv = args_list(cli, "reinstate.v1.Attempts/ListAttempts", &req.base,
                       &reinstate__v1__list_attempts_response__descriptor, &lo, &res);
        if (rv != 0)
                return rv;
        resp = (void *)res.msg;
        if (cli->json) {
                cli_print_json(res.msg);
        } else {
                struct table *t = table_new(7, "ID", "WHEN", "CHANNEL", "CONTACT", "OUTCOME",
                                            "PLAYBOOK", "FOLLOW UP");
                for (size_t i = 0; i < resp->n_attempts; i++) {
                        const Reinstate__V1__Attempt *a = resp->attempts[i];
                        char id[24], when[17], contact[256], flags[64];
                        snprintf(id, sizeof(id), "%lld", (long long)a->id);
                        snprintf(contact, sizeof(contact), "%s (%s)", a->contact_name,
                                 a->contact_role);
                        snprintf(flags, sizeof(flags), "%s%s%s",
                                 a->accepted_responsibility ? "responsibility " : "",
                                 a->conveyed_commitment ? "commitment " : "",
                                 a->offered_reinterview ? "re-interview" : "");
                        char outcome[96];
                        snprintf(outcome, sizeof(outcome), "%s%s", a->outcome,
                                 a->voided_at[0] ? " (voided)" : "");
                        table_row(t, id, args_short_time(a->at, when), a->channel, contact, outcome,
                                  flags, a->follow_up_on);
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

static int attempt_void(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__VoidAttemptRequest req = REINSTATE__V1__VOID_ATTEMPT_REQUEST__INIT;
        Reinstate__V1__VoidAttemptResponse *resp = NULL;
        int rv;

        if (argc == 4 && strcmp(argv[2], "--why") == 0)
                req.reason = argv[3];
        else if (argc != 2)
                return cli_usage_error("usage: reinstate attempt void ATTEMPT [--why TEXT]");
        if (args_id("attempt", argv[1], &req.attempt_id))
                return EXIT_USAGE;
        rv =
            cli_call(cli, "reinstate.v1.Attempts/VoidAttempt", &req.base,
                     &reinstate__v1__void_attempt_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                printf("attempt %lld voided (%s, %s)", (long long)resp->attempt->id,
                       resp->attempt->outcome, resp->attempt->at);
                if (resp->undone)
                        printf("; case %lld is back at %s", (long long)resp->attempt->case_id,
                               resp->stage);
                printf("\n");
                if (resp->note[0])
                        printf("note: %s\n", resp->note);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct cli_verb attempt_verbs[] = {
    {"log", attempt_log,
     "log CASE --channel C --contact-role R --contact NAME --outcome O [--summary TEXT] "
     "[--accepted-responsibility] [--conveyed-commitment] [--offered-reinterview] "
     "[--follow-up DATE] [--interview-on DATE] [--at YYYY-MM-DD[THH:MM]]",
     "log a contact made on a case; prints its id (--at in the coach's time zone, or "
     "RFC 3339 with an offset)"},
    {"list", attempt_list, "list CASE [--page-size N] [--page-token T]",
     "list a case's attempts, oldest first"},
    {"void", attempt_void, "void ATTEMPT [--why TEXT]",
     "void a mis-logged attempt: kept on record, no longer counted; undoes the stage move "
     "it caused"},
};

int cmd_attempt(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "attempt", attempt_verbs,
                             sizeof(attempt_verbs) / sizeof(attempt_verbs[0]), argc, argv);
}
