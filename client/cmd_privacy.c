// reinstate client export|erase: what the agency holds about one client, as
// one JSON document, and its erasure (Privacy/ExportClient, EraseClient).
// Erasing is two steps: without --confirm it only says what would go.
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/privacy.pb-c.h"
#include "banned.h"

int cmd_client_export(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__ExportClientRequest req = REINSTATE__V1__EXPORT_CLIENT_REQUEST__INIT;
        Reinstate__V1__ClientDocument *doc = NULL;
        int rv;

        if (argc != 2)
                return cli_usage_error("usage: reinstate client export ID");
        if (args_id("client", argv[1], &req.id))
                return EXIT_USAGE;
        rv = cli_call(cli, "reinstate.v1.Privacy/ExportClient", &req.base,
                      &reinstate__v1__client_document__descriptor, (ProtobufCMessage **)&doc);
        if (rv != 0)
                return rv;
        printf("%s\n", doc->json);
        protobuf_c_message_free_unpacked(&doc->base, NULL);
        return 0;
}

int cmd_client_erase(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__EraseClientRequest req = REINSTATE__V1__ERASE_CLIENT_REQUEST__INIT;
        Reinstate__V1__EraseClientResponse *resp = NULL;
        const char *id = NULL;
        int rv;

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--confirm") == 0)
                        req.confirm = 1;
                else if (id == NULL && argv[i][0] != '-')
                        id = argv[i];
                else
                        return cli_usage_error("usage: reinstate client erase ID [--confirm]");
        }
        if (id == NULL)
                return cli_usage_error("usage: reinstate client erase ID [--confirm]");
        if (args_id("client", id, &req.id))
                return EXIT_USAGE;
        rv =
            cli_call(cli, "reinstate.v1.Privacy/EraseClient", &req.base,
                     &reinstate__v1__erase_client_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                printf("%s client %lld: %d cases, %d attempts, %d notes, %d tasks, %d stage "
                       "changes; %d active access codes %s\n",
                       resp->erased ? "erased" : "erasing would anonymise", (long long)req.id,
                       resp->cases, resp->attempts, resp->notes, resp->tasks, resp->stage_changes,
                       resp->access_codes_revoked, resp->erased ? "revoked" : "to revoke");
                if (!resp->erased)
                        printf("names, e-mails, phones and free text go; the rows stay, so "
                               "reports keep their counts.\nrun again with --confirm to erase%s\n",
                               resp->erased_at[0] ? " (already erased once)" : "");
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}
