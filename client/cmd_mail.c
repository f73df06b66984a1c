// Reminders from the CLI: `outbox list` (admin), `digest show|set|send`,
// `calendar url|revoke`.
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "reinstate/v1/mail.pb-c.h"
#include "banned.h"

static int outbox_list(struct cli *cli, int argc, char **argv)
{
        static const struct option longopts[] = {
            {"status", required_argument, NULL, 's'},
            {"limit", required_argument, NULL, 'l'},
            {"page-token", required_argument, NULL, 'p'},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__ListOutboxRequest req = REINSTATE__V1__LIST_OUTBOX_REQUEST__INIT;
        Reinstate__V1__ListOutboxResponse *resp = NULL;
        struct table *t;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                if (opt == 's')
                        req.status = optarg;
                else if (opt == 'l')
                        req.page_size = atoi(optarg);
                else if (opt == 'p')
                        req.page_token = optarg;
                else
                        return EXIT_USAGE;
        }
        if (optind < argc)
                return cli_usage_error("outbox list takes options only");
        rv = cli_call(cli, "reinstate.v1.Outbox/ListOutbox", &req.base,
                      &reinstate__v1__list_outbox_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
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
                }
                table_print(t, stdout);
                if (resp->next_page_token[0])
                        fprintf(stderr, "more: reinstate outbox list%s%s --page-token %s\n",
                                req.status[0] ? " --status " : "", req.status,
                                resp->next_page_token);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct cli_verb outbox_verbs[] = {
    {"list", outbox_list, "list [--status queued|sent|failed] [--limit N] [--page-token T]",
     "outgoing mail, newest first, with the relay and why a message failed (admin)"},
};

int cmd_outbox(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "outbox", outbox_verbs,
                             sizeof(outbox_verbs) / sizeof(outbox_verbs[0]), argc, argv);
}

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

static int digest_settings(struct cli *cli, int argc, char **argv, int set)
{
        static const struct option longopts[] = {
            {"coach", required_argument, NULL, 'c'},
            {"at", required_argument, NULL, 'a'},
            {"when-empty", required_argument, NULL, 'e'},
            {"weekly", required_argument, NULL, 'w'},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__DigestSettings req = REINSTATE__V1__DIGEST_SETTINGS__INIT;
        Reinstate__V1__DigestSettings *resp = NULL;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                if (opt == 'c')
                        req.coach_id = atoll(optarg);
                else if (opt == 'a' && set)
                        req.digest = optarg;
                else if (opt == 'e' && set)
                        req.when_empty = optarg;
                else if (opt == 'w' && set)
                        req.weekly = optarg;
                else
                        return EXIT_USAGE;
        }
        if (optind < argc)
                return cli_usage_error("digest %s takes options only", set ? "set" : "show");
        if (set && !req.digest[0] && !req.when_empty[0] && !req.weekly[0])
                return cli_usage_error("digest set: give --at, --when-empty or --weekly");
        rv = cli_call(cli, "reinstate.v1.Outbox/SetDigest", &req.base,
                      &reinstate__v1__digest_settings__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        print_digest(cli, resp);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int digest_show(struct cli *cli, int argc, char **argv)
{
        return digest_settings(cli, argc, argv, 0);
}

static int digest_set(struct cli *cli, int argc, char **argv)
{
        return digest_settings(cli, argc, argv, 1);
}

static int digest_send(struct cli *cli, int argc, char **argv)
{
        static const struct option longopts[] = {
            {"coach", required_argument, NULL, 'c'},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__SendDigestRequest req = REINSTATE__V1__SEND_DIGEST_REQUEST__INIT;
        Reinstate__V1__SendDigestResponse *resp = NULL;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
                if (opt == 'c')
                        req.coach_id = atoll(optarg);
                else
                        return EXIT_USAGE;
        }
        if (optind < argc)
                return cli_usage_error("digest send takes options only");
        rv = cli_call(cli, "reinstate.v1.Outbox/SendDigest", &req.base,
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

static const struct cli_verb digest_verbs[] = {
    {"show", digest_show, "show [--coach ID]",
     "when your daily digest arrives (admins: any coach's)"},
    {"set", digest_set,
     "set [--coach ID] [--at HH:MM|off] [--when-empty yes|no] [--weekly mon..sun|off]",
     "the digest's local time, or off; whether an empty day sends one; admins' weekly "
     "overview"},
    {"send", digest_send, "send [--coach ID]",
     "queue a digest now, for one coach or all with a digest time (admin)"},
};

int cmd_digest(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "digest", digest_verbs,
                             sizeof(digest_verbs) / sizeof(digest_verbs[0]), argc, argv);
}

static int calendar_url(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__GetFeedUrlRequest req = REINSTATE__V1__GET_FEED_URL_REQUEST__INIT;
        Reinstate__V1__GetFeedUrlResponse *resp = NULL;
        int rv;

        if (argc > 1)
                return cli_usage_error("calendar url takes no arguments");
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

static int calendar_revoke(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__RevokeFeedRequest req = REINSTATE__V1__REVOKE_FEED_REQUEST__INIT;
        Reinstate__V1__RevokeFeedResponse *resp = NULL;
        int rv;

        if (argc > 1)
                return cli_usage_error("calendar revoke takes no arguments");
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
static int calendar_export(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__GetFeedUrlRequest ureq = REINSTATE__V1__GET_FEED_URL_REQUEST__INIT;
        Reinstate__V1__GetFeedUrlResponse *u = NULL;
        Reinstate__V1__GetFeedRequest req = REINSTATE__V1__GET_FEED_REQUEST__INIT;
        Reinstate__V1__GetFeedResponse *resp = NULL;
        char token[128];
        const char *slash, *dot;
        int rv;

        if (argc > 1)
                return cli_usage_error("calendar export takes no arguments");
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
        rv = cli_call(cli, "reinstate.v1.Calendar/GetFeed", &req.base,
                      &reinstate__v1__get_feed_response__descriptor, (ProtobufCMessage **)&resp);
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
    {"url", calendar_url, "url",
     "your calendar feed's secret address (iCalendar), for any calendar application"},
    {"revoke", calendar_revoke, "revoke", "end the feed; the address stops working"},
    {"export", calendar_export, "export",
     "print the feed (iCalendar, RFC 5545), e.g. > reinstate.ics"},
};

int cmd_calendar(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "calendar", calendar_verbs,
                             sizeof(calendar_verbs) / sizeof(calendar_verbs[0]), argc, argv);
}
