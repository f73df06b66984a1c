// reinstate rpc list: the services and methods the server dispatches, from
// its reflection service.
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "reinstate/v1/reflection.pb-c.h"
#include "banned.h"

static int rpc_list(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListServicesRequest req = REINSTATE__V1__LIST_SERVICES_REQUEST__INIT;
        Reinstate__V1__ListServicesResponse *resp = NULL;
        struct table *t;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Reflection/ListServices", &req.base,
                      &reinstate__v1__list_services_response__descriptor,
                      (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json) {
                cli_print_json(&resp->base);
        } else {
                t = table_new(4, "METHOD", "INPUT", "OUTPUT", "ACCESS");
                for (size_t i = 0; i < resp->n_services; i++)
                        for (size_t k = 0; k < resp->services[i]->n_methods; k++) {
                                const Reinstate__V1__MethodInfo *m = resp->services[i]->methods[k];
                                char access[64];
                                snprintf(access, sizeof(access), "%s%s",
                                         m->admin_only      ? "admin"
                                         : m->requires_auth ? "login"
                                                            : "public",
                                         m->mutates ? ", writes" : "");
                                table_row(t, m->full_name, m->input_type, m->output_type, access);
                        }
                table_print(t, stdout);
        }
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct cli_verb rpc_verbs[] = {
    {"list", rpc_list, "list every service and method with its access", NULL, NULL, NULL, NULL,
     CLI_LIST},
};

CLI_NOUN(noun_rpc, "rpc", "list the services and methods the server speaks", rpc_verbs);
