// Keyset pagination for list calls (AIP-158). A page token is opaque to
// clients: base64url of a fingerprint of the query it belongs to and the
// sort key of the last row returned. The next page continues strictly after
// that key, so rows inserted between pages are neither repeated nor skipped
// (an OFFSET would shift).
#ifndef RS_PAGING_H
#define RS_PAGING_H

#include <stdint.h>

#include "envelope.h"
#include "rpc.h"

#define PAGING_DEFAULT_SIZE 50
#define PAGING_MAX_SIZE     RS_MAX_PAGE_SIZE

struct page {
        int32_t size;   // rows to return (1..PAGING_MAX_SIZE)
        int has_cursor; // a page token was given
        char key[64];   // the sort key before the id ("" when sorting by id only)
        int64_t id;     // the id of the last row returned
};

// Reads page_size (0 = default, larger than the maximum = the maximum,
// negative = invalid) and page_token, which must have been made for the same
// query (any string naming the call and its filters). Returns RS_OK or
// RS_INVALID_ARGUMENT with the field named.
int paging_begin(struct rpc_call *c, int32_t page_size, const char *page_token, const char *query,
                 struct page *p);

// The token for the page after the row with sort key `key` ("" when none)
// and `id`, in call memory.
char *paging_token(struct rpc_call *c, const char *query, const char *key, int64_t id);

#endif
