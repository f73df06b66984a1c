// reinstate export DIR (admin): the agency's clients, cases, attempts,
// notes, tasks and stage history as one CSV (or JSON) file each, read a page
// at a time through Exports/ExportTable. cases.csv, attempts.csv and
// stage_history.csv use the column names `reinstate import` reads, so the
// directory imports back (`reinstate import DIR`).
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "commands.h"
#include "csvio.h"
#include "reinstate/v1/exports.pb-c.h"
#include "banned.h"

static const char *const export_tables[] = {"clients", "cases",         "attempts",
                                            "notes",   "stage_history", "tasks"};

// Writes one table into dir; prints its row count. Returns 0 or an exit code.
static int export_table(struct cli *cli, const char *dir, const char *table, int json)
{
        Reinstate__V1__ExportTableRequest req = REINSTATE__V1__EXPORT_TABLE_REQUEST__INIT;
        char path[4096];
        FILE *out = NULL;
        size_t rows = 0;
        int rv = 0, first = 1;

        snprintf(path, sizeof(path), "%s/%s.%s", dir, table, json ? "json" : "csv");
        if ((out = fopen(path, "wb")) == NULL) {
                fprintf(stderr, "reinstate: cannot write '%s': %s\n", path, strerror(errno));
                return EXIT_FAILURE_;
        }
        req.table = (char *)table;
        if (json)
                fputs("[", out);
        for (;;) {
                Reinstate__V1__ExportTableResponse *resp = NULL;
                if ((rv = cli_call(cli, "reinstate.v1.Exports/ExportTable", &req.base,
                                   &reinstate__v1__export_table_response__descriptor,
                                   (ProtobufCMessage **)&resp)) != 0)
                        break;
                if (first && !json)
                        csv_write_record(out, (const char *const *)resp->columns, resp->n_columns);
                for (size_t i = 0; i < resp->n_rows; i++) {
                        const Reinstate__V1__ExportRow *row = resp->rows[i];
                        if (json) {
                                json_t *o = json_object();
                                char *text;
                                for (size_t j = 0; j < row->n_values && j < resp->n_columns; j++)
                                        json_object_set_new(o, resp->columns[j],
                                                            json_string(row->values[j]));
                                text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
                                fprintf(out, "%s\n%s", rows ? "," : "", text ? text : "{}");
                                free(text);
                                json_decref(o);
                        } else {
                                csv_write_record(out, (const char *const *)row->values,
                                                 row->n_values);
                        }
                        rows++;
                }
                first = 0;
                req.after_id = resp->next_after_id;
                protobuf_c_message_free_unpacked(&resp->base, NULL);
                if (req.after_id == 0)
                        break;
        }
        if (json)
                fputs("\n]\n", out);
        if (fclose(out) != 0 && rv == 0) {
                fprintf(stderr, "reinstate: cannot write '%s': %s\n", path, strerror(errno));
                rv = EXIT_FAILURE_;
        }
        if (rv == 0)
                printf("%-20s %zu rows\n", path, rows);
        return rv;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
        static const struct option opts[] = {
            {"format", required_argument, NULL, 'f'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *usage = "usage: reinstate export [--format csv|json] DIR";
        int json = 0, opt, rv = 0;

        optind = 1;
        while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
                switch (opt) {
                case 'f':
                        if (strcmp(optarg, "csv") == 0)
                                json = 0;
                        else if (strcmp(optarg, "json") == 0)
                                json = 1;
                        else
                                return cli_usage_error("--format is csv or json");
                        break;
                case 'h':
                        printf("%s\nWrites clients, cases, attempts, notes, tasks and stage "
                               "history into DIR (admin).\n",
                               usage);
                        return 0;
                default:
                        return cli_usage_error("%s", usage);
                }
        }
        if (optind != argc - 1)
                return cli_usage_error("%s", usage);
        if (mkdir(argv[optind], 0700) != 0 && errno != EEXIST) {
                fprintf(stderr, "reinstate: cannot create '%s': %s\n", argv[optind],
                        strerror(errno));
                return EXIT_FAILURE_;
        }
        for (size_t i = 0; i < sizeof(export_tables) / sizeof(export_tables[0]) && rv == 0; i++)
                rv = export_table(cli, argv[optind], export_tables[i], json);
        return rv;
}
