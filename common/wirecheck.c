// A minimal protobuf wire-format walker for string validation.
#include "wirecheck.h"

#include <stdio.h>
#include <stdlib.h>
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

// Decodes the code point at s (valid UTF-8 assumed, n > 0); sets *len.
static uint32_t code_point(const uint8_t *s, size_t n, size_t *len)
{
        uint32_t cp = s[0];

        *len = 1;
        if (cp >= 0xF0 && n >= 4) {
                *len = 4;
                cp =
                    (cp & 0x07) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu);
        } else if (cp >= 0xE0 && n >= 3) {
                *len = 3;
                cp = (cp & 0x0F) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
        } else if (cp >= 0xC0 && n >= 2) {
                *len = 2;
                cp = (cp & 0x1F) << 6 | (s[1] & 0x3Fu);
        }
        return cp;
}

int wirecheck_is_control(uint32_t cp, int multiline)
{
        if (cp == '\t' || cp == '\n')
                return !multiline;
        return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C ||
               cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
               (cp >= 0x2066 && cp <= 0x2069);
}

long wirecheck_control(const char *s, size_t n, int multiline, uint32_t *cp)
{
        const uint8_t *u = (const uint8_t *)s;
        size_t len;

        for (size_t i = 0; i < n; i += len) {
                uint32_t c = code_point(u + i, n - i, &len);
                if (wirecheck_is_control(c, multiline)) {
                        *cp = c;
                        return (long)i;
                }
        }
        return -1;
}

char *wirecheck_escape(const char *s)
{
        const uint8_t *u = (const uint8_t *)s;
        size_t n = strlen(s), len, o = 0;
        uint32_t cp;
        char *out;

        if ((wirecheck_utf8(u, n) && wirecheck_control(s, n, 1, &cp) < 0) ||
            (out = malloc(n * 6 + 1)) == NULL)
                return NULL;
        for (size_t i = 0; i < n; i += len) {
                size_t want = utf8_seq_len(u[i]);
                if (want <= n - i && wirecheck_utf8(u + i, want)) {
                        cp = code_point(u + i, n - i, &len);
                } else {
                        // A byte outside valid UTF-8 (0x9B is CSI to some
                        // terminals): escaped too.
                        len = 1;
                        o += (size_t)snprintf(out + o, n * 6 + 1 - o, "\\x%02x", u[i]);
                        continue;
                }
                if (wirecheck_is_control(cp, 1))
                        o += (size_t)snprintf(out + o, n * 6 + 1 - o,
                                              cp < 0x80 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
                else
                        for (size_t k = 0; k < len; k++)
                                out[o++] = (char)u[i + k];
        }
        out[o] = '\0';
        return out;
}

// Fields whose text may span lines (tabs and newlines allowed).
static const char *const multiline_fields[] = {
    "text",   "summary", "decline_reason", "description", "note",
    "reason", "why",     "body",           "detail",      "message"};
// Fields never printed anywhere: passwords are taken as typed.
static const char *const verbatim_fields[] = {"password", "new_password", "current_password"};

static int named(const char *name, const char *const *list, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(name, list[i]) == 0)
                        return 1;
        return 0;
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
                        uint32_t cp = 0;
                        if (bad) {
                                snprintf(field, fieldlen, "%s", f->name);
                                snprintf(why, whylen, "%s", bad);
                                return 1;
                        }
                        if (!named(f->name, verbatim_fields,
                                   sizeof(verbatim_fields) / sizeof(char *)) &&
                            wirecheck_control((const char *)p, (size_t)len,
                                              named(f->name, multiline_fields,
                                                    sizeof(multiline_fields) / sizeof(char *)),
                                              &cp) >= 0) {
                                snprintf(field, fieldlen, "%s", f->name);
                                snprintf(why, whylen, "contains a control character (U+%04X)",
                                         (unsigned)cp);
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
