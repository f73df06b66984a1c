// The web door's framing: every status code has Connect's name and HTTP
// status (connectrpc.com/docs/protocol, "Error codes"), and JSON requests
// encode to the same wire bytes protobuf-c reads back, with clear errors
// naming the field for what cannot be encoded.
#include <string.h>
#include <jansson.h>

#include "check.h"
#include "connect.h"
#include "pbjson.h"
#include "status.h"
#include "reinstate/v1/cases.pb-c.h"
#include "reinstate/v1/health.pb-c.h"

static const struct {
        int code;
        const char *name;
        unsigned http;
} spec[] = {
    {RS_CANCELLED, "canceled", 499},
    {RS_UNKNOWN, "unknown", 500},
    {RS_INVALID_ARGUMENT, "invalid_argument", 400},
    {RS_DEADLINE_EXCEEDED, "deadline_exceeded", 504},
    {RS_NOT_FOUND, "not_found", 404},
    {RS_ALREADY_EXISTS, "already_exists", 409},
    {RS_PERMISSION_DENIED, "permission_denied", 403},
    {RS_RESOURCE_EXHAUSTED, "resource_exhausted", 429},
    {RS_FAILED_PRECONDITION, "failed_precondition", 400},
    {RS_ABORTED, "aborted", 409},
    {RS_OUT_OF_RANGE, "out_of_range", 400},
    {RS_UNIMPLEMENTED, "unimplemented", 501},
    {RS_INTERNAL, "internal", 500},
    {RS_UNAVAILABLE, "unavailable", 503},
    {RS_DATA_LOSS, "data_loss", 500},
    {RS_UNAUTHENTICATED, "unauthenticated", 401},
};

// Encodes text as msg's wire format; returns the unpacked message or NULL
// with field/why set.
static ProtobufCMessage *roundtrip(const ProtobufCMessageDescriptor *d, const char *text,
                                   char *field, char *why)
{
        json_t *j = json_loads(text, 0, NULL);
        struct buf b = BUF_INIT(1 << 16);
        ProtobufCMessage *m = NULL;

        field[0] = why[0] = '\0';
        if (j && pbjson_to_wire(d, j, &b, field, 160, why, 160) == 0)
                m = protobuf_c_message_unpack(d, NULL, b.len, (const uint8_t *)b.ptr);
        json_decref(j);
        buf_fini(&b);
        return m;
}

int main(void)
{
        char field[160], why[160];
        ProtobufCMessage *m;

        CHECK(sizeof(spec) / sizeof(spec[0]) == RS_STATUS_MAX, "every error code in the table");
        for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
                CHECK(strcmp(connect_code_name(spec[i].code), spec[i].name) == 0, "%s: %s",
                      spec[i].name, connect_code_name(spec[i].code));
                CHECK(connect_http_status(spec[i].code) == spec[i].http, "%s: %u", spec[i].name,
                      connect_http_status(spec[i].code));
        }
        CHECK(connect_http_status(RS_OK) == 200, "ok");
        CHECK(strcmp(connect_code_name(99), "unknown") == 0, "out of range");

        // A nested message, repeated strings, 64-bit ints as numbers and
        // strings, proto and camelCase names, null as the default.
        m = roundtrip(&reinstate__v1__update_case_request__descriptor,
                      "{\"case\":{\"id\":\"9007199254740993\",\"company\":\"Ac\\u00e9me\","
                      "\"roleTitle\":\"Data\",\"salary\":-5,\"closed\":true,\"hr_name\":null},"
                      "\"update_mask\":[\"company\",\"role_title\"]}",
                      field, why);
        CHECK(m != NULL, "%s: %s", field, why);
        if (m) {
                const Reinstate__V1__UpdateCaseRequest *u = (const void *)m;
                CHECK(u->case_ && u->case_->id == 9007199254740993LL, "id");
                CHECK(u->case_ && strcmp(u->case_->company, "Ac\xc3\xa9me") == 0, "company");
                CHECK(u->case_ && strcmp(u->case_->role_title, "Data") == 0, "camelCase name");
                CHECK(u->case_ && u->case_->salary == -5, "negative int64");
                CHECK(u->case_ && u->case_->closed, "bool");
                CHECK(u->n_update_mask == 2 && strcmp(u->update_mask[1], "role_title") == 0,
                      "repeated");
                protobuf_c_message_free_unpacked(m, NULL);
        }
        m = roundtrip(&reinstate__v1__health_check_request__descriptor, "{}", field, why);
        CHECK(m != NULL, "empty object");
        if (m)
                protobuf_c_message_free_unpacked(m, NULL);

        // Refusals name the field.
        static const struct {
                const char *json, *field, *why;
        } bad[] = {
            {"{\"idd\":1}", "idd", "not a field"},
            {"{\"id\":\"x\"}", "id", "64-bit integer"},
            {"{\"id\":1.5}", "id", "64-bit integer"},
            {"{\"id\":true}", "id", "64-bit integer"},
            {"[1]", "", "JSON object"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                m = roundtrip(&reinstate__v1__get_case_request__descriptor, bad[i].json, field,
                              why);
                CHECK(m == NULL, "%s accepted", bad[i].json);
                CHECK(strcmp(field, bad[i].field) == 0, "%s: field '%s'", bad[i].json, field);
                CHECK(strstr(why, bad[i].why) != NULL, "%s: why '%s'", bad[i].json, why);
        }
        m = roundtrip(&reinstate__v1__update_case_request__descriptor, "{\"case\":{\"company\":7}}",
                      field, why);
        CHECK(m == NULL && strcmp(field, "case.company") == 0, "nested path: '%s'", field);
        m = roundtrip(&reinstate__v1__update_case_request__descriptor,
                      "{\"update_mask\":\"company\"}", field, why);
        CHECK(m == NULL && strstr(why, "array"), "repeated needs an array: '%s'", why);
        return check_done("test_connect");
}
