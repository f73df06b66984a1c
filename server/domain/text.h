// A bounded writer over a fixed array, for the playbook's prose: output past
// the end is dropped, and a cut never leaves half a UTF-8 sequence. No heap.
#ifndef RS_TEXT_H
#define RS_TEXT_H

#include <stddef.h>

struct text {
        char *buf;   // the array written to (caller-owned)
        size_t size; // its size
        size_t len;  // bytes written so far, without the NUL
};

// Starts writing at buf (size bytes); buf becomes "" when size > 0.
void text_init(struct text *t, char *buf, size_t size);

// Appends printf-style; truncates at the end of the array.
void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
