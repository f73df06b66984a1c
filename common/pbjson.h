// Renders any protobuf-c message as JSON from its descriptor, so the CLI's
// --json output and the web door's JSON answers need no per-message code,
// and encodes JSON requests back to the wire format for the web door. Field names are the proto
// field names; enums are their value names; bytes are base64; 64-bit integers are JSON numbers (ids
// stay far below 2^53).
#ifndef RS_PBJSON_H
#define RS_PBJSON_H

#include <jansson.h>
#include <protobuf-c/protobuf-c.h>

#include "buf.h"

// Returns a new JSON object for msg (caller owns the reference), NULL on ENOMEM.
// Fields without presence are always emitted, so scripts see every key.
json_t *pbjson_from_message(const ProtobufCMessage *msg);

// Encodes a JSON object as the protobuf wire format of desc, appending to
// out (a capped buffer: its cap bounds the result). Accepts the proto field
// names and their lowerCamelCase JSON names; integers as numbers or decimal
// strings; enums by name or number; bytes as base64 (standard or URL-safe);
// null for "the default". Nesting is followed to PBJSON_MAX_DEPTH. Returns 0,
// or -1 with the field's path ("case.company") in field and the problem in
// why. Unknown fields are refused, so a misspelt name is not silently lost.
int pbjson_to_wire(const ProtobufCMessageDescriptor *desc, const json_t *obj, struct buf *out,
                   char *field, size_t fieldlen, char *why, size_t whylen);

// Deepest nesting pbjson_to_wire follows.
#define PBJSON_MAX_DEPTH 8

// The name of an enum value ("SERVING"), or NULL when value is not defined.
const char *pbjson_enum_name(const ProtobufCEnumDescriptor *desc, int value);

#endif
