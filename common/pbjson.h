// Renders any protobuf-c message as JSON from its descriptor, so the CLI's
// --json output needs no per-message code. Field names are the proto field
// names; enums are their value names; bytes are base64; 64-bit integers are
// JSON numbers (ids stay far below 2^53).
#ifndef RS_PBJSON_H
#define RS_PBJSON_H

#include <jansson.h>
#include <protobuf-c/protobuf-c.h>

// Returns a new JSON object for msg (caller owns the reference), NULL on ENOMEM.
// Fields without presence are always emitted, so scripts see every key.
json_t *pbjson_from_message(const ProtobufCMessage *msg);

// The name of an enum value ("SERVING"), or NULL when value is not defined.
const char *pbjson_enum_name(const ProtobufCEnumDescriptor *desc, int value);

#endif
