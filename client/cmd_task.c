// reinstate task: dated to-dos on cases. add prints the new task id alone
// on stdout; list shows open tasks by due date (--overdue: due before today,
// in the local calendar).
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "reinstate/v1/tasks.pb-c.h"
#include "banned.h"

enum { O_DUE = 1, O_CASE, O_OVERDUE, O_ALL, O_COACH, O_ETAG };

static int task_add(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"due", required_argument, NULL, O_DUE},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__CreateTaskRequest req = REINSTATE__V1__CREATE_TASK_REQUEST__INIT;
        Reinstate__V1__Task t = REINSTATE__V1__TASK__INIT;
        Reinstate__V1__Task *resp = NULL;
        char due[32];
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (opt != O_DUE)
                        return EXIT_USAGE;
                t.due_on = optarg;
        }
        if (argc - optind != 2 || t.due_on[0] == '\0')
                return cli_usage_error("usage: reinstate task add CASE --due DATE TEXT");
        if (args_id("case", argv[optind], &t.case_id))
                return EXIT_USAGE;
        if (args_date("--due", t.due_on, due, sizeof(due)) != 0)
                return EXIT_USAGE;
        t.due_on = due;
        t.title = argv[optind + 1];
        req.task = &t;
        rv = cli_call(cli, "reinstate.v1.Tasks/CreateTask", &req.base,
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

static int task_list(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"case", required_argument, NULL, O_CASE},
            {"overdue", no_argument, NULL, O_OVERDUE},
            {"all", no_argument, NULL, O_ALL},
            {"coach", required_argument, NULL, O_COACH},
            ARGS_PAGE_OPTIONS,
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__ListTasksRequest req = REINSTATE__V1__LIST_TASKS_REQUEST__INIT;
        Reinstate__V1__ListTasksResponse *resp;
        struct list_opts lo = {0, NULL};
        struct list_result res;
        char today[11];
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (opt) {
                case O_CASE:
                        if (args_id("case", optarg, &req.case_id))
                                return EXIT_USAGE;
                        break;
                case O_OVERDUE:
                        req.overdue = 1;
                        break;
                case O_ALL:
                        req.include_done = 1;
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
                return cli_usage_error("task list takes no arguments");
        rv = args_list(cli, "reinstate.v1.Tasks/ListTasks", &req.base,
                       &reinstate__v1__list_tasks_response__descriptor, &lo, &res);
        if (rv != 0)
                return rv;
        resp = (void *)res.msg;
        snprintf(today, sizeof(today), "%s", resp->today);
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
                }
                table_print(t, stdout);
                args_more(res.msg);
        }
        list_result_fini(&res);
        return 0;
}

static int task_done(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"etag", required_argument, NULL, O_ETAG},
            {NULL, 0, NULL, 0},
        };
        Reinstate__V1__CompleteTaskRequest req = REINSTATE__V1__COMPLETE_TASK_REQUEST__INIT;
        Reinstate__V1__Task *resp = NULL;
        int opt, rv;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (opt != O_ETAG)
                        return EXIT_USAGE;
                req.etag = optarg;
        }
        if (argc - optind != 1)
                return cli_usage_error("usage: reinstate task done ID");
        if (args_id("task", argv[optind], &req.id))
                return EXIT_USAGE;
        rv = cli_call(cli, "reinstate.v1.Tasks/CompleteTask", &req.base,
                      &reinstate__v1__task__descriptor, (ProtobufCMessage **)&resp);
        if (rv != 0)
                return rv;
        if (cli->json)
                cli_print_json(&resp->base);
        else
                printf("task %lld done\n", (long long)resp->id);
        protobuf_c_message_free_unpacked(&resp->base, NULL);
        return 0;
}

static const struct cli_verb task_verbs[] = {
    {"add", task_add, "add CASE --due DATE TEXT", "add a task to a case; prints its id"},
    {"list", task_list,
     "list [--case ID] [--overdue] [--all] [--coach ID] [--page-size N] [--page-token T]",
     "list open tasks by due date (--all: done ones too)"},
    {"done", task_done, "done ID [--etag ETAG]", "mark a task done"},
};

int cmd_task(struct cli *cli, int argc, char **argv)
{
        return cli_run_verbs(cli, "task", task_verbs, sizeof(task_verbs) / sizeof(task_verbs[0]),
                             argc, argv);
}
