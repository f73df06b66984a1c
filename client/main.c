// reinstate: the command-line client. `reinstate <noun> <verb> [args]`.
//
// Settings come from the config file's context (--context, else
// REINSTATE_CONTEXT, else its current one), then the environment
// (REINSTATE_SERVER, REINSTATE_TOKEN, REINSTATE_CA_FILE), then the global
// options (commands.c), which may appear anywhere before "--". The nouns are
// listed in commands.c; run.c finds, parses and runs the verb.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "envelope.h"
#include "banned.h"

int main(int argc, char **argv)
{
        struct cli cli;
        int rv;

        memset(&cli, 0, sizeof(cli));
        snprintf(cli.server, sizeof(cli.server), "%s", RS_DEFAULT_URL);
        cli.timeout_ms = RS_DEFAULT_TIMEOUT_MS;
        args_save_command(argc, argv);
        rv = cli_main(&cli, argc, argv);
        rpc_client_close(cli.rpc);
        return rv;
}
