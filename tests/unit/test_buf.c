// Capped buffers (common/buf.c): growth, the cap, formatting, reuse.
#include <string.h>

#include "buf.h"
#include "check.h"

int main(void)
{
        struct buf b = BUF_INIT(8);

        CHECK(strcmp(buf_str(&b), "") == 0 && b.len == 0, "an empty buffer reads \"\"");
        CHECK(buf_adds(&b, "abc") == 0 && strcmp(buf_str(&b), "abc") == 0, "append");
        CHECK(buf_printf(&b, "%d%s", 12, "de") == 0 && strcmp(buf_str(&b), "abc12de") == 0,
              "printf appends: '%s'", buf_str(&b));
        CHECK(buf_adds(&b, "xy") == -1 && strcmp(buf_str(&b), "abc12de") == 0 && b.len == 7,
              "past the cap: refused, unchanged ('%s')", buf_str(&b));
        CHECK(buf_add(&b, "z", 1) == 0 && b.len == 8, "exactly the cap fits");
        CHECK(buf_add(&b, "", 0) == 0 && b.len == 8, "adding nothing at the cap is fine");
        CHECK(buf_printf(&b, "%s", "q") == -1 && b.len == 8, "printf past the cap is refused");
        buf_fini(&b);
        CHECK(b.len == 0 && strcmp(buf_str(&b), "") == 0, "fini empties");
        CHECK(buf_adds(&b, "again") == 0 && strcmp(buf_str(&b), "again") == 0, "reusable");
        buf_fini(&b);

        struct buf big;
        buf_init(&big, 100000);
        for (int i = 0; i < 10000; i++)
                if (buf_adds(&big, "0123456789") != 0)
                        break;
        CHECK(big.len == 100000 && strlen(buf_str(&big)) == 100000, "grows to its cap: %zu",
              big.len);
        buf_fini(&big);
        return check_done("test_buf");
}
