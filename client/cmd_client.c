// reinstate client: the job seekers a coach works with. add prints the new
// id alone on stdout so scripts can chain it.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/clients.pb-c.h"
#include "reinstate/v1/privacy.pb-c.h"
#include "banned.h"

static void print_client(const Reinstate__V1__Client *c)
{
        printf("client %lld: %s\n", (long long)c->id, c->name);
        printf("  email       %s\n", c->email);
        printf("  phone       %s\n", c->phone);
        printf("  coach       %lld\n", (long long)c->coach_id);
        printf("  open cases  %d\n", c->open_cases);
        printf("  archived    %s\n", c->archived ? c->archived_at : "no");
        printf("  created     %s\n", c->created_at);
        printf("  updated     %s\n", c->updated_at);
        printf("  etag        %s\n", c->etag);
}

static int show_result(struct cli *cli, int rv, Reinstate__V1__Client *c, int id_only)
{
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&c->base);
        else if (id_only)
                printf("%lld\n", (long long)c->id);
        else
                print_client(c);
        protobuf_c_message_free_unpacked(&c->base, NULL);
        return 0;
}

static int client_add(struct cli *cli, struct args *a)
{
        Reinstate__V1__Client *resp = NULL;
        int rv = cli_call(cli, "reinstate.v1.Clients/CreateClient", a->req,
                          &reinstate__v1__client__descriptor, (ProtobufCMessage **)&resp);

        return show_result(cli, rv, resp, 1);
}

static int client_list(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListClientsResponse *resp;
        struct list_opts lo = args_page(a);
        struct list_result res;
        struct table *t;
        int rv;

        rv = args_list(cli, "reinstate.v1.Clients/ListClients", a->req,
                       &reinstate__v1__list_clients_response__descriptor, &lo, &res);
        if (rv != 0)
                return rv;
        resp = (void *)res.msg;
        if (cli->json) {
                cli_print_json(res.msg);
        } else {
                t = table_new(8, "ID", "NAME", "EMAIL", "PHONE", "COACH", "OPEN CASES", "CREATED",
                              "ARCHIVED");
                table_wide_from(t, 6);
                for (size_t i = 0; i < resp->n_clients; i++) {
                        const Reinstate__V1__Client *c = resp->clients[i];
                        char id[24], coach[24], open[16];
                        snprintf(id, sizeof(id), "%lld", (long long)c->id);
                        snprintf(coach, sizeof(coach), "%lld", (long long)c->coach_id);
                        snprintf(open, sizeof(open), "%d", c->open_cases);
                        char created[17], archived[17];
                        table_row(t, id, c->name, c->email, c->phone, coach, open,
                                  args_short_time(c->created_at, created),
                                  args_short_time(c->archived_at, archived));
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

static int client_show(struct cli *cli, struct args *a)
{
        Reinstate__V1__Client *resp = NULL;
        int rv = cli_call(cli, "reinstate.v1.Clients/GetClient", a->req,
                          &reinstate__v1__client__descriptor, (ProtobufCMessage **)&resp);

        return show_result(cli, rv, resp, 0);
}

static int client_edit(struct cli *cli, struct args *a)
{
        Reinstate__V1__UpdateClientRequest *req = (void *)a->req;
        Reinstate__V1__Client *resp = NULL;
        char *etag = NULL;
        int rv;

        if (req->n_update_mask == 0)
                return args_error(a, "name at least one detail to change (see 'reinstate client "
                                     "edit --help')");
        if (req->client->etag[0] == '\0') {
                // Read-modify-write: the etag just read guards the update.
                Reinstate__V1__GetClientRequest g = REINSTATE__V1__GET_CLIENT_REQUEST__INIT;
                Reinstate__V1__Client *cur = NULL;
                g.id = req->client->id;
                rv = cli_call(cli, "reinstate.v1.Clients/GetClient", &g.base,
                              &reinstate__v1__client__descriptor, (ProtobufCMessage **)&cur);
                if (rv != 0)
                        return rv;
                etag = strdup(cur->etag);
                protobuf_c_message_free_unpacked(&cur->base, NULL);
                if (etag == NULL)
                        return EXIT_FAILURE_;
                req->client->etag = etag;
        }
        rv = cli_call(cli, "reinstate.v1.Clients/UpdateClient", a->req,
                      &reinstate__v1__client__descriptor, (ProtobufCMessage **)&resp);
        free(etag);
        return show_result(cli, rv, resp, 0);
}

static int archive_or_restore(struct cli *cli, struct args *a, int archive)
{
        Reinstate__V1__Client *resp = NULL;
        int64_t id = args_num(a, "ID");
        int rv = cli_call(cli,
                          archive ? "reinstate.v1.Clients/ArchiveClient"
                                  : "reinstate.v1.Clients/RestoreClient",
                          a->req, &reinstate__v1__client__descriptor, (ProtobufCMessage **)&resp);

        if (rv == 0 && !cli->json) {
                printf("client %lld %s\n", (long long)id, archive ? "archived" : "restored");
                protobuf_c_message_free_unpacked(&resp->base, NULL);
                return 0;
        }
        return show_result(cli, rv, resp, 0);
}

static int client_archive(struct cli *cli, struct args *a)
{
        return archive_or_restore(cli, a, 1);
}

static int client_restore(struct cli *cli, struct args *a)
{
        return archive_or_restore(cli, a, 0);
}

// A client id as the first argument, filling field f.
#define CLIENT_ID_ARG(f)                                                                           \
        {                                                                                          \
                .name = "ID", .type = OPT_ID, .flags = OPT_POSITIONAL | OPT_REQUIRED, .field = f,  \
                .help = "the client", .complete = COMP_CLIENT                                      \
        }

#define CLIENT_ETAG_OPT(f)                                                                         \
        {                                                                                          \
                .name = "etag", .type = OPT_STRING, .field = f,                                    \
                .help = "only if the client is still at this version (from show --json)"           \
        }

// The details of a client, shared by add and edit.
#define CLIENT_DETAIL_OPTS(req)                                                                    \
        {.name = "name",                                                                           \
         .type = OPT_STRING,                                                                       \
         .flags = OPT_MASK | (req),                                                                \
         .field = "client.name",                                                                   \
         .help = "the job seeker's name"},                                                         \
            {.name = "email",                                                                      \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK,                                                                    \
             .meta = "EMAIL",                                                                      \
             .field = "client.email",                                                              \
             .help = "their e-mail"},                                                              \
            {.name = "phone",                                                                      \
             .type = OPT_STRING,                                                                   \
             .flags = OPT_MASK,                                                                    \
             .meta = "PHONE",                                                                      \
             .field = "client.phone",                                                              \
             .help = "their phone"},                                                               \
        {                                                                                          \
                .name = "coach", .type = OPT_ID, .flags = OPT_MASK, .field = "client.coach_id",    \
                .help = "the coach they belong to (admins; on edit, moves their cases too)",       \
                .complete = COMP_COACH                                                             \
        }

static const struct opt add_opts[] = {CLIENT_DETAIL_OPTS(OPT_REQUIRED), OPT_END};

static const struct opt list_opts[] = {
    {.name = "archived",
     .type = OPT_FLAG,
     .field = "archived",
     .help = "archived clients instead of active ones"},
    {.name = "coach",
     .type = OPT_ID,
     .field = "coach_id",
     .help = "only this coach's clients (admins)",
     .complete = COMP_COACH},
    OPTS_PAGE,
    OPT_END,
};

static const struct opt show_opts[] = {CLIENT_ID_ARG("id"), OPT_END};

static const struct opt edit_opts[] = {
    CLIENT_ID_ARG("client.id"),
    CLIENT_DETAIL_OPTS(0),
    CLIENT_ETAG_OPT("client.etag"),
    OPT_END,
};

static const struct opt archive_opts[] = {CLIENT_ID_ARG("id"), CLIENT_ETAG_OPT("etag"), OPT_END};

static const struct cli_verb client_verbs[] = {
    {"add", client_add, "add a client (admins may give it to another coach); prints its id",
     add_opts, &reinstate__v1__create_client_request__descriptor},
    {"list", client_list, "list active clients (or archived ones)", list_opts,
     &reinstate__v1__list_clients_request__descriptor, NULL, NULL, CLI_LIST},
    {"show", client_show, "show one client", show_opts,
     &reinstate__v1__get_client_request__descriptor},
    {"edit", client_edit, "change a client's details (admins: --coach reassigns it with its cases)",
     edit_opts, &reinstate__v1__update_client_request__descriptor, "update_mask"},
    {"archive", client_archive, "archive a client", archive_opts,
     &reinstate__v1__archive_client_request__descriptor},
    {"restore", client_restore, "bring an archived client back", archive_opts,
     &reinstate__v1__restore_client_request__descriptor},
    {"export", cmd_client_export, "everything held about a client, as JSON", client_export_opts,
     &reinstate__v1__export_client_request__descriptor, NULL,
     "Prints, as one JSON document, everything the agency holds about the client (what a "
     "request to see one's data is answered with)."},
    {"erase", cmd_client_erase, "anonymise a client's personal data (admin)", client_erase_opts,
     &reinstate__v1__erase_client_request__descriptor, NULL,
     "Without --confirm, says what erasing would anonymise; with it, names, e-mails, phones and "
     "free text go while the rows stay, so reports keep their counts. Active access codes are "
     "revoked."},
};

CLI_NOUN(noun_client, "client", "add, list, show, edit, archive and restore clients", client_verbs);
