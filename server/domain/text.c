// The engine's bounded text writer: snprintf into a fixed array, dropping
// what does not fit and never leaving half a UTF-8 sequence at the cut.
#include "text.h"

#include <stdarg.h>
#include <stdio.h>

#include "banned.h"

void text_init(struct text *t, char *buf, size_t size)
{
        t->buf = buf;
        t->size = size;
        t->len = 0;
        if (size > 0)
                buf[0] = '\0';
}

// Drops a UTF-8 sequence cut short at the end of a truncated text.
static void trim_partial_utf8(struct text *t)
{
        size_t i = t->len;
        while (i > 0 && ((unsigned char)t->buf[i - 1] & 0xC0) == 0x80)
                i--;
        if (i == 0 || (unsigned char)t->buf[i - 1] < 0xC0)
                return;
        unsigned char lead = (unsigned char)t->buf[i - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (t->len - (i - 1) < want) {
                t->len = i - 1;
                t->buf[t->len] = '\0';
        }
}

void text_add(struct text *t, const char *fmt, ...)
{
        if (t->size == 0 || t->len + 1 >= t->size)
                return;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
                t->buf[t->len] = '\0';
                return;
        }
        if ((size_t)n >= t->size - t->len) {
                t->len = t->size - 1;
                trim_partial_utf8(t);
        } else {
                t->len += (size_t)n;
        }
}
