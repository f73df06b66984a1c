// The route in to the decision maker: the hiring manager from the interview
// (the default), a skip-level manager, a warm referral, or HR as a last
// resort, each with the contact's name. Which contacts count as the decision
// path decides whether an attempt's outcome may move a case into
// awaiting_response or in_discussion. Pure.
#ifndef RS_ROUTE_H
#define RS_ROUTE_H

#include <stdbool.h>

// Whether s is a route name: manager | skip_level | referral | hr_last_resort.
bool route_valid(const char *s);

// The route names joined by ", " (for messages). Static.
const char *route_list(void);

// Whether an attempt to (role, name) reached the decision path of a case
// whose route is `route` with contact `route_contact`: the hiring manager
// always; on another route, a contact of the route's role (skip_level:
// hiring_manager or other; referral: referral; hr_last_resort: hr) or whose
// name is the route contact's (trimmed, case-insensitive). NULLs count as "".
bool route_is_decision_path(const char *role, const char *name, const char *route,
                            const char *route_contact);

// Whether an attempt to (role, name) reached the route's own contact: on
// the manager route (or an unknown one) the hiring manager; otherwise a
// contact whose name is the route contact's, or of the route's role
// (skip_level: other; referral: referral; hr_last_resort: hr).
bool route_is_route_contact(const char *role, const char *name, const char *route,
                            const char *route_contact);

// Whether two attempts reached the same person: the same contact role and,
// when both carry a name, the same name (trimmed, case-insensitive). A
// missing name stands for the role's usual contact (the case's hiring
// manager). NULLs count as "".
bool route_same_contact(const char *role_a, const char *name_a, const char *role_b,
                        const char *name_b);

#endif
