// rawsend: puts hand-made bytes on the wire, for tests of what the server
// does with input the CLI would never send.
//
//   rawsend URL garbage N          N random bytes
//   rawsend URL truncated          a valid Health/Check envelope cut short
//   rawsend URL oversize N         an envelope with an N-byte payload
//   rawsend URL method NAME        a valid envelope for NAME, empty payload
//   rawsend URL badpayload NAME    a valid envelope whose payload is junk
//   rawsend URL version V          Health/Check with protocol version V
//   rawsend URL nulstring          Auth/Login whose email holds a NUL byte
//
// Prints "code=NAME message=..." for a reply, or "dropped=<nng error>" when
// the server closed the pipe instead. Exits 0 either way (1 on misuse).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "envelope.h"
#include "rpc_client.h"
#include "status.h"
#include <nng/nng.h>
#include "banned.h"

static uint8_t *pack_envelope(const char *method, const void *payload, size_t plen,
                              uint32_t version, size_t *len)
{
        Reinstate__V1__Request req = REINSTATE__V1__REQUEST__INIT;
        uint8_t *out;

        req.protocol_version = version;
        req.method = (char *)method;
        req.request_id = (char *)"rawsend-1";
        req.timeout_ms = 3000;
        req.payload.data = (uint8_t *)payload;
        req.payload.len = plen;
        *len = reinstate__v1__request__get_packed_size(&req);
        out = malloc(*len);
        if (out)
                reinstate__v1__request__pack(&req, out);
        return out;
}

int main(int argc, char **argv)
{
        struct rpc_client_opts o = {NULL, NULL, 3000, 1};
        struct rpc_client *c = NULL;
        uint8_t *msg = NULL, *junk = NULL;
        size_t len = 0, rlen = 0;
        void *reply = NULL;
        char err[256];
        int rv;

        if (argc < 3 || sodium_init() < 0) {
                fprintf(stderr, "usage: rawsend URL MODE [ARG]\n");
                return 1;
        }
        o.url = argv[1];
        if (rpc_client_open(&c, &o, err, sizeof(err)) != RS_OK) {
                fprintf(stderr, "rawsend: %s\n", err);
                return 1;
        }
        if (strcmp(argv[2], "garbage") == 0 && argc > 3) {
                len = strtoul(argv[3], NULL, 10);
                msg = malloc(len ? len : 1);
                randombytes_buf(msg, len);
        } else if (strcmp(argv[2], "truncated") == 0) {
                uint8_t *full = pack_envelope("reinstate.v1.Health/Check", "\x0a\x03\x61\x62\x63",
                                              5, RS_PROTOCOL_VERSION, &len);
                len = len / 2;
                msg = full;
        } else if (strcmp(argv[2], "oversize") == 0 && argc > 3) {
                size_t n = strtoul(argv[3], NULL, 10);
                junk = calloc(1, n ? n : 1);
                msg =
                    pack_envelope("reinstate.v1.Health/Check", junk, n, RS_PROTOCOL_VERSION, &len);
        } else if (strcmp(argv[2], "method") == 0 && argc > 3) {
                msg = pack_envelope(argv[3], NULL, 0, RS_PROTOCOL_VERSION, &len);
        } else if (strcmp(argv[2], "badpayload") == 0 && argc > 3) {
                msg = pack_envelope(argv[3], "\xff\xff\xff\xff\x0f", 5, RS_PROTOCOL_VERSION, &len);
        } else if (strcmp(argv[2], "version") == 0 && argc > 3) {
                msg = pack_envelope("reinstate.v1.Health/Check", NULL, 0,
                                    (uint32_t)strtoul(argv[3], NULL, 10), &len);
        } else if (strcmp(argv[2], "nulstring") == 0) {
                // LoginRequest{email: "ana\0@x.org", password: "pw"}
                static const uint8_t login[] = {0x0a, 0x0a, 'a', 'n', 'a',  0x00, '@', 'x',
                                                '.',  'o',  'r', 'g', 0x12, 0x02, 'p', 'w'};
                msg = pack_envelope("reinstate.v1.Auth/Login", login, sizeof(login),
                                    RS_PROTOCOL_VERSION, &len);
        } else {
                fprintf(stderr, "rawsend: unknown mode '%s'\n", argv[2]);
                rpc_client_close(c);
                return 1;
        }
        rv = rpc_call_raw(c, msg, len, 3000, &reply, &rlen);
        if (rv != 0) {
                printf("dropped=%s\n", nng_strerror(rv));
        } else {
                Reinstate__V1__Response *resp = NULL;
                if (envelope_decode_response(reply, rlen, &resp, err, sizeof(err)) != RS_OK) {
                        printf("undecodable=%s\n", err);
                } else {
                        printf("code=%s message=%s\n", rs_status_name(resp->code), resp->message);
                        reinstate__v1__response__free_unpacked(resp, NULL);
                }
        }
        free(reply);
        free(msg);
        free(junk);
        rpc_client_close(c);
        return 0;
}
