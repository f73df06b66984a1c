// Calling the server and reporting failures the same way for every command.
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "pbjson.h"
#include "status.h"
#include "wirecheck.h"
#include "banned.h"

int cli_exit_code(int status)
{
        switch (status) {
        case RS_OK:
                return EXIT_OK_;
        case RS_INVALID_ARGUMENT:
        case RS_FAILED_PRECONDITION:
        case RS_OUT_OF_RANGE:
                return EXIT_INVALID;
        case RS_NOT_FOUND:
                return EXIT_NOT_FOUND;
        case RS_UNAUTHENTICATED:
        case RS_PERMISSION_DENIED:
                return EXIT_AUTH;
        case RS_ALREADY_EXISTS:
        case RS_ABORTED:
                return EXIT_CONFLICT;
        case RS_UNAVAILABLE:
        case RS_DEADLINE_EXCEEDED:
        case RS_RESOURCE_EXHAUSTED:
        case RS_CANCELLED:
                return EXIT_UNAVAILABLE;
        case RS_UNIMPLEMENTED:
                return EXIT_UNIMPLEMENTED;
        default:
                return EXIT_FAILURE_;
        }
}

int cli_usage_error(const char *fmt, ...)
{
        va_list ap;

        fputs("reinstate: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputs("\n", stderr);
        return EXIT_USAGE;
}

// Whether the message is the server's "<field>: <description>" of v.
static int headline_is_field(const char *message, const Reinstate__V1__FieldViolation *v)
{
        size_t n = strlen(v->field);

        return strncmp(message, v->field, n) == 0 && strncmp(message + n, ": ", 2) == 0 &&
               strncmp(message + n + 2, v->description, strlen(message + n + 2)) == 0;
}

// The flag (or argument) of the running verb that fills proto field f
// ("contact_name" -> "--contact"), or NULL when none does: the server names
// proto fields, the user typed flags.
static const char *flag_of(const struct args *a, const char *f, size_t len, char *out,
                           size_t outlen)
{
        const struct opt *o = a && a->verb ? a->verb->opts : NULL;

        for (; o && o->name; o++) {
                const char *leaf;
                if (o->field == NULL)
                        continue;
                leaf = strrchr(o->field, '.');
                leaf = leaf ? leaf + 1 : o->field;
                if ((strlen(o->field) == len && strncmp(o->field, f, len) == 0) ||
                    (strlen(leaf) == len && strncmp(leaf, f, len) == 0)) {
                        snprintf(out, outlen, "%s%s", o->flags & OPT_POSITIONAL ? "" : "--",
                                 o->name);
                        return out;
                }
        }
        return NULL;
}

// desc with the field names in it that the verb's flags fill written as
// those flags ("must not be before --offered-on"), into out.
static void map_fields(const struct args *a, const char *desc, char *out, size_t len)
{
        const char *p = desc;
        size_t used = 0;
        char lab[80];

        out[0] = '\0';
        while (*p && used + 1 < len) {
                size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
                const char *put = p;
                size_t k;
                if (n > 0 && (p == desc || !(p[-1] == '-' || p[-1] == '\'')) && memchr(p, '_', n) &&
                    flag_of(a, p, n, lab, sizeof(lab))) {
                        put = lab;
                        k = strlen(lab);
                } else {
                        k = n ? n : 1;
                }
                if (used + k >= len)
                        break;
                memcpy(out + used, put, k);
                used += k;
                out[used] = '\0';
                p += n ? n : 1;
        }
}

static int open_client(struct cli *cli)
{
        struct rpc_client_opts o = {cli->server, cli->ca_file, cli->timeout_ms, 4};
        char err[256];
        int code;

        if (cli->rpc)
                return RS_OK;
        if (!rpc_client_url_ok(cli->server)) {
                cli_usage_error("cannot use server address '%s': use tcp://HOST:PORT (this "
                                "machine or a private network), tls+tcp://HOST:PORT (anywhere "
                                "else) or ipc:///PATH (a local socket)",
                                cli->server);
                return -EXIT_USAGE;
        }
        code = rpc_client_open(&cli->rpc, &o, err, sizeof(err));
        if (code != RS_OK)
                fprintf(stderr, "reinstate: %s\n", err);
        return code;
}

// Rewrites every string of m (nested messages included) with its control
// characters escaped: what a server or another user typed cannot drive the
// terminal. The strings belong to protobuf-c's unpack (malloc), so a
// replaced one is freed here and its copy is freed by free_unpacked.
static void escape_strings(ProtobufCMessage *m, int depth)
{
        const ProtobufCMessageDescriptor *d = m->descriptor;

        if (depth > 8)
                return;
        for (unsigned i = 0; i < d->n_fields; i++) {
                const ProtobufCFieldDescriptor *f = &d->fields[i];
                char *base = (char *)m + f->offset;
                size_t n = 1;
                void **items = (void **)base;

                if (f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_MESSAGE)
                        continue;
                // A oneof's members share memory: only the one set is read.
                if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
                    *(uint32_t *)((char *)m + f->quantifier_offset) != f->id)
                        continue;
                if (f->label == PROTOBUF_C_LABEL_REPEATED) {
                        n = *(size_t *)((char *)m + f->quantifier_offset);
                        items = *(void ***)base;
                }
                for (size_t k = 0; k < n && items; k++) {
                        if (items[k] == NULL)
                                continue;
                        if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
                                escape_strings(items[k], depth + 1);
                        } else if (items[k] != f->default_value) {
                                char *e = wirecheck_escape(items[k]);
                                if (e) {
                                        free(items[k]);
                                        items[k] = e;
                                }
                        }
                }
        }
}

// fputs of s with its control characters escaped.
static void put_escaped(const char *s, FILE *f)
{
        char *e = wirecheck_escape(s);

        fputs(e ? e : s, f);
        free(e);
}

int cli_call(struct cli *cli, const char *method, const ProtobufCMessage *in,
             const ProtobufCMessageDescriptor *out_desc, ProtobufCMessage **out)
{
        struct rpc_result res = RPC_RESULT_INIT;
        const char *rid;
        int code;

        *out = NULL;
        if ((code = open_client(cli)) != RS_OK)
                return code == -EXIT_USAGE ? EXIT_USAGE : cli_exit_code(code);
        // REINSTATE_REQUEST_ID forces the idempotency key (scripts that retry
        // a whole command, tests of replays); otherwise one per call.
        rid = getenv("REINSTATE_REQUEST_ID");
        code = rpc_call(cli->rpc, method, cli->token, rid && rid[0] ? rid : NULL, in, out_desc, out,
                        &res);
        if (code == RS_OK && !cli->json && *out)
                escape_strings(*out, 0);
        if (code != RS_OK) {
                size_t nv = res.resp ? res.resp->n_field_violations : 0;

                // The server's message repeats the first invalid field: the
                // fields are listed once, under a headline of their own.
                // What the server sends is escaped: it may quote input.
                if (nv > 0 && headline_is_field(res.message, res.resp->field_violations[0])) {
                        fprintf(stderr, "reinstate: invalid value%s (%s)\n", nv == 1 ? "" : "s",
                                rs_status_name(code));
                } else {
                        fputs("reinstate: ", stderr);
                        put_escaped(res.message, stderr);
                        fprintf(stderr, " (%s)\n", rs_status_name(code));
                }
                for (size_t i = 0; i < nv; i++) {
                        char lab[80], desc[2048];
                        const char *fld = res.resp->field_violations[i]->field;
                        fputs("  ", stderr);
                        put_escaped(flag_of(cli->args, fld, strlen(fld), lab, sizeof(lab)) ? lab
                                                                                           : fld,
                                    stderr);
                        fputs(": ", stderr);
                        map_fields(cli->args, res.resp->field_violations[i]->description, desc,
                                   sizeof(desc));
                        put_escaped(desc, stderr);
                        fputs("\n", stderr);
                }
                if (code == RS_UNAVAILABLE && strstr(res.message, "Cryptographic"))
                        fprintf(stderr, "  the tls handshake failed: check --ca-file, and dial the "
                                        "host name the server's certificate carries (certificates "
                                        "are checked by host name, not ip address)\n");
                else if (code == RS_UNAVAILABLE && strstr(res.message, "reach"))
                        fprintf(stderr, "  is reinstated running at %s?\n", cli->server);
                if (code == RS_UNAUTHENTICATED)
                        fprintf(stderr, "  log in with: reinstate login\n");
        }
        rpc_result_fini(&res);
        return cli_exit_code(code);
}

void cli_print_json(const ProtobufCMessage *msg)
{
        json_t *j = pbjson_from_message(msg);

        if (j == NULL)
                return;
        json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputs("\n", stdout);
        json_decref(j);
}
