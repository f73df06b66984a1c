// Status codes: google.rpc.Code, numbers and meanings exact. Every failure in
// the project is converted to one of these at the boundary where it happens
// (libpq, nng, libsodium), so callers deal with a single vocabulary.
#ifndef RS_STATUS_H
#define RS_STATUS_H

enum rs_status {
        RS_OK = 0,
        RS_CANCELLED = 1,
        RS_UNKNOWN = 2,
        RS_INVALID_ARGUMENT = 3,
        RS_DEADLINE_EXCEEDED = 4,
        RS_NOT_FOUND = 5,
        RS_ALREADY_EXISTS = 6,
        RS_PERMISSION_DENIED = 7,
        RS_RESOURCE_EXHAUSTED = 8,
        RS_FAILED_PRECONDITION = 9,
        RS_ABORTED = 10,
        RS_OUT_OF_RANGE = 11,
        RS_UNIMPLEMENTED = 12,
        RS_INTERNAL = 13,
        RS_UNAVAILABLE = 14,
        RS_DATA_LOSS = 15,
        RS_UNAUTHENTICATED = 16,
};

// The highest code; codes run 0..RS_STATUS_MAX without gaps.
#define RS_STATUS_MAX RS_UNAUTHENTICATED

// The canonical upper-case name ("NOT_FOUND"); "UNKNOWN_STATUS" for numbers
// outside 0..RS_STATUS_MAX. Never NULL; static storage.
const char *rs_status_name(int code);

// Parses a canonical name back to its code; -1 when the name is not one.
int rs_status_from_name(const char *name);

// Converts an nng error number (NNG_ETIMEDOUT, NNG_ECONNREFUSED...) to the
// status a caller should act on.
enum rs_status rs_status_from_nng(int nng_err);

// Whether a client may retry a call that failed with this code: only
// UNAVAILABLE, which means the request was not executed or is idempotent.
int rs_status_retryable(int code);

#endif
