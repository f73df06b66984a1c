// The words the coach rehearses with the client, shared by the rules that
// need them: the accept-responsibility script, personalised from the case,
// and how a route in is named. Part of the playbook engine (playbook.c).
#ifndef RS_PLAYBOOK_SCRIPT_H
#define RS_PLAYBOOK_SCRIPT_H

#include "playbook_facts.h"

// Appends to t the accept-responsibility script: addressed to `to` (NULL:
// no name), personalised from the better offer the client waited for, with
// a pointer to the decline reason on record (never quoted: advice reaches
// calendar feeds), the problem the client solves, and the days since the
// decline.
void script_responsibility(const struct facts *f, struct text *t, const char *to);

// How advice names a route in: "the skip-level manager", "the referral",
// "HR, as the last resort", else "the hiring manager". Static.
const char *script_route_words(const char *route);

#endif
