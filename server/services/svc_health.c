// reinstate.v1.Health: Check answers from the server's health view on the
// call (struct rpc_health) without a database round trip (like
// grpc.health.v1); Probe makes a real one.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "services.h"
#include "reinstate/v1/health.pb-c.h"
#include "banned.h"

static int health_check(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        const Reinstate__V1__HealthCheckRequest *req = (const void *)in;
        Reinstate__V1__HealthCheckResponse *resp = (void *)out;
        int known = req->service[0] == '\0';

        for (size_t i = 0; !known && i < rpc_services_count; i++)
                known = strcmp(rpc_services[i]->desc->name, req->service) == 0;
        resp->version = (char *)REINSTATE_VERSION;
        resp->database_ok = atomic_load(&c->health->db_ok);
        resp->draining = atomic_load(&c->health->draining);
        if (!known)
                resp->status =
                    REINSTATE__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN;
        else if (resp->database_ok && !resp->draining)
                resp->status = REINSTATE__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
        else
                resp->status = REINSTATE__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING;
        return RS_OK;
}

static int health_probe(struct rpc_call *c, const ProtobufCMessage *in, ProtobufCMessage *out)
{
        Reinstate__V1__HealthProbeResponse *resp = (void *)out;
        struct timespec a, b;
        PGresult *r = NULL;
        int code;

        clock_gettime(CLOCK_MONOTONIC, &a);
        code = db_exec(c, &r,
                       "SELECT (SELECT count(*) FROM schema_migrations), current_setting("
                       "'server_version')",
                       0, NULL);
        if (code != RS_OK)
                return code;
        clock_gettime(CLOCK_MONOTONIC, &b);
        resp->schema_version = (int32_t)db_int64(r, 0, 0);
        resp->database = rpc_strdup(c, db_text(r, 0, 1));
        resp->round_trip_us =
            (uint32_t)((b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000);
        PQclear(r);
        return RS_OK;
}

static const struct rpc_method health_methods[] = {
    {"Check", health_check, RPC_INLINE},
    {"Probe", health_probe, 0},
};

const struct rpc_service svc_health =
    RPC_SERVICE(reinstate__v1__health__descriptor, health_methods);
