// Envelope decoding enforces its limits before and after protobuf-c.
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "envelope.h"
#include "status.h"

static int decode(const Reinstate__V1__Request *req, char *why)
{
        size_t n = reinstate__v1__request__get_packed_size(req);
        uint8_t *wire = malloc(n + 1);
        Reinstate__V1__Request *out = NULL;
        int code;

        reinstate__v1__request__pack(req, wire);
        code = envelope_decode_request(wire, n, &out, why, 256);
        if (out)
                reinstate__v1__request__free_unpacked(out, NULL);
        free(wire);
        return code;
}

int main(void)
{
        Reinstate__V1__Request req = REINSTATE__V1__REQUEST__INIT;
        Reinstate__V1__Request *out = NULL;
        char why[256], longname[RS_MAX_METHOD_LEN + 2], rid[RS_MAX_REQUEST_ID_LEN + 2];
        static uint8_t big[RS_MAX_REQUEST_BYTES + 1];
        const uint8_t garbage[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                   0xff, 0xff, 0xff, 0xff, 0x01};

        req.protocol_version = RS_PROTOCOL_VERSION;
        req.method = (char *)"reinstate.v1.Health/Check";
        req.request_id = (char *)"abc-123";
        CHECK(decode(&req, why) == RS_OK, "a valid envelope decodes: %s", why);

        req.protocol_version = 2;
        CHECK(decode(&req, why) == RS_FAILED_PRECONDITION, "future version refused");
        CHECK(strstr(why, "protocol version 2") != NULL, "message names the version: %s", why);
        req.protocol_version = 0;
        CHECK(decode(&req, why) == RS_FAILED_PRECONDITION, "missing version refused");
        req.protocol_version = RS_PROTOCOL_VERSION;

        req.method = (char *)"";
        CHECK(decode(&req, why) == RS_INVALID_ARGUMENT, "empty method");
        memset(longname, 'a', sizeof(longname) - 1);
        longname[sizeof(longname) - 1] = '\0';
        req.method = longname;
        CHECK(decode(&req, why) == RS_INVALID_ARGUMENT, "method over the limit");
        req.method = (char *)"reinstate.v1.Health/Check";

        req.request_id = (char *)"has space";
        CHECK(decode(&req, why) == RS_INVALID_ARGUMENT, "request id charset");
        memset(rid, 'x', sizeof(rid) - 1);
        rid[sizeof(rid) - 1] = '\0';
        req.request_id = rid;
        CHECK(decode(&req, why) == RS_INVALID_ARGUMENT, "request id over the limit");
        rid[RS_MAX_REQUEST_ID_LEN] = '\0';
        CHECK(decode(&req, why) == RS_OK, "request id at the limit");
        req.request_id = (char *)"";
        CHECK(decode(&req, why) == RS_OK, "empty request id is allowed for reads");

        CHECK(envelope_decode_request(big, sizeof(big), &out, why, sizeof(why)) ==
                  RS_RESOURCE_EXHAUSTED,
              "oversized input is refused before unpacking");
        CHECK(out == NULL, "no message on failure");
        CHECK(envelope_decode_request(garbage, sizeof(garbage), &out, why, sizeof(why)) ==
                  RS_INVALID_ARGUMENT,
              "garbage is INVALID_ARGUMENT");
        CHECK(envelope_decode_request(garbage, 3, &out, why, sizeof(why)) == RS_INVALID_ARGUMENT,
              "truncated is INVALID_ARGUMENT");

        {
                char id[40];
                envelope_new_request_id(id, sizeof(id));
                CHECK(strlen(id) == 32 && envelope_request_id_valid(id), "fresh ids are valid");
        }
        {
                struct buf b = BUF_INIT(8);
                CHECK(buf_adds(&b, "12345678") == 0, "fills to the cap");
                CHECK(buf_adds(&b, "9") == -1, "refuses past the cap");
                CHECK(strcmp(buf_str(&b), "12345678") == 0, "unchanged after refusal");
                buf_fini(&b);
        }
        return check_done("test_envelope");
}
