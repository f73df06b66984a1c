// Fuzz target: whatever bytes reach the server's socket. Decodes the request
// envelope under its limits, looks the method up through the descriptors,
// unpacks the payload as that method's input and renders it as JSON (what
// the CLI does with replies); also decodes the bytes as a response envelope
// (what the CLI does with what comes back). Nothing may crash, leak or hit
// undefined behaviour.
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "envelope.h"
#include "pbjson.h"
#include "rpc.h"
#include "status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        Reinstate__V1__Request *req = NULL;
        Reinstate__V1__Response *resp = NULL;
        char why[256];

        if (envelope_decode_request(data, size, &req, why, sizeof(why)) == RS_OK) {
                const ProtobufCMethodDescriptor *md = NULL;
                const struct rpc_service *svc = NULL;
                const struct rpc_method *m = rpc_find_method(req->method, &md, &svc);

                if (m != NULL) {
                        ProtobufCMessage *in = protobuf_c_message_unpack(
                            md->input, NULL, req->payload.len, req->payload.data);
                        if (in != NULL) {
                                json_decref(pbjson_from_message(in));
                                protobuf_c_message_free_unpacked(in, NULL);
                        }
                }
                reinstate__v1__request__free_unpacked(req, NULL);
        }
        if (envelope_decode_response(data, size, &resp, why, sizeof(why)) == RS_OK) {
                json_decref(pbjson_from_message(&resp->base));
                reinstate__v1__response__free_unpacked(resp, NULL);
        }
        return 0;
}
