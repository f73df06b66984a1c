// reinstate task: dated to-dos on cases. add prints the new task id alone
// on stdout; list shows open tasks by due date (--overdue: due before today,
// in the local calendar).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/tasks.pb-c.h"
#include "banned.h"

static int task_add(struct cli *cli, struct args *a)
{
        Reinstate__V1__Task *resp = NULL;
        int rv;

        rv = cli_call(cli, "reinstate.v1.Tasks/CreateTask", a->req,
                      &reinstate__v1__task__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf("%lld\n", (long long)resp->id);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int task_list(struct cli *cli, struct args *a)
{
        Reinstate__V1__ListTasksResponse *resp;
        struct list_opts lo = args_page(a);
        struct list_result res;
        char today[11];
        int rv;

        rv = args_list(cli, "reinstate.v1.Tasks/ListTasks", a->req,
                       &reinstate__v1__list_tasks_response__descriptor, &lo, &res);
        if (rv != 0)
                return rv;
        resp = (void *)res.msg;
        // The server's today for the caller, from the first page.
        snprintf(today, sizeof(today), "%s",
                 res.n_pages ? ((Reinstate__V1__ListTasksResponse *)res.pages[0])->today : "");
        if (cli->json) {
                cli_print_json(res.msg);
        } else {
                struct table *t = table_new(5, "ID", "DUE", "CASE", "TASK", "STATUS");
                for (size_t i = 0; i < resp->n_tasks; i++) {
                        const Reinstate__V1__Task *k = resp->tasks[i];
                        char id[24], kase[256];
                        snprintf(id, sizeof(id), "%lld", (long long)k->id);
                        snprintf(kase, sizeof(kase), "%lld %s", (long long)k->case_id, k->company);
                        table_row(t, id, k->due_on, kase, k->title,
                                  k->done                        ? "done"
                                  : strcmp(k->due_on, today) < 0 ? "overdue"
                                                                 : "open");
                        if (k->done)
                                table_mark(t, TABLE_MARK_QUIET);
                        else if (strcmp(k->due_on, today) < 0)
                                table_mark(t, TABLE_MARK_ALERT);
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

// done, edit and reopen: one line saying what the task is now.
static int task_change(struct cli *cli, struct args *a, const char *method)
{
        Reinstate__V1__Task *resp = NULL;
        int rv = cli_call(cli, method, a->req, &reinstate__v1__task__descriptor,
                          (ProtobufCMessage **)&resp);

        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else if (resp->done)
                printf("task %lld done\n", (long long)resp->id);
        else
                printf("task %lld open, due %s: %s\n", (long long)resp->id, resp->due_on,
                       resp->title);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static int task_done(struct cli *cli, struct args *a)
{
        return task_change(cli, a, "reinstate.v1.Tasks/CompleteTask");
}

static int task_edit(struct cli *cli, struct args *a)
{
        return task_change(cli, a, "reinstate.v1.Tasks/UpdateTask");
}

static int task_reopen(struct cli *cli, struct args *a)
{
        return task_change(cli, a, "reinstate.v1.Tasks/ReopenTask");
}

static const struct opt add_opts[] = {
    {.name = "CASE",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "task.case_id",
     .help = "the case",
     .complete = COMP_CASE},
    {.name = "TEXT",
     .type = OPT_STRING,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "task.title",
     .help = "what to do"},
    {.name = "due",
     .type = OPT_DATE,
     .flags = OPT_REQUIRED,
     .field = "task.due_on",
     .help = "the day it is due"},
    OPT_END,
};

static const struct opt list_opts[] = {
    {.name = "case",
     .type = OPT_ID,
     .field = "case_id",
     .help = "only this case's tasks",
     .complete = COMP_CASE},
    {.name = "overdue",
     .type = OPT_FLAG,
     .field = "overdue",
     .help = "only tasks due before today"},
    {.name = "all", .type = OPT_FLAG, .field = "include_done", .help = "done tasks too"},
    {.name = "coach",
     .type = OPT_ID,
     .field = "coach_id",
     .help = "only this coach's tasks (admins)",
     .complete = COMP_COACH},
    OPTS_PAGE,
    OPT_END,
};

static const struct opt done_opts[] = {
    {.name = "ID",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "id",
     .help = "the task",
     .complete = COMP_TASK},
    {.name = "etag",
     .type = OPT_STRING,
     .field = "etag",
     .help = "only if the task is still at this version"},
    OPT_END,
};

static const struct opt edit_opts[] = {
    {.name = "ID",
     .type = OPT_ID,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .field = "id",
     .help = "the task",
     .complete = COMP_TASK},
    {.name = "due", .type = OPT_DATE, .field = "due_on", .help = "the day it is due now"},
    {.name = "title", .type = OPT_STRING, .field = "title", .help = "what to do, reworded"},
    {.name = "etag",
     .type = OPT_STRING,
     .field = "etag",
     .help = "only if the task is still at this version"},
    OPT_END,
};

static const struct cli_verb task_verbs[] = {
    {"add", task_add, "add a task to a case; prints its id", add_opts,
     &reinstate__v1__create_task_request__descriptor},
    {"list", task_list, "list open tasks by due date (--all: done ones too)", list_opts,
     &reinstate__v1__list_tasks_request__descriptor, NULL, NULL, CLI_LIST},
    {"done", task_done, "mark a task done", done_opts,
     &reinstate__v1__complete_task_request__descriptor},
    {"edit", task_edit, "change a task's due day or title (at least one)", edit_opts,
     &reinstate__v1__update_task_request__descriptor},
    {"reopen", task_reopen, "open a task marked done by mistake again", done_opts,
     &reinstate__v1__reopen_task_request__descriptor},
};

CLI_NOUN(noun_task, "task", "add, list, complete, edit and reopen tasks", task_verbs);
