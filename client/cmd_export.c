// reinstate export DIR (admin): the agency's clients, cases, attempts,
// notes, tasks and stage history as one CSV (or JSON) file each, read a page
// at a time through Exports/ExportTable. cases.csv, attempts.csv and
// stage_history.csv use the column names `reinstate import` reads, so the
// directory imports back (`reinstate import DIR`).
#include <errno.h>
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

static int export_run(struct cli *cli, struct args *a)
{
        const char *dir = args_str(a, "DIR"), *format = args_str(a, "format");
        int json = format && strcmp(format, "json") == 0, rv = 0;

        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
                fprintf(stderr, "reinstate: cannot create '%s': %s\n", dir, strerror(errno));
                return EXIT_FAILURE_;
        }
        for (size_t i = 0; i < CLI_COUNT(export_tables) && rv == 0; i++)
                rv = export_table(cli, dir, export_tables[i], json);
        return rv;
}

static const char *const export_formats[] = {"csv", "json", NULL};

static const struct opt export_opts[] = {
    {.name = "DIR",
     .type = OPT_STRING,
     .flags = OPT_POSITIONAL | OPT_REQUIRED,
     .complete = COMP_FILE,
     .help = "the directory to write into (made when missing)"},
    {.name = "format",
     .type = OPT_ENUM,
     .values = export_formats,
     .meta = "FORMAT",
     .help = "one file per table as CSV (default; reads back with 'reinstate import DIR') or "
             "JSON"},
    OPT_END,
};

static const struct cli_verb export_verbs[] = {
    {"", export_run, "write the agency's data as CSV or JSON files (admin)", export_opts, NULL,
     NULL,
     "Writes the agency's clients, cases, attempts, notes, tasks and stage history into DIR, one "
     "file per table, read a page at a time. cases.csv, attempts.csv and stage_history.csv use "
     "the column names 'reinstate import' reads, so the directory imports back."},
};

CLI_NOUN(noun_export, "export", "write the agency's data as CSV or JSON files (admin)",
         export_verbs);
