// Tables for human and machine output. Cells are copied as given; the
// output mode (table_configure) decides how they are printed:
// - table: aligned columns, without the wide-only ones, fitted to the
//   terminal's width by shortening the widest columns (cut cells end in
//   "…"), the header bold and marked rows coloured when colour is on;
// - wide: every column, never cut;
// - csv: RFC 4180 — a header row, every column in declaration order,
//   fields quoted when they hold a comma, a quote or a line break, CRLF
//   line ends — so scripts get a stable shape.
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

struct table {
        int ncols;
        int first_wide; // columns from here on are shown only by wide and csv
        size_t nrows, cap;
        char **cells; // nrows * ncols, row 0 = headers
        int *marks;   // per row: TABLE_MARK_*
};

static struct {
        enum cli_output output;
        int color;
        int width; // 0: no limit
} conf = {CLI_OUTPUT_TABLE, 0, 0};

void table_configure(enum cli_output output, int color, int width)
{
        conf.output = output;
        conf.color = color;
        conf.width = width;
}

// The number of characters (UTF-8 code points) of s.
static size_t width(const char *s)
{
        size_t n = 0;

        for (; *s; s++)
                n += ((unsigned char)*s & 0xC0) != 0x80;
        return n;
}

static void add_row(struct table *t, va_list ap)
{
        if (t->nrows == t->cap) {
                t->cap = t->cap ? t->cap * 2 : 16;
                t->cells = realloc(t->cells, t->cap * (size_t)t->ncols * sizeof(char *));
                t->marks = realloc(t->marks, t->cap * sizeof(int));
                if (t->cells == NULL || t->marks == NULL)
                        abort();
        }
        for (int i = 0; i < t->ncols; i++) {
                const char *s = va_arg(ap, const char *);
                char *c = strdup(s ? s : "");
                if (c == NULL)
                        abort();
                t->cells[t->nrows * (size_t)t->ncols + (size_t)i] = c;
        }
        t->marks[t->nrows] = TABLE_MARK_NONE;
        t->nrows++;
}

struct table *table_new(int ncols, ...)
{
        struct table *t = calloc(1, sizeof(*t));
        va_list ap;

        if (t == NULL)
                abort();
        t->ncols = ncols;
        t->first_wide = ncols;
        va_start(ap, ncols);
        add_row(t, ap);
        va_end(ap);
        return t;
}

void table_row(struct table *t, ...)
{
        va_list ap;

        va_start(ap, t);
        add_row(t, ap);
        va_end(ap);
}

void table_wide_from(struct table *t, int col)
{
        if (col >= 0 && col <= t->ncols)
                t->first_wide = col;
}

void table_mark(struct table *t, int mark)
{
        if (t->nrows > 1)
                t->marks[t->nrows - 1] = mark;
}

static const char *cell(const struct table *t, size_t r, int c)
{
        return t->cells[r * (size_t)t->ncols + (size_t)c];
}

static void free_table(struct table *t)
{
        for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
                free(t->cells[i]);
        free(t->cells);
        free(t->marks);
        free(t);
}

// One RFC 4180 field.
static void csv_field(FILE *f, const char *s)
{
        if (strpbrk(s, ",\"\r\n") == NULL) {
                fputs(s, f);
                return;
        }
        fputc('"', f);
        for (; *s; s++) {
                if (*s == '"')
                        fputc('"', f);
                fputc(*s, f);
        }
        fputc('"', f);
}

static void print_csv(const struct table *t, FILE *f)
{
        for (size_t r = 0; r < t->nrows; r++) {
                for (int c = 0; c < t->ncols; c++) {
                        if (c)
                                fputc(',', f);
                        csv_field(f, cell(t, r, c));
                }
                fputs("\r\n", f);
        }
}

// Prints s in at most w characters (cut with "…"), on one line, padded to
// pad characters.
static void print_cell(FILE *f, const char *s, size_t w, size_t pad)
{
        size_t n = width(s), shown = 0;
        int cut = n > w;

        for (const char *p = s; *p; p++) {
                int lead = ((unsigned char)*p & 0xC0) != 0x80;
                if (lead && shown == (cut ? w - 1 : w))
                        break;
                shown += lead;
                fputc(*p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p, f);
        }
        if (cut) {
                fputs("\xe2\x80\xa6", f); // …
                shown++;
        }
        for (; shown < pad; shown++)
                fputc(' ', f);
}

void table_print(struct table *t, FILE *f)
{
        int ncols = conf.output == CLI_OUTPUT_TABLE ? t->first_wide : t->ncols;
        size_t *w, total = 0;

        if (conf.output == CLI_OUTPUT_CSV) {
                print_csv(t, f);
                free_table(t);
                return;
        }
        w = calloc((size_t)t->ncols, sizeof(size_t));
        if (w == NULL)
                abort();
        for (size_t r = 0; r < t->nrows; r++)
                for (int c = 0; c < ncols; c++) {
                        size_t n = width(cell(t, r, c));
                        if (n > w[c])
                                w[c] = n;
                }
        for (int c = 0; c < ncols; c++)
                total += w[c] + (c + 1 < ncols ? 2 : 0);
        // Fit the terminal: shorten the widest column, one character at a
        // time, down to 4 (three characters and "…").
        while (conf.output == CLI_OUTPUT_TABLE && conf.width > 0 && total > (size_t)conf.width) {
                int widest = 0;
                for (int c = 1; c < ncols; c++)
                        if (w[c] > w[widest])
                                widest = c;
                if (w[widest] <= 4)
                        break;
                w[widest]--;
                total--;
        }
        for (size_t r = 0; r < t->nrows; r++) {
                const char *on = !conf.color                       ? NULL
                                 : r == 0                          ? "\033[1m"
                                 : t->marks[r] == TABLE_MARK_ALERT ? "\033[31m"
                                 : t->marks[r] == TABLE_MARK_QUIET ? "\033[2m"
                                                                   : NULL;
                if (on)
                        fputs(on, f);
                for (int c = 0; c < ncols; c++)
                        print_cell(f, cell(t, r, c), w[c], c + 1 < ncols ? w[c] + 2 : 0);
                if (on)
                        fputs("\033[0m", f);
                fputc('\n', f);
        }
        free(w);
        free_table(t);
}
