// Growable, capped byte buffer.
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

void buf_init(struct buf *b, size_t max)
{
        b->ptr = NULL;
        b->len = 0;
        b->cap = 0;
        b->max = max;
}

void buf_fini(struct buf *b)
{
        free(b->ptr);
        b->ptr = NULL;
        b->len = 0;
        b->cap = 0;
}

static int grow(struct buf *b, size_t extra)
{
        size_t need, cap;
        char *p;

        if (extra > b->max - b->len)
                return -1;
        need = b->len + extra + 1;
        if (need <= b->cap)
                return 0;
        cap = b->cap ? b->cap : 64;
        while (cap < need)
                cap *= 2;
        p = realloc(b->ptr, cap);
        if (p == NULL)
                return -1;
        b->ptr = p;
        b->cap = cap;
        return 0;
}

int buf_add(struct buf *b, const void *data, size_t n)
{
        if (grow(b, n) != 0)
                return -1;
        if (n > 0)
                memcpy(b->ptr + b->len, data, n);
        b->len += n;
        b->ptr[b->len] = '\0';
        return 0;
}

int buf_adds(struct buf *b, const char *s)
{
        return buf_add(b, s, strlen(s));
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
        va_list ap2;
        int n;

        va_copy(ap2, ap);
        n = vsnprintf(NULL, 0, fmt, ap2);
        va_end(ap2);
        if (n < 0 || grow(b, (size_t)n) != 0)
                return -1;
        vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
        return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
        va_list ap;
        int rv;

        va_start(ap, fmt);
        rv = buf_vprintf(b, fmt, ap);
        va_end(ap);
        return rv;
}

const char *buf_str(const struct buf *b)
{
        return b->ptr ? b->ptr : "";
}
