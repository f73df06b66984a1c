// The RPC door's connection table: the caps in total and per address, the
// idle deadline, and a running call that keeps a connection alive.
#include <string.h>

#include "check.h"
#include "conns.h"

static struct conns_addr v4(unsigned char last)
{
        struct conns_addr a;

        memset(&a, 0, sizeof(a));
        a.bytes[0] = 127;
        a.bytes[3] = last;
        return a;
}

int main(void)
{
        struct conns_limits lim = {5, 3, 1000};
        struct conns *t = NULL;
        struct conns_addr a = v4(2), b = v4(1), local;
        uint32_t ids[16];
        size_t n;

        memset(&local, 0, sizeof(local));
        local.any = 1;
        CHECK(conns_new(&t, &lim) == 0 && t != NULL, "a table");

        // Per address: 3 from 127.0.0.2, the 4th refused; another address
        // still gets in.
        CHECK(conns_add(t, 1, &a, 0) == CONNS_ADMITTED, "1st from a");
        CHECK(conns_add(t, 2, &a, 0) == CONNS_ADMITTED, "2nd from a");
        CHECK(conns_add(t, 3, &a, 0) == CONNS_ADMITTED, "3rd from a");
        CHECK(conns_add(t, 4, &a, 0) == CONNS_ADDR_FULL, "4th from a refused");
        CHECK(conns_add(t, 5, &b, 0) == CONNS_ADMITTED, "b gets in");
        // ipc counts only in the total.
        CHECK(conns_add(t, 6, &local, 0) == CONNS_ADMITTED, "ipc gets in");
        CHECK(conns_add(t, 7, &local, 0) == CONNS_FULL, "total cap of 5");
        CHECK(conns_count(t) == 5, "5 open, not %u", conns_count(t));

        // A refused pipe is not in the table; a removed one frees its place.
        conns_remove(t, 4);
        CHECK(conns_count(t) == 5, "removing a refused id changes nothing");
        conns_remove(t, 2);
        CHECK(conns_add(t, 8, &a, 0) == CONNS_ADMITTED, "a's place freed by a removal");

        // Idle deadline: a call running on 3 keeps it; 5 was active at 600.
        conns_activity(t, 3, +1, 100);
        conns_activity(t, 5, +1, 500);
        conns_activity(t, 5, -1, 600);
        CHECK(conns_expired(t, 999, ids, 16) == 0, "nothing idle before the deadline");
        n = conns_expired(t, 1200, ids, 16);
        CHECK(n == 3, "1, 6 and 8 idle at 1200 (got %zu)", n);
        for (size_t i = 0; i < n; i++)
                CHECK(ids[i] != 3 && ids[i] != 5, "pipe %u is not idle", ids[i]);
        CHECK(conns_expired(t, 1200, ids, 2) == 2, "at most max ids");
        conns_activity(t, 3, -1, 1300);
        n = conns_expired(t, 2300, ids, 16);
        CHECK(n == 5, "everything idle at 2300 (got %zu)", n);
        conns_activity(t, 999, +1, 0); // unknown: ignored
        conns_free(t);

        // No deadline: nothing expires.
        lim.idle_ms = 0;
        CHECK(conns_new(&t, &lim) == 0, "a table without deadline");
        CHECK(conns_add(t, 1, &a, 0) == CONNS_ADMITTED, "admitted");
        CHECK(conns_expired(t, 1000000, ids, 16) == 0, "no deadline, no expiry");
        conns_free(t);
        conns_free(NULL);
        return check_done("test_conns");
}
