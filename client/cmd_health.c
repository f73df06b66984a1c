// reinstate health: is the server up, is its database reachable.
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "pbjson.h"
#include "reinstate/v1/health.pb-c.h"
#include "banned.h"

int cmd_health(struct cli *cli, int argc, char **argv)
{
        static const struct option longopts[] = {
            {"deep", no_argument, NULL, 'd'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__HealthCheckRequest req = REINSTATE__V1__HEALTH_CHECK_REQUEST__INIT;
        Reinstate__V1__HealthCheckResponse *resp = NULL;
        Reinstate__V1__HealthProbeRequest preq = REINSTATE__V1__HEALTH_PROBE_REQUEST__INIT;
        Reinstate__V1__HealthProbeResponse *presp = NULL;
        int opt, deep = 0, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
                if (opt == 'd') {
                        deep = 1;
                } else if (opt == 'h') {
                        printf("usage: reinstate health [--deep]\n\n"
                               "Asks the server whether it is serving. Exit 0 when SERVING, 7 "
                               "when not.\n"
                               "--deep instead makes one round trip to the database through the "
                               "server.\n");
                        return 0;
                } else {
                        return EXIT_USAGE;
                }
        }
        if (optind < argc)
                return cli_usage_error("health takes no arguments");
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
