// CSV reading and writing on top of libcsv: it does the quoting rules; this
// file adds the byte-order mark, the delimiter guess, line numbers and the
// record store.
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "banned.h"

// Largest file read: 256 MiB.
#define CSV_MAX_BYTES (256L * 1024 * 1024)

struct reader {
        struct csv_file *f;
        struct csv_record cur; // being filled
        size_t cap_fields;
        size_t cap_records;
        int line; // line being fed
        int oom;
};

static void on_field(void *s, size_t len, void *data)
{
        struct reader *rd = data;
        char *copy;

        if (rd->cur.nfields == 0)
                rd->cur.line = rd->line;
        if (rd->cur.nfields == rd->cap_fields) {
                size_t cap = rd->cap_fields ? rd->cap_fields * 2 : 16;
                char **p = realloc(rd->cur.fields, cap * sizeof(*p));
                if (p == NULL) {
                        rd->oom = 1;
                        return;
                }
                rd->cur.fields = p;
                rd->cap_fields = cap;
        }
        if ((copy = malloc(len + 1)) == NULL) {
                rd->oom = 1;
                return;
        }
        // Line breaks inside a quoted field are kept as '\n' (CRLF files).
        for (size_t i = 0, o = 0;; i++) {
                if (i == len) {
                        copy[o] = '\0';
                        break;
                }
                if (((char *)s)[i] == '\r' && i + 1 < len && ((char *)s)[i + 1] == '\n')
                        continue;
                copy[o++] = ((char *)s)[i];
        }
        rd->cur.fields[rd->cur.nfields++] = copy;
}

static void on_record(int term, void *data)
{
        struct reader *rd = data;
        struct csv_file *f = rd->f;

        (void)term;
        if (rd->cur.nfields == 0)
                return;
        if (f->nrecords == rd->cap_records) {
                size_t cap = rd->cap_records ? rd->cap_records * 2 : 256;
                struct csv_record *p = realloc(f->records, cap * sizeof(*p));
                if (p == NULL) {
                        rd->oom = 1;
                        return;
                }
                f->records = p;
                rd->cap_records = cap;
        }
        f->records[f->nrecords++] = rd->cur;
        memset(&rd->cur, 0, sizeof(rd->cur));
        rd->cap_fields = 0;
}

// Spaces around unquoted fields are dropped; tabs may be the delimiter.
static int is_blank(unsigned char c)
{
        return c == ' ' ? CSV_SPACE : 0;
}

// The delimiter of the header line: the most frequent of , ; and tab
// outside quotes.
static char guess_delimiter(const char *s, size_t n)
{
        size_t counts[3] = {0, 0, 0};
        int quoted = 0;

        for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
                if (s[i] == '"')
                        quoted = !quoted;
                else if (!quoted)
                        counts[0] += s[i] == ',', counts[1] += s[i] == ';',
                            counts[2] += s[i] == '\t';
        }
        if (counts[1] > counts[0] && counts[1] >= counts[2])
                return ';';
        if (counts[2] > counts[0] && counts[2] > counts[1])
                return '\t';
        return ',';
}

int csv_file_read(struct csv_file *f, const char *path, char delimiter, char *err, size_t errlen)
{
        struct csv_parser p;
        struct reader rd;
        FILE *in = NULL;
        char *buf = NULL, *s;
        long size;
        size_t n, off = 0;
        int rv = -1, parser = 0;

        memset(f, 0, sizeof(*f));
        memset(&rd, 0, sizeof(rd));
        rd.f = f;
        if ((in = fopen(path, "rb")) == NULL) {
                snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
                goto out;
        }
        if (fseek(in, 0, SEEK_END) != 0 || (size = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) != 0) {
                snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
                goto out;
        }
        if (size > CSV_MAX_BYTES) {
                snprintf(err, errlen, "'%s' is larger than 256 MiB", path);
                goto out;
        }
        if ((buf = malloc((size_t)size + 1)) == NULL ||
            fread(buf, 1, (size_t)size, in) != (size_t)size) {
                snprintf(err, errlen, "cannot read '%s'", path);
                goto out;
        }
        n = (size_t)size;
        s = buf;
        if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
                s += 3, n -= 3;
        f->delimiter = delimiter ? delimiter : guess_delimiter(s, n);
        if (csv_init(&p, CSV_APPEND_NULL) != 0) {
                snprintf(err, errlen, "out of memory");
                goto out;
        }
        parser = 1;
        csv_set_delim(&p, (unsigned char)f->delimiter);
        csv_set_space_func(&p, is_blank);
        // Fed a line at a time so each record knows the line it starts on.
        rd.line = 1;
        while (off < n) {
                const char *nl = memchr(s + off, '\n', n - off);
                size_t len = nl ? (size_t)(nl - (s + off)) + 1 : n - off;
                if (csv_parse(&p, s + off, len, on_field, on_record, &rd) != len) {
                        snprintf(err, errlen, "line %d: %s", rd.line, csv_strerror(csv_error(&p)));
                        goto out;
                }
                off += len;
                rd.line++;
        }
        if (csv_fini(&p, on_field, on_record, &rd) != 0) {
                snprintf(err, errlen, "line %d: %s", rd.line, csv_strerror(csv_error(&p)));
                goto out;
        }
        if (rd.oom) {
                snprintf(err, errlen, "out of memory");
                goto out;
        }
        if (f->nrecords == 0) {
                snprintf(err, errlen, "'%s' is empty: it needs a header line", path);
                goto out;
        }
        rv = 0;
out:
        if (parser)
                csv_free(&p);
        for (size_t i = 0; i < rd.cur.nfields; i++)
                free(rd.cur.fields[i]);
        free(rd.cur.fields);
        free(buf);
        if (in)
                fclose(in);
        if (rv != 0)
                csv_file_fini(f);
        return rv;
}

void csv_file_fini(struct csv_file *f)
{
        for (size_t i = 0; i < f->nrecords; i++) {
                for (size_t j = 0; j < f->records[i].nfields; j++)
                        free(f->records[i].fields[j]);
                free(f->records[i].fields);
        }
        free(f->records);
        memset(f, 0, sizeof(*f));
}

int csv_write_record(FILE *out, const char *const *fields, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                const char *v = fields[i] ? fields[i] : "";
                if (i && fputc(',', out) == EOF)
                        return -1;
                if (strpbrk(v, ",\"\r\n") || v[0] == ' ' || (v[0] && v[strlen(v) - 1] == ' ')) {
                        if (csv_fwrite(out, v, strlen(v)) != 0)
                                return -1;
                } else if (fputs(v, out) == EOF) {
                        return -1;
                }
        }
        return fputs("\r\n", out) == EOF ? -1 : 0;
}
