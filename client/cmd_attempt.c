// reinstate attempt: log a contact made on a case and list them. log prints
// the new attempt id alone on stdout; what it did to the case's stage goes to
// stderr.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/attempts.pb-c.h"
#include "banned.h"

static int attempt_log(struct cli *cli, struct args *a)
{
        Reinstate__V1__LogAttemptResponse *resp = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Attempts/LogAttempt", a->req,
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

static int attempt_list(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListAttemptsResponse *resp;
        struct list_opts lo = args_page(a);
        struct list_result res;
        int rv;

        rv = args_list(cli, "reinstate.v1.Attempts/ListAttempts", a->req,
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
                        const Reinstate__V1__Attempt *at = resp->attempts[i];
                        char id[24], when[17], contact[256], flags[64];
                        snprintf(id, sizeof(id), "%lld", (long long)at->id);
                        snprintf(contact, sizeof(contact), "%s (%s)", at->contact_name,
                                 at->contact_role);
                        snprintf(flags, sizeof(flags), "%s%s%s",
                                 at->accepted_responsibility ? "responsibility " : "",
                                 at->conveyed_commitment ? "commitment " : "",
                                 at->offered_reinterview ? "re-interview" : "");
                        char outcome[96];
                        snprintf(outcome, sizeof(outcome), "%s%s", at->outcome,
                                 at->voided_at[0] ? " (voided)" : "");
                        table_row(t, id, args_short_time(at->at, when), at->channel, contact,
                                  outcome, flags, at->follow_up_on);
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

static const struct opt log_opts[] = {
    {.name = "CASE",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "attempt.case_id",
     .help = "the case",
     .complete = COMP_CASE},
    {.name = "channel",
     .type = OPT_ENUM,
     .flags = OPT_REQUIRED,
     .vocab = CLI_VOCAB_CHANNEL,
     .field = "attempt.channel",
     .help = "how the contact was made"},
    {.name = "contact-role",
     .type = OPT_ENUM,
     .flags = OPT_REQUIRED,
     .vocab = CLI_VOCAB_CONTACT_ROLE,
     .field = "attempt.contact_role",
     .help = "who was contacted (the hiring manager, not HR, is the playbook's choice)"},
    {.name = "contact",
     .type = OPT_STRING,
     .flags = OPT_REQUIRED,
     .meta = "NAME",
     .field = "attempt.contact_name",
     .help = "the person's name"},
    {.name = "outcome",
     .type = OPT_ENUM,
     .flags = OPT_REQUIRED,
     .vocab = CLI_VOCAB_OUTCOME,
     .field = "attempt.outcome",
     .help = "what came of it (some move the case's stage)"},
    {.name = "summary", .type = OPT_STRING, .field = "attempt.summary", .help = "what was said"},
    {.name = "accepted-responsibility",
     .type = OPT_FLAG,
     .field = "attempt.accepted_responsibility",
     .help = "the client accepted responsibility for declining"},
    {.name = "conveyed-commitment",
     .type = OPT_FLAG,
     .field = "attempt.conveyed_commitment",
     .help = "the client's commitment to stay was conveyed"},
    {.name = "offered-reinterview",
     .type = OPT_FLAG,
     .field = "attempt.offered_reinterview",
     .help = "the client offered to interview again"},
    {.name = "follow-up",
     .type = OPT_DATE,
     .field = "attempt.follow_up_on",
     .help = "when to follow up"},
    {.name = "interview-on",
     .type = OPT_DATE,
     .field = "attempt.interview_on",
     .help = "the day of the re-interview agreed on this contact"},
    // Without --at the server stamps the attempt, so it sorts with the stage
    // change it causes.
    {.name = "at",
     .type = OPT_TIME,
     .field = "attempt.at",
     .help = "when it happened: YYYY-MM-DD[THH:MM] in the coach's time zone, an RFC 3339 time "
             "with its offset, or words (yesterday 15:30) read here; default now"},
    OPT_END,
};

static const struct opt list_opts[] = {
    {.name = "CASE",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "case_id",
     .help = "the case",
     .complete = COMP_CASE},
    OPTS_PAGE,
    OPT_END,
};

static int attempt_void(struct cli *cli, struct args *a)
{
        Reinstate__V1__VoidAttemptResponse *resp = NULL;
        int rv =
            cli_call(cli, "reinstate.v1.Attempts/VoidAttempt", a->req,
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

static const struct opt void_opts[] = {
    {.name = "ATTEMPT",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "attempt_id",
     .help = "the attempt"},
    {.name = "why", .type = OPT_STRING, .field = "reason", .help = "why it is voided"},
    OPT_END,
};

static const struct cli_verb attempt_verbs[] = {
    {"log", attempt_log, "log a contact made on a case; prints its id", log_opts,
     &reinstate__v1__log_attempt_request__descriptor, NULL,
     "Prints the new attempt's id on stdout; what it did to the case's stage goes to stderr."},
    {"list", attempt_list, "list a case's attempts, oldest first", list_opts,
     &reinstate__v1__list_attempts_request__descriptor, NULL, NULL, CLI_LIST},
    {"void", attempt_void,
     "void a mis-logged attempt: kept on record, no longer counted; undoes the stage move it "
     "caused",
     void_opts, &reinstate__v1__void_attempt_request__descriptor},
};

CLI_NOUN(noun_attempt, "attempt", "log and list reinstatement attempts on a case", attempt_verbs);
