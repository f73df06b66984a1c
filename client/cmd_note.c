// reinstate note: a coach's remarks on a case (never shown to the job
// seeker). add prints the new note id alone on stdout.
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/notes.pb-c.h"
#include "banned.h"

static int note_add(struct cli *cli, int argc, char **argv)
{
        Reinstate__V1__CreateNoteRequest req = REINSTATE__V1__CREATE_NOTE_REQUEST__INIT;
        Reinstate__V1__Note n = REINSTATE__V1__NOTE__INIT;
        Reinstate__V1__Note *resp = NULL;
        int rv;

        if (argc != 3)
                return cli_usage_error("usage: reinstate note add CASE TEXT");
        if (args_id("case", argv[1], &n.case_id))
                return EXIT_USAGE;
        n.text = argv[2];
        req.note = &n;
        rv = cli_call(cli, "reinstate.v1.Notes/CreateNote", &req.base,
                      &reinstate__v1__note__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf("%lld\n", (long long)resp->id);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int note_list(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            ARGS_PAGE_OPTIONS,
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__ListNotesRequest req = REINSTATE__V1__LIST_NOTES_REQUEST__INIT;
        Reinstate__V1__ListNotesResponse *resp;
        struct list_opts lo = {0, NULL};
        struct list_result res;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (args_page_option(opt, optarg, &lo) != 1)
                        return EXIT_USAGE;
        }
        if (argc - optind != 1)
                return cli_usage_error("usage: reinstate note list CASE");
        if (args_id("case", argv[optind], &req.case_id))
                return EXIT_USAGE;
        rv = args_list(cli, "reinstate.v1.Notes/ListNotes", &req.base,
                       &reinstate__v1__list_notes_response__descriptor, &lo, &res);
        if (rv != 0)
                return rv;
        resp = (void *)res.msg;
        if (cli->json) {
                cli_print_json(res.msg);
        } else {
                struct table *t = table_new(3, "ID", "WHEN", "NOTE");
                for (size_t i = 0; i < resp->n_notes; i++) {
                        const Reinstate__V1__Note *n = resp->notes[i];
                        char id[24], when[17];
                        snprintf(id, sizeof(id), "%lld", (long long)n->id);
                        table_row(t, id, args_short_time(n->created_at, when), n->text);
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

static const struct cli_verb note_verbs[] = {
    {"add", note_add, "add CASE TEXT", "add a note to a case; prints its id"},
    {"list", note_list, "list CASE [--page-size N] [--page-token T]", "list a case's notes"},
};

int cmd_note(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "note", note_verbs, sizeof(note_verbs) / sizeof(note_verbs[0]),
                             argc, argv);
}
