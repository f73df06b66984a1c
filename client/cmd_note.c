// reinstate note: a coach's remarks on a case (never shown to the job
// seeker). add prints the new note id alone on stdout; edit and delete
// correct a mistake, and the audit log keeps what the note said.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/notes.pb-c.h"
#include "banned.h"

static int note_add(struct cli *cli, struct args *a)
{
        Reinstate__V1__Note *resp = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Notes/CreateNote", a->req,
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

static int note_list(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListNotesResponse *resp;
        struct list_opts lo = args_page(a);
        struct list_result res;
        int rv;

        rv = args_list(cli, "reinstate.v1.Notes/ListNotes", a->req,
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

// edit and delete: one line saying what happened.
static int note_change(struct cli *cli, struct args *a, const char *method, const char *done)
{
        Reinstate__V1__Note *resp = NULL;
        int rv = cli_call(cli, method, a->req, &reinstate__v1__note__descriptor,
                          (ProtobufCMessage **)&resp);

        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf("note %lld %s (case %lld)\n", (long long)resp->id, done,
                       (long long)resp->case_id);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int note_edit(struct cli *cli, struct args *a)
{
        return note_change(cli, a, "reinstate.v1.Notes/UpdateNote", "edited");
}

static int note_delete(struct cli *cli, struct args *a)
{
        return note_change(cli, a, "reinstate.v1.Notes/DeleteNote", "deleted");
}

static const struct opt add_opts[] = {
    {.name = "CASE",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "note.case_id",
     .help = "the case",
     .complete = COMP_CASE},
    {.name = "TEXT",
     .type = OPT_STRING,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "note.text",
     .help = "the note (never shown to the job seeker)"},
    OPT_END,
};

static const struct opt list_opts[] = {
    {.name = "CASE",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "case_id",
     .help = "the case",
     .complete = COMP_CASE},
    OPTS_PAGE,
    OPT_END,
};

static const struct opt edit_opts[] = {
    {.name = "ID",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "id",
     .help = "the note (note list CASE shows the ids)"},
    {.name = "TEXT",
     .type = OPT_STRING,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "text",
     .help = "the note's new text"},
    {.name = "etag",
     .type = OPT_STRING,
     .field = "etag",
     .help = "only if the note is still at this version"},
    OPT_END,
};

static const struct opt delete_opts[] = {
    {.name = "ID",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "id",
     .help = "the note (note list CASE shows the ids)"},
    {.name = "etag",
     .type = OPT_STRING,
     .field = "etag",
     .help = "only if the note is still at this version"},
    OPT_END,
};

static const struct cli_verb note_verbs[] = {
    {"add", note_add, "add a note to a case; prints its id", add_opts,
     &reinstate__v1__create_note_request__descriptor},
    {"list", note_list, "list a case's notes", list_opts,
     &reinstate__v1__list_notes_request__descriptor, NULL, NULL, CLI_LIST},
    {"edit", note_edit, "replace a note's text; the audit log keeps the old text", edit_opts,
     &reinstate__v1__update_note_request__descriptor},
    {"delete", note_delete,
     "delete a note: it leaves the list and the timeline; the audit log keeps what it said",
     delete_opts, &reinstate__v1__delete_note_request__descriptor},
};

CLI_NOUN(noun_note, "note", "add, list, edit and delete a case's coach-only notes", note_verbs);
