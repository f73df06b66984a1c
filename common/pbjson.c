// Descriptor-driven protobuf → JSON.
#include "pbjson.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "banned.h"

const char *pbjson_enum_name(const ProtobufCEnumDescriptor *desc, int value)
{
        const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(desc, value);

        return v ? v->name : NULL;
}

static json_t *scalar(const ProtobufCFieldDescriptor *f, const void *p)
{
        switch (f->type) {
        case PROTOBUF_C_TYPE_INT32:
        case PROTOBUF_C_TYPE_SINT32:
        case PROTOBUF_C_TYPE_SFIXED32:
                return json_integer(*(const int32_t *)p);
        case PROTOBUF_C_TYPE_UINT32:
        case PROTOBUF_C_TYPE_FIXED32:
                return json_integer(*(const uint32_t *)p);
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_SINT64:
        case PROTOBUF_C_TYPE_SFIXED64:
                return json_integer(*(const int64_t *)p);
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_FIXED64:
                return json_integer((json_int_t) * (const uint64_t *)p);
        case PROTOBUF_C_TYPE_FLOAT:
                return json_real(*(const float *)p);
        case PROTOBUF_C_TYPE_DOUBLE:
                return json_real(*(const double *)p);
        case PROTOBUF_C_TYPE_BOOL:
                return json_boolean(*(const protobuf_c_boolean *)p);
        case PROTOBUF_C_TYPE_ENUM: {
                int v = *(const int *)p;
                const char *name = pbjson_enum_name(f->descriptor, v);
                return name ? json_string(name) : json_integer(v);
        }
        case PROTOBUF_C_TYPE_STRING: {
                const char *s = *(char *const *)p;
                return json_string(s ? s : "");
        }
        case PROTOBUF_C_TYPE_BYTES: {
                const ProtobufCBinaryData *b = p;
                size_t n = sodium_base64_encoded_len(b->len, sodium_base64_VARIANT_ORIGINAL);
                char *tmp = malloc(n);
                json_t *j;
                if (tmp == NULL)
                        return NULL;
                sodium_bin2base64(tmp, n, b->data, b->len, sodium_base64_VARIANT_ORIGINAL);
                j = json_string(tmp);
                free(tmp);
                return j;
        }
        case PROTOBUF_C_TYPE_MESSAGE: {
                const ProtobufCMessage *m = *(ProtobufCMessage *const *)p;
                return m ? pbjson_from_message(m) : json_null();
        }
        }
        return json_null();
}

static size_t elem_size(const ProtobufCFieldDescriptor *f)
{
        switch (f->type) {
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_SINT64:
        case PROTOBUF_C_TYPE_SFIXED64:
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_FIXED64:
        case PROTOBUF_C_TYPE_DOUBLE:
                return 8;
        case PROTOBUF_C_TYPE_BOOL:
                return sizeof(protobuf_c_boolean);
        case PROTOBUF_C_TYPE_ENUM:
                return sizeof(int);
        case PROTOBUF_C_TYPE_STRING:
        case PROTOBUF_C_TYPE_MESSAGE:
                return sizeof(void *);
        case PROTOBUF_C_TYPE_BYTES:
                return sizeof(ProtobufCBinaryData);
        default:
                return 4;
        }
}

// Whether an optional field (proto3 "optional" or proto2) is present.
static int present(const ProtobufCMessage *msg, const ProtobufCFieldDescriptor *f)
{
        const char *base = (const char *)msg;

        if (f->type == PROTOBUF_C_TYPE_MESSAGE || f->type == PROTOBUF_C_TYPE_STRING)
                return *(void *const *)(base + f->offset) != NULL;
        if (f->quantifier_offset == 0)
                return 1;
        return *(const protobuf_c_boolean *)(base + f->quantifier_offset) != 0;
}

json_t *pbjson_from_message(const ProtobufCMessage *msg)
{
        const ProtobufCMessageDescriptor *d = msg->descriptor;
        const char *base = (const char *)msg;
        json_t *obj = json_object();

        if (obj == NULL)
                return NULL;
        for (unsigned i = 0; i < d->n_fields; i++) {
                const ProtobufCFieldDescriptor *f = &d->fields[i];
                json_t *v = NULL;

                if (f->label == PROTOBUF_C_LABEL_REPEATED) {
                        size_t n = *(const size_t *)(base + f->quantifier_offset);
                        const char *arr = *(char *const *)(base + f->offset);
                        v = json_array();
                        for (size_t k = 0; v && k < n; k++)
                                json_array_append_new(v, scalar(f, arr + k * elem_size(f)));
                } else if (f->label == PROTOBUF_C_LABEL_OPTIONAL ||
                           (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)) {
                        if (!present(msg, f))
                                continue;
                        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
                            *(const uint32_t *)(base + f->quantifier_offset) != f->id)
                                continue;
                        v = scalar(f, base + f->offset);
                } else {
                        if (f->type == PROTOBUF_C_TYPE_MESSAGE &&
                            *(void *const *)(base + f->offset) == NULL)
                                continue;
                        v = scalar(f, base + f->offset);
                }
                if (v == NULL || json_object_set_new(obj, f->name, v) != 0) {
                        json_decref(obj);
                        return NULL;
                }
        }
        return obj;
}

// --- JSON → wire format ---

struct enc {
        char *field;
        size_t fieldlen;
        char *why;
        size_t whylen;
};

static int put_varint(struct buf *b, uint64_t v)
{
        uint8_t tmp[10];
        size_t n = 0;

        do {
                tmp[n] = (uint8_t)(v & 0x7f);
                v >>= 7;
                if (v)
                        tmp[n] |= 0x80;
                n++;
        } while (v);
        return buf_add(b, tmp, n);
}

static int put_fixed(struct buf *b, uint64_t v, size_t n)
{
        uint8_t tmp[8];

        for (size_t i = 0; i < n; i++)
                tmp[i] = (uint8_t)(v >> (8 * i));
        return buf_add(b, tmp, n);
}

static int put_tag(struct buf *b, uint32_t id, unsigned wt)
{
        return put_varint(b, ((uint64_t)id << 3) | wt);
}

// "role_title" → "roleTitle" (the proto3 JSON name).
static void camel(const char *name, char *out, size_t len)
{
        size_t o = 0;
        int up = 0;

        for (const char *p = name; *p && o + 1 < len; p++) {
                if (*p == '_') {
                        up = 1;
                        continue;
                }
                out[o++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
                up = 0;
        }
        out[o] = '\0';
}

static const ProtobufCFieldDescriptor *find_field(const ProtobufCMessageDescriptor *d,
                                                  const char *key)
{
        const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, key);
        char cc[128];

        if (f)
                return f;
        for (unsigned i = 0; i < d->n_fields; i++) {
                camel(d->fields[i].name, cc, sizeof(cc));
                if (strcmp(cc, key) == 0)
                        return &d->fields[i];
        }
        return NULL;
}

static int bad(struct enc *e, const char *path, const char *what)
{
        snprintf(e->field, e->fieldlen, "%s", path);
        snprintf(e->why, e->whylen, "%s", what);
        return -1;
}

// A JSON number or decimal string as a 64-bit integer within [lo, hi]
// (signed) or [0, uhi] (unsigned).
static int json_int(const json_t *v, int is_signed, int64_t lo, int64_t hi, uint64_t uhi,
                    uint64_t *out)
{
        if (json_is_integer(v)) {
                json_int_t x = json_integer_value(v);
                if (is_signed ? (x < lo || x > hi) : (x < 0 || (uint64_t)x > uhi))
                        return -1;
                *out = (uint64_t)x;
                return 0;
        }
        if (json_is_real(v)) {
                double d = json_real_value(v);
                if (d != (double)(int64_t)d)
                        return -1;
                if (is_signed ? (d < (double)lo || d > (double)hi) : (d < 0 || d > (double)uhi))
                        return -1;
                *out = is_signed ? (uint64_t)(int64_t)d : (uint64_t)d;
                return 0;
        }
        if (json_is_string(v)) {
                const char *s = json_string_value(v);
                char *end = NULL;
                if (s[0] == '\0')
                        return -1;
                errno = 0;
                if (is_signed) {
                        long long x = strtoll(s, &end, 10);
                        if (errno || *end || x < lo || x > hi)
                                return -1;
                        *out = (uint64_t)x;
                } else {
                        unsigned long long x;
                        if (s[0] == '-')
                                return -1;
                        x = strtoull(s, &end, 10);
                        if (errno || *end || x > uhi)
                                return -1;
                        *out = x;
                }
                return 0;
        }
        return -1;
}

static int encode_message(const ProtobufCMessageDescriptor *d, const json_t *obj, struct buf *out,
                          struct enc *e, const char *path, int depth);

// One value of field f (an element when repeated), with its tag.
static int encode_value(const ProtobufCFieldDescriptor *f, const json_t *v, struct buf *out,
                        struct enc *e, const char *path, int depth)
{
        uint64_t u = 0;

        switch (f->type) {
        case PROTOBUF_C_TYPE_INT32:
        case PROTOBUF_C_TYPE_SINT32:
        case PROTOBUF_C_TYPE_SFIXED32:
                if (json_int(v, 1, INT32_MIN, INT32_MAX, 0, &u) != 0)
                        return bad(e, path, "must be a 32-bit integer");
                if (f->type == PROTOBUF_C_TYPE_SINT32) {
                        int32_t x = (int32_t)(int64_t)u;
                        return put_tag(out, f->id, 0) ||
                               put_varint(out, ((uint32_t)x << 1) ^ (uint32_t)(x >> 31));
                }
                if (f->type == PROTOBUF_C_TYPE_SFIXED32)
                        return put_tag(out, f->id, 5) || put_fixed(out, u, 4);
                // Negative int32 is sign-extended to ten bytes on the wire.
                return put_tag(out, f->id, 0) || put_varint(out, (uint64_t)(int64_t)(int32_t)u);
        case PROTOBUF_C_TYPE_INT64:
        case PROTOBUF_C_TYPE_SINT64:
        case PROTOBUF_C_TYPE_SFIXED64:
                if (json_int(v, 1, INT64_MIN, INT64_MAX, 0, &u) != 0)
                        return bad(e, path, "must be a 64-bit integer");
                if (f->type == PROTOBUF_C_TYPE_SINT64) {
                        int64_t x = (int64_t)u;
                        return put_tag(out, f->id, 0) ||
                               put_varint(out, ((uint64_t)x << 1) ^ (uint64_t)(x >> 63));
                }
                if (f->type == PROTOBUF_C_TYPE_SFIXED64)
                        return put_tag(out, f->id, 1) || put_fixed(out, u, 8);
                return put_tag(out, f->id, 0) || put_varint(out, u);
        case PROTOBUF_C_TYPE_UINT32:
        case PROTOBUF_C_TYPE_FIXED32:
                if (json_int(v, 0, 0, 0, UINT32_MAX, &u) != 0)
                        return bad(e, path, "must be an unsigned 32-bit integer");
                if (f->type == PROTOBUF_C_TYPE_FIXED32)
                        return put_tag(out, f->id, 5) || put_fixed(out, u, 4);
                return put_tag(out, f->id, 0) || put_varint(out, u);
        case PROTOBUF_C_TYPE_UINT64:
        case PROTOBUF_C_TYPE_FIXED64:
                if (json_int(v, 0, 0, 0, UINT64_MAX, &u) != 0)
                        return bad(e, path, "must be an unsigned 64-bit integer");
                if (f->type == PROTOBUF_C_TYPE_FIXED64)
                        return put_tag(out, f->id, 1) || put_fixed(out, u, 8);
                return put_tag(out, f->id, 0) || put_varint(out, u);
        case PROTOBUF_C_TYPE_FLOAT: {
                float x;
                uint32_t bits;
                if (!json_is_number(v))
                        return bad(e, path, "must be a number");
                x = (float)json_number_value(v);
                memcpy(&bits, &x, 4);
                return put_tag(out, f->id, 5) || put_fixed(out, bits, 4);
        }
        case PROTOBUF_C_TYPE_DOUBLE: {
                double x;
                uint64_t bits;
                if (!json_is_number(v))
                        return bad(e, path, "must be a number");
                x = json_number_value(v);
                memcpy(&bits, &x, 8);
                return put_tag(out, f->id, 1) || put_fixed(out, bits, 8);
        }
        case PROTOBUF_C_TYPE_BOOL:
                if (!json_is_boolean(v))
                        return bad(e, path, "must be true or false");
                return put_tag(out, f->id, 0) || put_varint(out, json_is_true(v) ? 1 : 0);
        case PROTOBUF_C_TYPE_ENUM: {
                const ProtobufCEnumDescriptor *ed = f->descriptor;
                const ProtobufCEnumValue *ev = NULL;
                if (json_is_string(v))
                        ev = protobuf_c_enum_descriptor_get_value_by_name(ed, json_string_value(v));
                else if (json_is_integer(v) && json_integer_value(v) >= INT32_MIN &&
                         json_integer_value(v) <= INT32_MAX)
                        ev = protobuf_c_enum_descriptor_get_value(ed, (int)json_integer_value(v));
                if (ev == NULL)
                        return bad(e, path, "is not a value of the enum");
                return put_tag(out, f->id, 0) || put_varint(out, (uint64_t)(int64_t)ev->value);
        }
        case PROTOBUF_C_TYPE_STRING: {
                const char *s;
                size_t n;
                if (!json_is_string(v))
                        return bad(e, path, "must be a string");
                s = json_string_value(v);
                n = json_string_length(v);
                return put_tag(out, f->id, 2) || put_varint(out, n) || buf_add(out, s, n);
        }
        case PROTOBUF_C_TYPE_BYTES: {
                const char *s, *end = NULL;
                size_t n, bin_len = 0;
                unsigned char *bin;
                int rv;
                if (!json_is_string(v))
                        return bad(e, path, "must be a base64 string");
                s = json_string_value(v);
                n = json_string_length(v);
                if ((bin = malloc(n + 1)) == NULL)
                        return bad(e, path, "out of memory");
                rv = sodium_base642bin(bin, n + 1, s, n, "\n\r ", &bin_len, &end,
                                       sodium_base64_VARIANT_ORIGINAL);
                if (rv != 0 || (end && *end))
                        rv = sodium_base642bin(bin, n + 1, s, n, "\n\r ", &bin_len, &end,
                                               sodium_base64_VARIANT_URLSAFE_NO_PADDING);
                if (rv != 0 || (end && *end)) {
                        free(bin);
                        return bad(e, path, "is not base64");
                }
                rv = put_tag(out, f->id, 2) || put_varint(out, bin_len) ||
                     buf_add(out, bin, bin_len);
                free(bin);
                return rv ? -1 : 0;
        }
        case PROTOBUF_C_TYPE_MESSAGE: {
                struct buf sub;
                int rv;
                if (!json_is_object(v))
                        return bad(e, path, "must be an object");
                buf_init(&sub, out->max);
                rv = encode_message(f->descriptor, v, &sub, e, path, depth + 1);
                if (rv == 0)
                        rv = put_tag(out, f->id, 2) || put_varint(out, sub.len) ||
                             buf_add(out, sub.ptr, sub.len);
                buf_fini(&sub);
                return rv ? -1 : 0;
        }
        }
        return bad(e, path, "has a type this server cannot read from JSON");
}

static int encode_message(const ProtobufCMessageDescriptor *d, const json_t *obj, struct buf *out,
                          struct enc *e, const char *path, int depth)
{
        const char *key;
        json_t *v;
        char sub[256];

        if (depth > PBJSON_MAX_DEPTH)
                return bad(e, path, "is nested too deeply");
        json_object_foreach((json_t *)obj, key, v)
        {
                const ProtobufCFieldDescriptor *f = find_field(d, key);

                snprintf(sub, sizeof(sub), "%s%s%s", path, path[0] ? "." : "", key);
                if (f == NULL)
                        return bad(e, sub, "is not a field of this message");
                if (json_is_null(v))
                        continue;
                if (f->label == PROTOBUF_C_LABEL_REPEATED) {
                        size_t i;
                        json_t *el;
                        if (!json_is_array(v))
                                return bad(e, sub, "must be an array");
                        json_array_foreach(v, i, el)
                        {
                                if (encode_value(f, el, out, e, sub, depth) != 0) {
                                        if (e->why[0] == '\0')
                                                bad(e, sub, "is too large");
                                        return -1;
                                }
                        }
                        continue;
                }
                if (encode_value(f, v, out, e, sub, depth) != 0) {
                        if (e->why[0] == '\0')
                                bad(e, sub, "is too large");
                        return -1;
                }
        }
        return 0;
}

int pbjson_to_wire(const ProtobufCMessageDescriptor *desc, const json_t *obj, struct buf *out,
                   char *field, size_t fieldlen, char *why, size_t whylen)
{
        struct enc e = {field, fieldlen, why, whylen};

        field[0] = '\0';
        why[0] = '\0';
        if (!json_is_object(obj))
                return bad(&e, "", "the request must be a JSON object");
        return encode_message(desc, obj, out, &e, "", 0);
}
