// A growable byte buffer with a size cap fixed at init (like curl's dynbuf).
// The content is always NUL-terminated. Use only through these functions.
#ifndef RS_BUF_H
#define RS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
        char *ptr;  // owned; NULL until the first append
        size_t len; // bytes used, excluding the terminating NUL
        size_t cap; // bytes allocated
        size_t max; // the most len may ever reach
};

#define BUF_INIT(maxlen)                                                                           \
        {                                                                                          \
                NULL, 0, 0, (maxlen)                                                               \
        }

// Prepares an empty buffer that refuses to grow beyond max bytes.
void buf_init(struct buf *b, size_t max);

// Releases the storage; the buffer is empty and reusable afterwards.
void buf_fini(struct buf *b);

// Appends n bytes; 0 on success, -1 (buffer unchanged) past the cap or on ENOMEM.
int buf_add(struct buf *b, const void *data, size_t n);

// Appends a NUL-terminated string; as buf_add.
int buf_adds(struct buf *b, const char *s);

// Appends formatted text; as buf_add.
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// As buf_printf, with a va_list.
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

// The content as a C string; "" for an empty buffer. Owned by the buffer.
const char *buf_str(const struct buf *b);

#endif
