// The client side of the protocol: an nng REQ socket with nng's blind resend
// turned off, a deadline on every call, and retries of UNAVAILABLE only, with
// jittered exponential backoff. Mutations are safe to retry because every
// call carries one request_id for all its attempts and the server replays
// the stored response of a repeated id.
#ifndef RS_RPC_CLIENT_H
#define RS_RPC_CLIENT_H

#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "reinstate/v1/envelope.pb-c.h"

struct rpc_client_opts {
        const char *url;     // "tcp://127.0.0.1:7700" or "tls+tcp://host:7443"
        const char *ca_file; // PEM CA bundle for tls+tcp; NULL = system bundle
        uint32_t timeout_ms; // deadline of each call, all attempts included
        int max_attempts;    // attempts per call (>= 1); retries UNAVAILABLE only
};

// The outcome of a call. Owns the response envelope.
struct rpc_result {
        int code;                      // google.rpc.Code
        char message[512];             // server's or transport's message
        Reinstate__V1__Response *resp; // NULL for transport failures
        int attempts;                  // how many attempts were made
};

#define RPC_RESULT_INIT                                                                            \
        {                                                                                          \
                0, {0}, NULL, 0                                                                    \
        }

struct rpc_client;

// Whether url has a scheme the client dials: tcp://, tls+tcp:// or ipc://
// followed by an address.
int rpc_client_url_ok(const char *url);

// Opens a client for opts->url (copied). Returns RS_OK or a status with
// err filled. Connection happens lazily on the first call.

int rpc_client_open(struct rpc_client **out, const struct rpc_client_opts *opts, char *err,
                    size_t errlen);

// Closes the socket and frees the client. NULL is safe.
void rpc_client_close(struct rpc_client *c);

// Calls method ("reinstate.v1.Health/Check") with input message in. On OK,
// *out holds the decoded output (caller frees with protobuf_c_message_free_unpacked).
// token may be NULL; request_id may be NULL (a fresh one is made). Returns the
// final status code, also stored in res. Safe to call from several threads.
int rpc_call(struct rpc_client *c, const char *method, const char *token, const char *request_id,
             const ProtobufCMessage *in, const ProtobufCMessageDescriptor *out_desc,
             ProtobufCMessage **out, struct rpc_result *res);

// Sends raw bytes as one request and waits up to timeout_ms for the raw
// reply, without retries; for tests and benchmarks. Returns 0 and sets
// *reply/*reply_len (free()) or an nng error number.
int rpc_call_raw(struct rpc_client *c, const void *data, size_t len, uint32_t timeout_ms,
                 void **reply, size_t *reply_len);

// Releases what a result owns; the result may be reused.
void rpc_result_fini(struct rpc_result *res);

#endif
