// reinstate client export|erase: what the agency holds about one client, as
// one JSON document, and its erasure (Privacy/ExportClient, EraseClient).
// Erasing is two steps: without --confirm it only says what would go.
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/privacy.pb-c.h"
#include "banned.h"

int cmd_client_export(struct cli *cli, struct args *a)
{
        Reinstate__V1__ClientDocument *doc = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Privacy/ExportClient", a->req,
                      &reinstate__v1__client_document__descriptor, (ProtobufCMessage **)&doc);
        if (rv != 0)
                return rv;
        printf("%s\n", doc->json);
        protobuf_c_message_free_unpacked(&doc->base, NULL);
        return 0;
}

int cmd_client_erase(struct cli *cli, struct args *a)
{
        const Reinstate__V1__EraseClientRequest *req = (const void *)a->req;
        Reinstate__V1__EraseClientResponse *resp = NULL;
        int rv;

        rv =
            cli_call(cli, "reinstate.v1.Privacy/EraseClient", a->req,
                     &reinstate__v1__erase_client_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                printf("%s client %lld: %d cases, %d attempts, %d notes, %d tasks, %d stage "
                       "changes; %d active access codes %s\n",
                       resp->erased ? "erased" : "erasing would anonymise", (long long)req->id,
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

const struct opt client_export_opts[] = {
    {.name = "ID",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "id",
     .help = "the client",
     .complete = COMP_CLIENT},
    OPT_END,
};

const struct opt client_erase_opts[] = {
    {.name = "ID",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "id",
     .help = "the client",
     .complete = COMP_CLIENT},
    {.name = "confirm",
     .type = OPT_FLAG,
     .field = "confirm",
     .help = "erase (without it: only say what would go)"},
    OPT_END,
};
