// reinstate client: the job seekers a coach works with. add prints the new
// id alone on stdout so scripts can chain it.
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/clients.pb-c.h"
#include "banned.h"

enum { O_NAME = 1, O_EMAIL, O_PHONE, O_COACH, O_ETAG, O_ARCHIVED };

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

static int client_add(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"name", required_argument, NULL, O_NAME},
            {"email", required_argument, NULL, O_EMAIL},
            {"phone", required_argument, NULL, O_PHONE},
            {"coach", required_argument, NULL, O_COACH},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__CreateClientRequest req = REINSTATE__V1__CREATE_CLIENT_REQUEST__INIT;
        Reinstate__V1__Client cl = REINSTATE__V1__CLIENT__INIT;
        Reinstate__V1__Client *resp = NULL;
        int opt, have_name = 0;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (opt) {
                case O_NAME:
                        cl.name = optarg;
                        have_name = 1;
                        break;
                case O_EMAIL:
                        cl.email = optarg;
                        break;
                case O_PHONE:
                        cl.phone = optarg;
                        break;
                case O_COACH:
                        if (args_id("coach", optarg, &cl.coach_id))
                                return EXIT_USAGE;
                        break;
                default:
                        return EXIT_USAGE;
                }
        }
        if (!have_name || optind < argc)
                return cli_usage_error("usage: reinstate client add --name NAME [--email E] "
                                       "[--phone P] [--coach ID]");
        req.client = &cl;
        int rv = cli_call(cli, "reinstate.v1.Clients/CreateClient", &req.base,
                          &reinstate__v1__client__descriptor, (ProtobufCMessage **)&resp);

        return show_result(cli, rv, resp, 1);
}

static int client_list(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"archived", no_argument, NULL, O_ARCHIVED},
            {"coach", required_argument, NULL, O_COACH},
            ARGS_PAGE_OPTIONS,
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__ListClientsRequest req = REINSTATE__V1__LIST_CLIENTS_REQUEST__INIT;
        Reinstate__V1__ListClientsResponse *resp;
        struct list_opts lo = {0, NULL};
        struct list_result res;
        struct table *t;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (opt) {
                case O_ARCHIVED:
                        req.archived = 1;
                        break;
                case O_COACH:
                        if (args_id("coach", optarg, &req.coach_id))
                                return EXIT_USAGE;
                        break;
                default:
                        if (args_page_option(opt, optarg, &lo) != 1)
                                return EXIT_USAGE;
                        break;
                }
        }
        if (optind < argc)
                return cli_usage_error("client list takes no arguments");
        rv = args_list(cli, "reinstate.v1.Clients/ListClients", &req.base,
                       &reinstate__v1__list_clients_response__descriptor, &lo, &res);
        if (rv != 0)
                return rv;
        resp = (void *)res.msg;
        if (cli->json) {
                cli_print_json(res.msg);
        } else {
                t = table_new(6, "ID", "NAME", "EMAIL", "PHONE", "COACH", "OPEN CASES");
                for (size_t i = 0; i < resp->n_clients; i++) {
                        const Reinstate__V1__Client *c = resp->clients[i];
                        char id[24], coach[24], open[16];
                        snprintf(id, sizeof(id), "%lld", (long long)c->id);
                        snprintf(coach, sizeof(coach), "%lld", (long long)c->coach_id);
                        snprintf(open, sizeof(open), "%d", c->open_cases);
                        table_row(t, id, c->name, c->email, c->phone, coach, open);
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

static int client_show(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__GetClientRequest req = REINSTATE__V1__GET_CLIENT_REQUEST__INIT;
        Reinstate__V1__Client *resp = NULL;

        if (argc != 2)
                return cli_usage_error("usage: reinstate client show ID");
        if (args_id("client", argv[1], &req.id))
                return EXIT_USAGE;
        int rv = cli_call(cli, "reinstate.v1.Clients/GetClient", &req.base,
                          &reinstate__v1__client__descriptor, (ProtobufCMessage **)&resp);

        return show_result(cli, rv, resp, 0);
}

static int client_edit(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"name", required_argument, NULL, O_NAME},
            {"email", required_argument, NULL, O_EMAIL},
            {"phone", required_argument, NULL, O_PHONE},
            {"coach", required_argument, NULL, O_COACH},
            {"etag", required_argument, NULL, O_ETAG},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__UpdateClientRequest req = REINSTATE__V1__UPDATE_CLIENT_REQUEST__INIT;
        Reinstate__V1__Client cl = REINSTATE__V1__CLIENT__INIT;
        Reinstate__V1__Client *resp = NULL;
        char *mask[16];
        const char *etag = NULL;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (opt) {
                case O_NAME:
                        cl.name = optarg;
                        mask[req.n_update_mask++] = "name";
                        break;
                case O_EMAIL:
                        cl.email = optarg;
                        mask[req.n_update_mask++] = "email";
                        break;
                case O_PHONE:
                        cl.phone = optarg;
                        mask[req.n_update_mask++] = "phone";
                        break;
                case O_COACH:
                        if (args_id("coach", optarg, &cl.coach_id))
                                return EXIT_USAGE;
                        mask[req.n_update_mask++] = "coach_id";
                        break;
                case O_ETAG:
                        etag = optarg;
                        break;
                default:
                        return EXIT_USAGE;
                }
                if (req.n_update_mask == 16)
                        return cli_usage_error("too many options");
        }
        if (optind != argc - 1 || req.n_update_mask == 0)
                return cli_usage_error("usage: reinstate client edit ID [--name N] [--email E] "
                                       "[--phone P] [--coach ID] [--etag ETAG]");
        if (args_id("client", argv[optind], &cl.id))
                return EXIT_USAGE;
        if (etag == NULL) {
                // Read-modify-write: the etag just read guards the update.
                Reinstate__V1__GetClientRequest g = REINSTATE__V1__GET_CLIENT_REQUEST__INIT;
                Reinstate__V1__Client *cur = NULL;
                g.id = cl.id;
                rv = cli_call(cli, "reinstate.v1.Clients/GetClient", &g.base,
                              &reinstate__v1__client__descriptor, (ProtobufCMessage **)&cur);
                if (rv != 0)
                        return rv;
                cl.etag = strdup(cur->etag);
                protobuf_c_message_free_unpacked(&cur->base, NULL);
        } else {
                cl.etag = strdup(etag);
        }
        req.client = &cl;
        req.update_mask = mask;
        rv = cli_call(cli, "reinstate.v1.Clients/UpdateClient", &req.base,
                      &reinstate__v1__client__descriptor, (ProtobufCMessage **)&resp);
        free(cl.etag);
        return show_result(cli, rv, resp, 0);
}

static int archive_or_restore(struct cli *cli, int argc, char **argv, int archive)
{
        static const struct option opts[] = {
            {"etag", required_argument, NULL, O_ETAG},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__ArchiveClientRequest a = REINSTATE__V1__ARCHIVE_CLIENT_REQUEST__INIT;
        Reinstate__V1__RestoreClientRequest r = REINSTATE__V1__RESTORE_CLIENT_REQUEST__INIT;
        Reinstate__V1__Client *resp = NULL;
        int64_t id;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (opt != O_ETAG)
                        return EXIT_USAGE;
                a.etag = r.etag = optarg;
        }
        if (optind != argc - 1)
                return cli_usage_error("usage: reinstate client %s ID [--etag ETAG]",
                                       archive ? "archive" : "restore");
        if (args_id("client", argv[optind], &id))
                return EXIT_USAGE;
        a.id = r.id = id;
        rv = cli_call(cli,
                      archive ? "reinstate.v1.Clients/ArchiveClient"
                              : "reinstate.v1.Clients/RestoreClient",
                      archive ? &a.base : &r.base, &reinstate__v1__client__descriptor,
                      (ProtobufCMessage **)&resp);
        if (rv == 0 && !cli->json) {
                printf("client %lld %s\n", (long long)id, archive ? "archived" : "restored");
                protobuf_c_message_free_unpacked(&resp->base, NULL);
                return 0;
        }
        return show_result(cli, rv, resp, 0);
}

static int client_archive(struct cli *cli, int argc, char **argv)
{
        return archive_or_restore(cli, argc, argv, 1);
}

static int client_restore(struct cli *cli, int argc, char **argv)
{
        return archive_or_restore(cli, argc, argv, 0);
}

static const struct cli_verb client_verbs[] = {
    {"add", client_add, "add --name NAME [--email E] [--phone P] [--coach ID]",
     "add a client (admins may give it to another coach); prints its id"},
    {"list", client_list, "list [--archived] [--coach ID] [--page-size N] [--page-token T]",
     "list active clients (or archived ones)"},
    {"show", client_show, "show ID", "show one client"},
    {"edit", client_edit, "edit ID [--name N] [--email E] [--phone P] [--coach ID] [--etag E]",
     "change a client's details (admins: --coach reassigns it with its cases)"},
    {"archive", client_archive, "archive ID [--etag E]", "archive a client"},
    {"restore", client_restore, "restore ID [--etag E]", "bring an archived client back"},
    {"export", cmd_client_export, "export ID", "everything held about a client, as JSON"},
    {"erase", cmd_client_erase, "erase ID [--confirm]",
     "anonymise a client's personal data (admin; without --confirm: what would go)"},
};

int cmd_client(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "client", client_verbs,
                             sizeof(client_verbs) / sizeof(client_verbs[0]), argc, argv);
}
