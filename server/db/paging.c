// Page tokens: "p1.<fingerprint>.<id>.<key>" in base64url, without padding.
#include "paging.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "status.h"
#include "banned.h"

static uint32_t fingerprint(const char *s)
{
        uint32_t h = 2166136261u;

        for (; *s; s++) {
                h ^= (unsigned char)*s;
                h *= 16777619u;
        }
        return h;
}

char *paging_token(struct rpc_call *c, const char *query, const char *key, int64_t id)
{
        char *raw = rpc_printf(c, "p1.%08" PRIx32 ".%" PRId64 ".%s", fingerprint(query), id,
                               key ? key : "");
        size_t n = strlen(raw);
        size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        char *out = rpc_alloc(c, len);

        sodium_bin2base64(out, len, (const unsigned char *)raw, n,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        return out;
}

int paging_begin(struct rpc_call *c, int32_t page_size, const char *page_token, const char *query,
                 struct page *p)
{
        unsigned char raw[160];
        char text[161], fp[9];
        size_t n = 0;
        const char *dot;
        char *end;

        memset(p, 0, sizeof(*p));
        if (page_size < 0)
                return rpc_violation(c, "page_size", "must not be negative");
        p->size = page_size == 0 ? PAGING_DEFAULT_SIZE
                                 : (page_size > PAGING_MAX_SIZE ? PAGING_MAX_SIZE : page_size);
        if (page_token == NULL || page_token[0] == '\0')
                return RS_OK;
        if (strlen(page_token) > 200 ||
            sodium_base642bin(raw, sizeof(raw) - 1, page_token, strlen(page_token), NULL, &n, NULL,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
                goto bad;
        memcpy(text, raw, n);
        text[n] = '\0';
        if (strlen(text) != n || strncmp(text, "p1.", 3) != 0 || n < 13 || text[11] != '.')
                goto bad;
        snprintf(fp, sizeof(fp), "%08" PRIx32, fingerprint(query));
        if (memcmp(text + 3, fp, 8) != 0)
                return rpc_violation(c, "page_token",
                                     "belongs to another query: list again without it");
        p->id = strtoll(text + 12, &end, 10);
        if (end == text + 12 || *end != '.' || p->id < 0)
                goto bad;
        dot = end + 1;
        if (strlen(dot) >= sizeof(p->key))
                goto bad;
        snprintf(p->key, sizeof(p->key), "%s", dot);
        p->has_cursor = 1;
        return RS_OK;
bad:
        return rpc_violation(c, "page_token", "is not a page token from this server");
}
