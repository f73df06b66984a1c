// reinstate search TEXT: clients, cases, attempts and notes matching TEXT,
// best first, with the kind and id of each hit (Search/Search).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "reinstate/v1/search.pb-c.h"
#include "banned.h"

static int search(struct cli *cli, struct args *a)
{
        Reinstate__V1__SearchRequest *req = (void *)a->req;
        Reinstate__V1__SearchResponse *resp = NULL;
        const char *query = req->query;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Search/Search", a->req,
                      &reinstate__v1__search_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else if (resp->n_hits == 0) {
                printf("no matches for '%s'\n", query);
        } else {
                struct table *t = table_new(6, "KIND", "ID", "CASE", "SCORE", "TITLE", "MATCH");
                for (size_t i = 0; i < resp->n_hits; i++) {
                        const Reinstate__V1__SearchHit *h = resp->hits[i];
                        char id[24], cs[24], score[16], snip[81];
                        snprintf(id, sizeof(id), "%lld", (long long)h->id);
                        snprintf(cs, sizeof(cs), "%lld", (long long)h->case_id);
                        snprintf(score, sizeof(score), "%.2f", h->score);
                        snprintf(snip, sizeof(snip), "%s", h->snippet);
                        for (char *p = snip; *p; p++)
                                if (*p == '\n' || *p == '\r' || *p == '\t')
                                        *p = ' ';
                        table_row(t, h->kind, id, h->case_id ? cs : "", score, h->title, snip);
                }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct opt search_opts[] = {
    {.name = "TEXT",
     .type = OPT_STRING,
     .flags = OPT_POSITIONAL | OPT_REQUIRED | OPT_REST,
     .field = "query",
     .help = "what to find: names (typos forgiven), companies, words of summaries and notes"},
    {.name = "limit",
     .type = OPT_INT,
     .min = 1,
     .max = 100,
     .field = "limit",
     .meta = "N",
     .help = "at most N hits (default 20)"},
    OPT_END,
};

static const struct cli_verb search_verbs[] = {
    {"", search, "find clients, cases, attempts and notes (typos forgiven)", search_opts,
     &reinstate__v1__search_request__descriptor, NULL,
     "Finds clients, cases, attempts and notes matching TEXT (the words after the verb, "
     "joined), best first, with the kind and id of each hit; names match with typos."},
};

CLI_NOUN(noun_search, "search", "find clients, cases, attempts and notes (typos forgiven)",
         search_verbs);
