// reinstate health: is the server up, is its database reachable.
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "pbjson.h"
#include "reinstate/v1/health.pb-c.h"
#include "banned.h"

static int health(struct cli *cli, struct args *a)
{
        Reinstate__V1__HealthCheckRequest req = REINSTATE__V1__HEALTH_CHECK_REQUEST__INIT;
        Reinstate__V1__HealthCheckResponse *resp = NULL;
        Reinstate__V1__HealthProbeRequest preq = REINSTATE__V1__HEALTH_PROBE_REQUEST__INIT;
        Reinstate__V1__HealthProbeResponse *presp = NULL;
        int deep = args_has(a, "deep"), rv;

        if (deep) {
                // One call that crosses the server and the database.
                rv = cli_call(cli, "reinstate.v1.Health/Probe", &preq.base,
                              &reinstate__v1__health_probe_response__descriptor,
                              (ProtobufCMessage **)&presp);
                if (rv != 0)
                        goto out;
                if (cli->json)
                        cli_print_json(&presp->base);
                else
                        printf("SERVING (database round trip %u us, PostgreSQL %s, %d "
                               "migrations)\n",
                               presp->round_trip_us, presp->database, presp->schema_version);
                goto out;
        }
        rv =
            cli_call(cli, "reinstate.v1.Health/Check", &req.base,
                     &reinstate__v1__health_check_response__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                goto out;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf("%s (server %s, database %s%s)\n",
                       pbjson_enum_name(
                           &reinstate__v1__health_check_response__serving_status__descriptor,
                           (int)resp->status),
                       resp->version, resp->database_ok ? "reachable" : "unreachable",
                       resp->draining ? ", shutting down" : "");
        rv = resp->status == REINSTATE__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING
                 ? 0
                 : EXIT_UNAVAILABLE;
out:
        if (resp)
                protobuf_c_message_free_unpacked(&resp->base, NULL);
        if (presp)
                protobuf_c_message_free_unpacked(&presp->base, NULL);
        return rv;
}

static const struct opt health_opts[] = {
    {.name = "deep",
     .type = OPT_FLAG,
     .help = "one round trip through the server to the database and back, timed"},
    OPT_END,
};

static const struct cli_verb health_verbs[] = {
    {"", health, "check that the server is up and its database reachable", health_opts, NULL, NULL,
     "Asks the server whether it is serving: exit 0 when SERVING, 7 when not (the server answers "
     "from its last contact with the database). --deep instead makes one round trip to the "
     "database through the server."},
};

CLI_NOUN(noun_health, "health", "check that the server is up and its database reachable",
         health_verbs);
