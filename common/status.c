// Status code names and conversions from library error numbers.
#include "status.h"

#include <string.h>
#include <nng/nng.h>

#include "banned.h"

static const char *const names[] = {
    [RS_OK] = "OK",
    [RS_CANCELLED] = "CANCELLED",
    [RS_UNKNOWN] = "UNKNOWN",
    [RS_INVALID_ARGUMENT] = "INVALID_ARGUMENT",
    [RS_DEADLINE_EXCEEDED] = "DEADLINE_EXCEEDED",
    [RS_NOT_FOUND] = "NOT_FOUND",
    [RS_ALREADY_EXISTS] = "ALREADY_EXISTS",
    [RS_PERMISSION_DENIED] = "PERMISSION_DENIED",
    [RS_RESOURCE_EXHAUSTED] = "RESOURCE_EXHAUSTED",
    [RS_FAILED_PRECONDITION] = "FAILED_PRECONDITION",
    [RS_ABORTED] = "ABORTED",
    [RS_OUT_OF_RANGE] = "OUT_OF_RANGE",
    [RS_UNIMPLEMENTED] = "UNIMPLEMENTED",
    [RS_INTERNAL] = "INTERNAL",
    [RS_UNAVAILABLE] = "UNAVAILABLE",
    [RS_DATA_LOSS] = "DATA_LOSS",
    [RS_UNAUTHENTICATED] = "UNAUTHENTICATED",
};

const char *rs_status_name(int code)
{
        if (code < 0 || code > RS_STATUS_MAX || names[code] == NULL)
                return "UNKNOWN_STATUS";
        return names[code];
}

int rs_status_from_name(const char *name)
{
        for (int i = 0; i <= RS_STATUS_MAX; i++)
                if (names[i] != NULL && strcmp(names[i], name) == 0)
                        return i;
        return -1;
}

enum rs_status rs_status_from_nng(int nng_err)
{
        switch (nng_err) {
        case 0:
                return RS_OK;
        case NNG_ETIMEDOUT:
                return RS_DEADLINE_EXCEEDED;
        case NNG_ECONNREFUSED:
        case NNG_ECONNRESET:
        case NNG_ECONNSHUT:
        case NNG_ECLOSED:
        case NNG_EUNREACHABLE:
        case NNG_EADDRINVAL:
        case NNG_ECONNABORTED:
        case NNG_EAGAIN:
                return RS_UNAVAILABLE;
        case NNG_ECANCELED:
                return RS_CANCELLED;
        case NNG_EMSGSIZE:
                return RS_RESOURCE_EXHAUSTED;
        case NNG_ENOMEM:
                return RS_RESOURCE_EXHAUSTED;
        case NNG_EINVAL:
                return RS_INVALID_ARGUMENT;
        case NNG_EPEERAUTH:
        case NNG_ECRYPTO:
                return RS_UNAVAILABLE;
        case NNG_ENOTSUP:
                return RS_UNIMPLEMENTED;
        default:
                return RS_UNKNOWN;
        }
}

int rs_status_retryable(int code)
{
        return code == RS_UNAVAILABLE;
}
