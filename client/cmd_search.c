// reinstate search TEXT: clients, cases, attempts and notes matching TEXT,
// best first, with the kind and id of each hit (Search/Search).
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "reinstate/v1/search.pb-c.h"
#include "banned.h"

int cmd_search(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"limit", required_argument, NULL, 'l'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__SearchRequest req = REINSTATE__V1__SEARCH_REQUEST__INIT;
        Reinstate__V1__SearchResponse *resp = NULL;
        char query[512] = "";
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
                char *end;
                switch (opt) {
                case 'l':
                        req.limit = (int32_t)strtol(optarg, &end, 10);
                        if (*end || req.limit < 1 || req.limit > 100)
                                return cli_usage_error("--limit must be 1-100");
                        break;
                case 'h':
                        printf(
                            "usage: reinstate search TEXT... [--limit N]\n"
                            "Finds clients, cases, attempts and notes; names match with typos.\n");
                        return 0;
                default:
                        return cli_usage_error("usage: reinstate search TEXT... [--limit N]");
                }
        }
        if (optind >= argc)
                return cli_usage_error("usage: reinstate search TEXT... [--limit N]");
        for (int i = optind; i < argc; i++) {
                size_t n = strlen(query);
                snprintf(query + n, sizeof(query) - n, "%s%s", n ? " " : "", argv[i]);
        }
        req.query = query;
        rv = cli_call(cli, "reinstate.v1.Search/Search", &req.base,
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
