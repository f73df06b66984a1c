// reinstate.v1.Reflection: lists services and methods from the generated
// descriptors and the registration flags, so clients discover what this
// server speaks without a hand-kept list.
#include <string.h>

#include "services.h"
#include "envelope.h"
#include "reinstate/v1/reflection.pb-c.h"
#include "banned.h"

static int reflection_list(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        Reinstate__V1__ListServicesResponse *resp = (void *)out;

        resp->protocol_version = RS_PROTOCOL_VERSION;
        resp->n_services = rpc_services_count;
        resp->services = rpc_alloc(c, sizeof(*resp->services) * rpc_services_count);
        for (size_t i = 0; i < rpc_services_count; i++) {
                const struct rpc_service *s = rpc_services[i];
                Reinstate__V1__ServiceInfo *si = rpc_alloc(c, sizeof(*si));

                reinstate__v1__service_info__init(si);
                si->name = (char *)s->desc->name;
                si->n_methods = s->desc->n_methods;
                si->methods = rpc_alloc(c, sizeof(*si->methods) * s->desc->n_methods);
                for (unsigned k = 0; k < s->desc->n_methods; k++) {
                        const ProtobufCMethodDescriptor *md = &s->desc->methods[k];
                        Reinstate__V1__MethodInfo *mi = rpc_alloc(c, sizeof(*mi));
                        unsigned flags = 0;

                        for (size_t j = 0; j < s->n_methods; j++)
                                if (strcmp(s->methods[j].name, md->name) == 0)
                                        flags = s->methods[j].flags;
                        reinstate__v1__method_info__init(mi);
                        mi->name = (char *)md->name;
                        mi->full_name = rpc_printf(c, "%s/%s", s->desc->name, md->name);
                        mi->input_type = (char *)md->input->name;
                        mi->output_type = (char *)md->output->name;
                        mi->requires_auth = (flags & (RPC_AUTH | RPC_ADMIN)) != 0;
                        mi->mutates = (flags & RPC_MUTATES) != 0;
                        mi->admin_only = (flags & RPC_ADMIN) != 0;
                        si->methods[k] = mi;
                }
                resp->services[i] = si;
        }
        return RS_OK;
}

static const struct rpc_method reflection_methods[] = {
    {"ListServices", reflection_list, RPC_INLINE},
};

const struct rpc_service svc_reflection =
    RPC_SERVICE(reinstate__v1__reflection__descriptor, reflection_methods);
