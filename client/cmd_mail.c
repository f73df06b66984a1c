// Reminders from the CLI: `outbox list` (admin), `digest show|set|send`,
// `calendar url|revoke`.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "envelope.h"
#include "reinstate/v1/mail.pb-c.h"
#include "banned.h"

static int outbox_list(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListOutboxResponse *resp;
        struct list_opts lo = args_limit_page(a);
        struct list_result res;
        struct table *t;
        int rv;

        rv = args_list(cli, "reinstate.v1.Outbox/ListOutbox", a->req,
                       &reinstate__v1__list_outbox_response__descriptor, &lo, &res);
        if (rv != 0)
                return rv;
        resp = (void *)res.msg;
        // The relay, from the first page (the merged list borrows it).
        resp->relay = ((Reinstate__V1__ListOutboxResponse *)res.pages[0])->relay;
        if (cli->json) {
                cli_print_json(res.msg);
        } else {
                if (cli_text(cli))
                        printf("relay: %s\n", resp->relay);
                t = table_new(7, "ID", "KIND", "TO", "STATUS", "TRIES", "WHEN", "WHY");
                for (size_t i = 0; i < resp->n_messages; i++) {
                        const Reinstate__V1__OutboxMessage *m = resp->messages[i];
                        char id[24], tries[16];
                        snprintf(id, sizeof(id), "%lld", (long long)m->id);
                        snprintf(tries, sizeof(tries), "%d", m->attempts);
                        table_row(t, id, m->kind, m->recipient, m->status, tries,
                                  strcmp(m->status, "sent") == 0     ? m->sent_at
                                  : strcmp(m->status, "queued") == 0 ? m->next_attempt_at
                                                                     : m->created_at,
                                  m->last_error);
                        if (strcmp(m->status, "failed") == 0)
                                table_mark(t, TABLE_MARK_ALERT);
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

static const char *const outbox_statuses[] = {"queued", "sent", "failed", NULL};

static const struct opt outbox_list_opts[] = {
    {.name = "status",
     .type = OPT_ENUM,
     .values = outbox_statuses,
     .field = "status",
     .help = "only messages in this state"},
    {.name = "limit",
     .type = OPT_INT,
     .min = 1,
     .max = RS_MAX_PAGE_SIZE,
     .field = "page_size",
     .help = "one page of at most N messages (default 50)"},
    {.name = "page-token",
     .type = OPT_STRING,
     .meta = "T",
     .field = "page_token",
     .help = "the page after T (printed by the previous page)"},
    OPT_ALL_PAGES,
    OPT_END,
};

static const struct cli_verb outbox_verbs[] = {
    {"list", outbox_list,
     "outgoing mail, newest first, with the relay and why a message failed (admin)",
     outbox_list_opts, &reinstate__v1__list_outbox_request__descriptor, NULL, NULL, CLI_LIST},
};

CLI_NOUN(noun_outbox, "outbox", "outgoing mail: queued, sent and failed (admin)", outbox_verbs);

static void print_digest(const struct cli *cli, const Reinstate__V1__DigestSettings *d)
{
        if (cli->json) {
                cli_print_json(&d->base);
                return;
        }
        printf("coach %lld: digest %s (%s), when nothing is due: %s, weekly overview: %s\n",
               (long long)d->coach_id, d->digest, d->time_zone,
               strcmp(d->when_empty, "yes") == 0 ? "sent" : "not sent", d->weekly);
}

static int digest_settings(struct cli *cli, struct args *a, int set)
{
        Reinstate__V1__DigestSettings *req = (void *)a->req;
        Reinstate__V1__DigestSettings *resp = NULL;
        int rv;

        if (set && !req->digest[0] && !req->when_empty[0] && !req->weekly[0])
                return args_error(a, "give --at, --when-empty or --weekly");
        rv = cli_call(cli, "reinstate.v1.Outbox/SetDigest", a->req,
                      &reinstate__v1__digest_settings__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        print_digest(cli, resp);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int digest_show(struct cli *cli, struct args *a)
{
        return digest_settings(cli, a, 0);
}

static int digest_set(struct cli *cli, struct args *a)
{
        return digest_settings(cli, a, 1);
}

static int digest_send(struct cli *cli, struct args *a)
{
        Reinstate__V1__SendDigestResponse *resp = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Outbox/SendDigest", a->req,
                      &reinstate__v1__send_digest_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf("digest requested for %d coach%s; see reinstate outbox list\n",
                       resp->requested, resp->requested == 1 ? "" : "es");
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

#define DIGEST_COACH_OPT(what)                                                                     \
        {                                                                                          \
                .name = "coach", .type = OPT_ID, .field = "coach_id", .help = what,                \
                .complete = COMP_COACH                                                             \
        }

static const char *const yes_no[] = {"yes", "no", NULL};
static const char *const weekdays[] = {"off", "mon", "tue", "wed", "thu",
                                       "fri", "sat", "sun", NULL};

static const struct opt digest_show_opts[] = {
    DIGEST_COACH_OPT("that coach's digest (admins)"),
    OPT_END,
};

static const struct opt digest_set_opts[] = {
    DIGEST_COACH_OPT("that coach's digest (admins)"),
    {.name = "at",
     .type = OPT_STRING,
     .meta = "HH:MM|off",
     .field = "digest",
     .help = "the local time the digest arrives, or off"},
    {.name = "when-empty",
     .type = OPT_ENUM,
     .values = yes_no,
     .field = "when_empty",
     .help = "whether a day with nothing due sends one"},
    {.name = "weekly",
     .type = OPT_ENUM,
     .values = weekdays,
     .field = "weekly",
     .help = "admins' weekly overview: its day, or off"},
    OPT_END,
};

static const struct opt digest_send_opts[] = {
    DIGEST_COACH_OPT("only this coach (default: every coach with a digest time)"),
    OPT_END,
};

static const struct cli_verb digest_verbs[] = {
    {"show", digest_show, "when your daily digest arrives (admins: any coach's)", digest_show_opts,
     &reinstate__v1__digest_settings__descriptor},
    {"set", digest_set,
     "the digest's local time, or off; whether an empty day sends one; admins' weekly "
     "overview",
     digest_set_opts, &reinstate__v1__digest_settings__descriptor},
    {"send", digest_send, "queue a digest now, for one coach or all with a digest time (admin)",
     digest_send_opts, &reinstate__v1__send_digest_request__descriptor},
};

CLI_NOUN(noun_digest, "digest", "your daily digest by mail: when it comes, or send one now",
         digest_verbs);

static int calendar_url(struct cli *cli, struct args *a)
{
        Reinstate__V1__GetFeedUrlRequest req = REINSTATE__V1__GET_FEED_URL_REQUEST__INIT;
        Reinstate__V1__GetFeedUrlResponse *resp = NULL;
        int rv;

        rv =
            cli_call(cli, "reinstate.v1.Calendar/GetFeedUrl", &req.base,
                     &reinstate__v1__get_feed_url_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                printf("%s\n", resp->url);
                if (resp->url[0] == '/')
                        fprintf(stderr, "the server has no public URL (reinstated --public-url): "
                                        "put its web address before this path\n");
                fprintf(stderr, "keep it secret: whoever has it reads your calendar "
                                "(reinstate calendar revoke ends it)\n");
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int calendar_revoke(struct cli *cli, struct args *a)
{
        Reinstate__V1__RevokeFeedRequest req = REINSTATE__V1__REVOKE_FEED_REQUEST__INIT;
        Reinstate__V1__RevokeFeedResponse *resp = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Calendar/RevokeFeed", &req.base,
                      &reinstate__v1__revoke_feed_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf(resp->revoked ? "calendar feed revoked; `reinstate calendar url` makes a "
                                       "new one\n"
                                     : "no calendar feed was active\n");
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

// The feed itself, as a calendar application would read it: an .ics file.
static int calendar_export(struct cli *cli, struct args *a)
{
        Reinstate__V1__GetFeedUrlRequest ureq = REINSTATE__V1__GET_FEED_URL_REQUEST__INIT;
        Reinstate__V1__GetFeedUrlResponse *u = NULL;
        Reinstate__V1__GetFeedRequest req = REINSTATE__V1__GET_FEED_REQUEST__INIT;
        Reinstate__V1__GetFeedResponse *resp = NULL;
        char token[128];
        const char *slash, *dot;
        int rv, want_json;

        rv = cli_call(cli, "reinstate.v1.Calendar/GetFeedUrl", &ureq.base,
                      &reinstate__v1__get_feed_url_response__descriptor, (ProtobufCMessage **)&u);
        if (rv != 0)
                return rv;
        slash = strrchr(u->url, '/');
        dot = slash ? strstr(slash, ".ics") : NULL;
        snprintf(token, sizeof(token), "%.*s", dot ? (int)(dot - slash - 1) : 0,
                 slash ? slash + 1 : "");
        protobuf_c_message_free_unpacked(&u->base, NULL);
        req.token = token;
        // The feed is a file: its bytes exactly (CRLF line ends included),
        // not a terminal's escaped text. The server drops control
        // characters from every value it puts in.
        want_json = cli->json;
        cli->json = 1;
        rv = cli_call(cli, "reinstate.v1.Calendar/GetFeed", &req.base,
                      &reinstate__v1__get_feed_response__descriptor, (ProtobufCMessage **)&resp);
        cli->json = want_json;
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                fputs(resp->calendar, stdout);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct cli_verb calendar_verbs[] = {
    {"url", calendar_url,
     "your calendar feed's secret address (iCalendar), for any calendar application"},
    {"revoke", calendar_revoke, "end the feed; the address stops working"},
    {"export", calendar_export, "print the feed (iCalendar, RFC 5545), e.g. > reinstate.ics"},
};

CLI_NOUN(noun_calendar, "calendar", "your next steps and tasks as a calendar feed", calendar_verbs);
