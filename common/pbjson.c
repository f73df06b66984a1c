// Descriptor-driven protobuf → JSON.
#include "pbjson.h"

#include <stdint.h>
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
