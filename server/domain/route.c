// The route in: names and which contacts are the decision path.
#include "route.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "banned.h"

static const char *const routes[] = {"manager", "skip_level", "referral", "hr_last_resort"};

// The role a route's contact is logged with.
static const char *const route_roles[] = {"hiring_manager", "other", "referral", "hr"};

static int route_index(const char *s)
{
        for (size_t i = 0; s && i < sizeof(routes) / sizeof(routes[0]); i++)
                if (strcmp(s, routes[i]) == 0)
                        return (int)i;
        return -1;
}

bool route_valid(const char *s)
{
        return route_index(s) >= 0;
}

const char *route_list(void)
{
        return "manager, skip_level, referral, hr_last_resort";
}

// Equal after trimming blanks, ignoring ASCII case; "" never matches.
static bool same_name(const char *a, const char *b)
{
        size_t na, nb;

        while (*a && isspace((unsigned char)*a))
                a++;
        while (*b && isspace((unsigned char)*b))
                b++;
        na = strlen(a);
        nb = strlen(b);
        while (na && isspace((unsigned char)a[na - 1]))
                na--;
        while (nb && isspace((unsigned char)b[nb - 1]))
                nb--;
        if (na == 0 || na != nb)
                return false;
        for (size_t i = 0; i < na; i++)
                if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
                        return false;
        return true;
}

bool route_is_decision_path(const char *role, const char *name, const char *route,
                            const char *route_contact)
{
        int r = route_index(route);

        role = role ? role : "";
        if (strcmp(role, "hiring_manager") == 0)
                return true;
        if (r <= 0)
                return false;
        if (strcmp(role, route_roles[r]) == 0)
                return true;
        return same_name(name ? name : "", route_contact ? route_contact : "");
}

bool route_is_route_contact(const char *role, const char *name, const char *route,
                            const char *route_contact)
{
        int r = route_index(route);

        role = role ? role : "";
        if (r <= 0)
                return strcmp(role, "hiring_manager") == 0;
        if (strcmp(role, route_roles[r]) == 0)
                return true;
        return same_name(name ? name : "", route_contact ? route_contact : "");
}

// Whether s holds anything but blanks.
static bool has_name(const char *s)
{
        while (s && *s && isspace((unsigned char)*s))
                s++;
        return s && *s;
}

bool route_same_contact(const char *role_a, const char *name_a, const char *role_b,
                        const char *name_b)
{
        if (strcmp(role_a ? role_a : "", role_b ? role_b : "") != 0)
                return false;
        if (!has_name(name_a) || !has_name(name_b))
                return true;
        return same_name(name_a, name_b);
}
