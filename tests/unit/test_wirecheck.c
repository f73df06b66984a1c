// String checks on the wire: NUL bytes and invalid UTF-8 are found in
// top-level and nested string fields and named; clean messages and
// malformed bytes (left to unpack) pass.
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "wirecheck.h"
#include "reinstate/v1/clients.pb-c.h"
#include "reinstate/v1/auth.pb-c.h"

// Packs msg, replaces the first byte equal to `mark` by `with`, checks.
static int check_patched(const ProtobufCMessage *msg, char mark, uint8_t with, char *field,
                         char *why)
{
        size_t n = protobuf_c_message_get_packed_size(msg);
        uint8_t *buf = malloc(n);
        uint8_t *at;
        int rv;

        protobuf_c_message_pack(msg, buf);
        at = memchr(buf, mark, n);
        if (at)
                *at = with;
        rv = wirecheck_strings(msg->descriptor, buf, n, field, 160, why, 64);
        free(buf);
        return rv;
}

int main(void)
{
        Reinstate__V1__LoginRequest login = REINSTATE__V1__LOGIN_REQUEST__INIT;
        Reinstate__V1__CreateClientRequest create = REINSTATE__V1__CREATE_CLIENT_REQUEST__INIT;
        Reinstate__V1__Client client = REINSTATE__V1__CLIENT__INIT;
        char field[160], why[64];
        const uint8_t junk[] = {0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 'a'};

        login.email = (char *)"ana@example.com";
        login.password = (char *)"pass~word-1234";
        CHECK(check_patched(&login.base, '!', 0, field, why) == 0, "clean message passes");
        CHECK(check_patched(&login.base, '~', 0, field, why) == -1, "NUL in a string");
        CHECK(strcmp(field, "password") == 0, "names the field: %s", field);
        CHECK(strstr(why, "NUL") != NULL, "says why: %s", why);
        CHECK(check_patched(&login.base, '~', 0xC0, field, why) == -1, "invalid UTF-8");
        CHECK(strstr(why, "UTF-8") != NULL, "says why: %s", why);

        client.name = (char *)"Jordan ^Lee";
        client.email = (char *)"";
        client.phone = (char *)"";
        create.client = &client;
        CHECK(check_patched(&create.base, '^', 0, field, why) == -1, "nested NUL");
        CHECK(strcmp(field, "client.name") == 0, "nested path: %s", field);
        client.name = (char *)"Zoë Ångström 山田";
        CHECK(check_patched(&create.base, '!', 0, field, why) == 0, "real UTF-8 passes");

        CHECK(wirecheck_strings(&reinstate__v1__login_request__descriptor, junk, sizeof(junk),
                                field, sizeof(field), why, sizeof(why)) == 0,
              "malformed input is left to unpack");
        CHECK(wirecheck_utf8((const uint8_t *)"\xed\xa0\x80", 3) == 0, "surrogates refused");
        CHECK(wirecheck_utf8((const uint8_t *)"\xe0\x80\xaf", 3) == 0, "overlong refused");
        CHECK(wirecheck_utf8((const uint8_t *)"\xf4\x90\x80\x80", 4) == 0, "above U+10FFFF");
        CHECK(wirecheck_utf8((const uint8_t *)"\xf0\x9f\x98\x80", 4) == 1, "emoji passes");
        return check_done("test_wirecheck");
}
