// The nng door's connection table: which pipes are open, from which
// address, whether a call of theirs is running, and when they last
// completed a message. nng 1.5 has no connection cap and no per-pipe read
// timeout; the server enforces both from its pipe events (on_pipe_add,
// on_pipe_rem) and a sweep, with this table as the one record.
//
// A frame that never completes (a partial frame held open) shows no
// activity here, so the idle deadline bounds it as it bounds a silent
// connection. Thread-safe: every function takes the table's lock.
#ifndef RS_CONNS_H
#define RS_CONNS_H

#include <stddef.h>
#include <stdint.h>

struct conns;

// Limits; 0 in a field means no limit of that kind.
struct conns_limits {
        unsigned max_total;    // open connections at once
        unsigned max_per_addr; // open connections from one source address
        uint32_t idle_ms;      // close after this long without a complete message
};

// What conns_add decided.
enum conns_verdict {
        CONNS_ADMITTED,
        CONNS_FULL,      // max_total reached
        CONNS_ADDR_FULL, // max_per_addr reached for this address
};

// A source address: 16 bytes (IPv4 in the first 4), or any == 1 for a
// connection exempt from the per-address cap (ipc).
struct conns_addr {
        uint8_t bytes[16];
        int any;
};

// Allocates an empty table. Returns 0, or -1 out of memory. The caller
// frees it with conns_free (NULL is a no-op).
int conns_new(struct conns **out, const struct conns_limits *l);
void conns_free(struct conns *t);

// Admits pipe id from addr at time now_ms, or says which cap refused it
// (the pipe is then not in the table).
enum conns_verdict conns_add(struct conns *t, uint32_t id, const struct conns_addr *addr,
                             uint64_t now_ms);

// Forgets pipe id; an unknown id is ignored.
void conns_remove(struct conns *t, uint32_t id);

// A call arrived on pipe id (delta +1) or its reply left (delta -1); both
// count as activity at now_ms. A pipe with a call running is never idle.
// An unknown id is ignored.
void conns_activity(struct conns *t, uint32_t id, int delta, uint64_t now_ms);

// Writes into ids (at most max) the pipes idle past the deadline at now_ms
// and returns how many; the caller closes them (their removal comes back
// through conns_remove). Returns 0 when there is no deadline.
size_t conns_expired(struct conns *t, uint64_t now_ms, uint32_t *ids, size_t max);

// Open connections in the table.
unsigned conns_count(struct conns *t);

#endif
