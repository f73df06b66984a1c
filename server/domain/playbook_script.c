// The accept-responsibility script and the names of the routes in; see
// playbook_script.h.
#include "playbook_script.h"

#include <string.h>

#include "banned.h"

// The responsibility script, personalised from the better offer the client
// waited for; the decline reason and dates are guidance for the coach.
void script_responsibility(const struct facts *f, struct text *t, const char *to)
{
        const struct playbook_case *c = f->c;
        bool better = c->better_offer && c->better_offer[0];

        text_add(t, "On the call, the client accepts responsibility, for example: \"");
        if (to)
                text_add(t, "%s, this", to);
        else
                text_add(t, "This");
        text_add(t,
                 " is %s. You offered me %s and I turned it down, and I take responsibility "
                 "for that. ",
                 or_default(c->client_name, "[client]"), f->job);
        if (better)
                text_add(t,
                         "I was waiting on another offer (%s) and yours came first, so I "
                         "hesitated. Now that I have seen where that led, I have come to "
                         "realise ",
                         c->better_offer);
        else
                text_add(t, "This was the first time I had been in this kind of job search. I "
                            "was expecting a couple of other offers and yours was the first I "
                            "received, so I hesitated. Having looked further at those other "
                            "positions, I have come to realise ");
        text_add(t, "I made a mistake in not accepting yours. I would love to be reconsidered, "
                    "and if I need to come in and interview again, I am glad to. I would just "
                    "like the chance to discuss it with you and see if we can come to an "
                    "agreement.\" ");
        // The reason itself stays in the case: advice reaches calendar feeds.
        if (c->decline_reason && c->decline_reason[0])
                text_add(t, "The case records why the client declined: have them address that "
                            "reason honestly, in their own words, blaming no one. ");
        text_add(t,
                 "Remind %s of the problem the client solves for them: the value they saw in "
                 "the interview that made them offer the job. ",
                 to ? to : "the manager");
        if (c->declined_on != PLAYBOOK_NO_DATE && f->today >= c->declined_on)
                text_add(t,
                         "The offer was turned down on %s, %lld day%s ago: acknowledge the "
                         "time that has passed. ",
                         ds(c->declined_on).s, (long long)age(c->declined_on, f->today),
                         plural(age(c->declined_on, f->today)));
}

const char *script_route_words(const char *route)
{
        if (route && strcmp(route, "skip_level") == 0)
                return "the skip-level manager";
        if (route && strcmp(route, "referral") == 0)
                return "the referral";
        if (route && strcmp(route, "hr_last_resort") == 0)
                return "HR, as the last resort";
        return "the hiring manager";
}