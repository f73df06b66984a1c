// Every status code has its exact google.rpc.Code name and round-trips; the
// nng boundary maps transport failures to the codes callers act on.
#include <string.h>
#include <nng/nng.h>

#include "check.h"
#include "status.h"

int main(void)
{
        static const char *const want[] = {
            "OK",
            "CANCELLED",
            "UNKNOWN",
            "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED",
            "NOT_FOUND",
            "ALREADY_EXISTS",
            "PERMISSION_DENIED",
            "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION",
            "ABORTED",
            "OUT_OF_RANGE",
            "UNIMPLEMENTED",
            "INTERNAL",
            "UNAVAILABLE",
            "DATA_LOSS",
            "UNAUTHENTICATED",
        };

        CHECK(sizeof(want) / sizeof(want[0]) == RS_STATUS_MAX + 1, "codes 0..16");
        for (int i = 0; i <= RS_STATUS_MAX; i++) {
                CHECK(strcmp(rs_status_name(i), want[i]) == 0, "code %d is '%s'", i,
                      rs_status_name(i));
                CHECK(rs_status_from_name(want[i]) == i, "name %s parses", want[i]);
        }
        CHECK(strcmp(rs_status_name(-1), "UNKNOWN_STATUS") == 0, "negative");
        CHECK(strcmp(rs_status_name(17), "UNKNOWN_STATUS") == 0, "past the end");
        CHECK(rs_status_from_name("NOPE") == -1, "unknown name");
        CHECK(RS_NOT_FOUND == 5 && RS_UNAVAILABLE == 14 && RS_UNAUTHENTICATED == 16,
              "numbers are google.rpc.Code");

        CHECK(rs_status_from_nng(NNG_ETIMEDOUT) == RS_DEADLINE_EXCEEDED, "timeout");
        CHECK(rs_status_from_nng(NNG_ECONNREFUSED) == RS_UNAVAILABLE, "refused");
        CHECK(rs_status_from_nng(NNG_ECONNRESET) == RS_UNAVAILABLE, "reset");
        CHECK(rs_status_from_nng(NNG_ECLOSED) == RS_UNAVAILABLE, "closed");
        CHECK(rs_status_from_nng(NNG_EMSGSIZE) == RS_RESOURCE_EXHAUSTED, "size");

        for (int i = 0; i <= RS_STATUS_MAX; i++)
                CHECK(rs_status_retryable(i) == (i == RS_UNAVAILABLE),
                      "only UNAVAILABLE is retried (%s)", want[i]);
        return check_done("test_status");
}
