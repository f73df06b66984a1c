// Page tokens (server/db/paging.c): sizes, round trips, tokens of another
// query, forged and damaged tokens.
#include <string.h>

#include "check.h"
#include "paging.h"

static void reset(struct rpc_call *c)
{
        rpc_call_release(c);
        memset(c, 0, sizeof(*c));
}

int main(void)
{
        struct rpc_call c;
        struct page p;
        const char *tok;

        memset(&c, 0, sizeof(c));
        static const struct {
                int32_t asked, got;
        } sizes[] = {{0, PAGING_DEFAULT_SIZE},
                     {1, 1},
                     {PAGING_MAX_SIZE, PAGING_MAX_SIZE},
                     {PAGING_MAX_SIZE + 1, PAGING_MAX_SIZE},
                     {INT32_MAX, PAGING_MAX_SIZE}};
        for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
                reset(&c);
                CHECK(paging_begin(&c, sizes[i].asked, "", "q", &p) == RS_OK &&
                          p.size == sizes[i].got && !p.has_cursor,
                      "page_size %d gives %d", sizes[i].asked, p.size);
        }
        reset(&c);
        CHECK(paging_begin(&c, -1, "", "q", &p) == RS_INVALID_ARGUMENT &&
                  strstr(c.message, "page_size"),
              "negative size: %s", c.message);

        // A token continues after its row, for the same query only.
        reset(&c);
        tok = paging_token(&c, "cases|coach=3", "2025-03-01", 42);
        CHECK(tok && strchr(tok, '=') == NULL && strchr(tok, '+') == NULL, "url-safe: %s", tok);
        CHECK(paging_begin(&c, 10, tok, "cases|coach=3", &p) == RS_OK && p.has_cursor &&
                  p.id == 42 && strcmp(p.key, "2025-03-01") == 0,
              "round trip: id %lld key '%s'", (long long)p.id, p.key);
        tok = paging_token(&c, "cases|coach=3", NULL, 7);
        CHECK(paging_begin(&c, 10, tok, "cases|coach=3", &p) == RS_OK && p.id == 7 &&
                  p.key[0] == '\0',
              "no key");
        CHECK(paging_begin(&c, 10, tok, "cases|coach=4", &p) == RS_INVALID_ARGUMENT &&
                  strstr(c.message, "another query"),
              "another query: %s", c.message);

        static const char *const bad[] = {"x", "%%%", "cDEuMTIzNDU2NzguNDI", "AAAA",
                                          "cDEuMDAwMDAwMDAuLTEu"};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                reset(&c);
                CHECK(paging_begin(&c, 10, bad[i], "q", &p) == RS_INVALID_ARGUMENT &&
                          strstr(c.message, "page_token") && !p.has_cursor,
                      "'%s' refused: %s", bad[i], c.message);
        }
        char longtok[300];
        memset(longtok, 'A', sizeof(longtok) - 1);
        longtok[sizeof(longtok) - 1] = '\0';
        reset(&c);
        CHECK(paging_begin(&c, 10, longtok, "q", &p) == RS_INVALID_ARGUMENT, "long token refused");
        reset(&c);
        return check_done("test_paging");
}
