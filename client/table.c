// Aligned columns for human-readable output. Cells are copied; widths are
// computed over every row before printing, counting UTF-8 characters.
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

struct table {
        int ncols;
        size_t nrows, cap;
        char **cells; // nrows * ncols, row 0 = headers
};

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
                if (t->cells == NULL)
                        abort();
        }
        for (int i = 0; i < t->ncols; i++) {
                const char *s = va_arg(ap, const char *);
                char *c = strdup(s ? s : "");
                if (c == NULL)
                        abort();
                // Keep each row on one line.
                for (char *p = c; *p; p++)
                        if (*p == '\n' || *p == '\t' || *p == '\r')
                                *p = ' ';
                t->cells[t->nrows * (size_t)t->ncols + (size_t)i] = c;
        }
        t->nrows++;
}

struct table *table_new(int ncols, ...)
{
        struct table *t = calloc(1, sizeof(*t));
        va_list ap;

        if (t == NULL)
                abort();
        t->ncols = ncols;
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

void table_print(struct table *t, FILE *f)
{
        size_t *w = calloc((size_t)t->ncols, sizeof(size_t));

        if (w == NULL)
                abort();
        for (size_t r = 0; r < t->nrows; r++)
                for (int c = 0; c < t->ncols; c++) {
                        size_t n = width(t->cells[r * (size_t)t->ncols + (size_t)c]);
                        if (n > w[c])
                                w[c] = n;
                }
        for (size_t r = 0; r < t->nrows; r++) {
                for (int c = 0; c < t->ncols; c++) {
                        const char *s = t->cells[r * (size_t)t->ncols + (size_t)c];
                        fputs(s, f);
                        if (c + 1 < t->ncols)
                                for (size_t k = width(s); k < w[c] + 2; k++)
                                        fputc(' ', f);
                }
                fputc('\n', f);
        }
        for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
                free(t->cells[i]);
        free(t->cells);
        free(w);
        free(t);
}
