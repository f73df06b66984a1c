// A minimal protobuf wire-format walker for string validation.
#include "wirecheck.h"

#include <stdio.h>
#include <string.h>

#include "banned.h"

int wirecheck_utf8(const uint8_t *s, size_t n)
{
        size_t i = 0;

        while (i < n) {
                uint8_t c = s[i];
                uint32_t cp;
                size_t len;

                if (c < 0x80) {
                        i++;
                        continue;
                }
                if (c >= 0xC2 && c <= 0xDF) {
                        len = 2;
                        cp = c & 0x1F;
                } else if (c >= 0xE0 && c <= 0xEF) {
                        len = 3;
                        cp = c & 0x0F;
                } else if (c >= 0xF0 && c <= 0xF4) {
                        len = 4;
                        cp = c & 0x07;
                } else {
                        return 0;
                }
                if (n - i < len)
                        return 0;
                for (size_t k = 1; k < len; k++) {
                        if ((s[i + k] & 0xC0) != 0x80)
                                return 0;
                        cp = cp << 6 | (s[i + k] & 0x3F);
                }
                if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
                    (cp >= 0xD800 && cp <= 0xDFFF))
                        return 0;
                i += len;
        }
        return 1;
}

static int varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
        uint64_t v = 0;

        for (int shift = 0; shift < 64; shift += 7) {
                if (*p >= end)
                        return -1;
                v |= (uint64_t)(**p & 0x7F) << shift;
                if ((*(*p)++ & 0x80) == 0) {
                        *out = v;
                        return 0;
                }
        }
        return -1;
}

// Returns 1 when a bad string was found (field/why filled), 0 otherwise
// (including malformed input, which unpack will refuse).
static int walk(const ProtobufCMessageDescriptor *desc, const uint8_t *p, const uint8_t *end,
                int depth, char *field, size_t fieldlen, char *why, size_t whylen)
{
        while (p < end) {
                uint64_t key, len;
                const ProtobufCFieldDescriptor *f;

                if (varint(&p, end, &key) != 0)
                        return 0;
                switch (key & 7) {
                case 0:
                        if (varint(&p, end, &len) != 0)
                                return 0;
                        continue;
                case 1:
                        if (end - p < 8)
                                return 0;
                        p += 8;
                        continue;
                case 5:
                        if (end - p < 4)
                                return 0;
                        p += 4;
                        continue;
                case 2:
                        break;
                default:
                        return 0;
                }
                if (varint(&p, end, &len) != 0 || len > (uint64_t)(end - p))
                        return 0;
                f = (key >> 3) <= UINT32_MAX
                        ? protobuf_c_message_descriptor_get_field(desc, (unsigned)(key >> 3))
                        : NULL;
                if (f && f->type == PROTOBUF_C_TYPE_STRING) {
                        const char *bad = memchr(p, 0, (size_t)len)         ? "contains a NUL byte"
                                          : !wirecheck_utf8(p, (size_t)len) ? "is not valid UTF-8"
                                                                            : NULL;
                        if (bad) {
                                snprintf(field, fieldlen, "%s", f->name);
                                snprintf(why, whylen, "%s", bad);
                                return 1;
                        }
                } else if (f && f->type == PROTOBUF_C_TYPE_MESSAGE && depth < WIRECHECK_MAX_DEPTH) {
                        char sub[128];
                        if (walk(f->descriptor, p, p + len, depth + 1, sub, sizeof(sub), why,
                                 whylen)) {
                                snprintf(field, fieldlen, "%s.%s", f->name, sub);
                                return 1;
                        }
                }
                p += len;
        }
        return 0;
}

int wirecheck_strings(const ProtobufCMessageDescriptor *desc, const uint8_t *data, size_t len,
                      char *field, size_t fieldlen, char *why, size_t whylen)
{
        if (data == NULL || len == 0)
                return 0;
        return walk(desc, data, data + len, 0, field, fieldlen, why, whylen) ? -1 : 0;
}
