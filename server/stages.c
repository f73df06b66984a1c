// Stage vocabulary and transitions: tables and two small rules, unit-tested
// in tests/unit/test_stages.c.
#include "stages.h"

#include <stddef.h>
#include <string.h>

#include "banned.h"

static const char *const stage_names[] = {
    "verify_opening", "contact_manager", "awaiting_response", "in_discussion",
    "reinterview",    "negotiating",     "reinstated",        "lost",
};
static const char *const outcome_names[] = {
    "no_answer",           "left_message",       "still_open",
    "position_filled",     "callback_requested", "in_discussion",
    "reinterview_offered", "offer_reinstated",   "rejected",
};
static const char *const loss_names[] = {
    "position_filled", "manager_declined", "client_withdrew", "no_response", "other",
};
static const char *const opening_names[] = {"unknown", "open", "filled"};
static const char *const channel_names[] = {
    "phone", "email", "video", "in_person", "letter", "linkedin", "other",
};
static const char *const role_names[] = {
    "hiring_manager", "hr", "recruiter", "referral", "other",
};

struct vocab_table {
        const char *const *names;
        int n;
        const char *list;
};

#define VT(a, l)                                                                                   \
        {                                                                                          \
                (a), (int)(sizeof(a) / sizeof((a)[0])), (l)                                        \
        }

static const struct vocab_table vocabs[VOCAB_COUNT] = {
    [VOCAB_STAGE] = VT(stage_names, "verify_opening, contact_manager, awaiting_response, "
                                    "in_discussion, reinterview, negotiating, reinstated, lost"),
    [VOCAB_OUTCOME] = VT(outcome_names, "no_answer, left_message, still_open, position_filled, "
                                        "callback_requested, in_discussion, reinterview_offered, "
                                        "offer_reinstated, rejected"),
    [VOCAB_LOSS_REASON] = VT(loss_names, "position_filled, manager_declined, client_withdrew, "
                                         "no_response, other"),
    [VOCAB_OPENING] = VT(opening_names, "unknown, open, filled"),
    [VOCAB_CHANNEL] = VT(channel_names, "phone, email, video, in_person, letter, linkedin, other"),
    [VOCAB_CONTACT_ROLE] = VT(role_names, "hiring_manager, hr, recruiter, referral, other"),
};

_Static_assert(sizeof(stage_names) / sizeof(stage_names[0]) == STAGE_COUNT, "stage names");
_Static_assert(sizeof(outcome_names) / sizeof(outcome_names[0]) == OUTCOME_COUNT, "outcomes");
_Static_assert(sizeof(loss_names) / sizeof(loss_names[0]) == LOSS_COUNT, "loss reasons");

const char *stages_name(enum vocab voc, int v)
{
        if ((int)voc < 0 || voc >= VOCAB_COUNT || v < 0 || v >= vocabs[voc].n)
                return NULL;
        return vocabs[voc].names[v];
}

bool stages_parse(enum vocab voc, const char *s, int *out)
{
        if (s == NULL || (int)voc < 0 || voc >= VOCAB_COUNT)
                return false;
        for (int i = 0; i < vocabs[voc].n; i++) {
                if (strcmp(s, vocabs[voc].names[i]) == 0) {
                        *out = i;
                        return true;
                }
        }
        return false;
}

const char *stages_list(enum vocab voc)
{
        if ((int)voc < 0 || voc >= VOCAB_COUNT)
                return "";
        return vocabs[voc].list;
}

static bool stage_valid(enum stage s)
{
        return (int)s >= 0 && s < STAGE_COUNT;
}

bool stages_is_open(enum stage s)
{
        return stage_valid(s) && s != STAGE_REINSTATED && s != STAGE_LOST;
}

bool stages_can_move(enum stage from, enum stage to)
{
        if (!stage_valid(from) || !stage_valid(to) || from == to)
                return false;
        if (!stages_is_open(from))
                return to == STAGE_VERIFY_OPENING || to == STAGE_CONTACT_MANAGER;
        if (to == STAGE_LOST)
                return true;
        if (from == STAGE_VERIFY_OPENING)
                return to == STAGE_CONTACT_MANAGER;
        // Reinstated sorts after every open stage.
        return to > from;
}

enum stage_move stages_outcome_move(enum outcome o, enum stage current, enum stage *to,
                                    enum loss_reason *reason)
{
        enum stage target = current;
        enum loss_reason why = LOSS_OTHER;
        bool implied = true;

        switch (o) {
        case OUTCOME_POSITION_FILLED:
                target = STAGE_LOST;
                why = LOSS_POSITION_FILLED;
                break;
        case OUTCOME_REJECTED:
                target = STAGE_LOST;
                why = LOSS_MANAGER_DECLINED;
                break;
        case OUTCOME_REINTERVIEW_OFFERED:
                target = STAGE_REINTERVIEW;
                break;
        case OUTCOME_OFFER_REINSTATED:
                target = STAGE_REINSTATED;
                break;
        case OUTCOME_IN_DISCUSSION:
                target = STAGE_IN_DISCUSSION;
                break;
        case OUTCOME_NO_ANSWER:
        case OUTCOME_LEFT_MESSAGE:
        case OUTCOME_CALLBACK_REQUESTED:
                implied = current == STAGE_CONTACT_MANAGER;
                target = STAGE_AWAITING_RESPONSE;
                break;
        case OUTCOME_STILL_OPEN:
                implied = current == STAGE_VERIFY_OPENING;
                target = STAGE_CONTACT_MANAGER;
                break;
        default:
                implied = false;
                break;
        }
        if (!implied || !stage_valid(current) || target == current ||
            (stages_is_open(current) && stages_is_open(target) && target < current))
                return STAGE_MOVE_NONE;
        if (to)
                *to = target;
        if (reason)
                *reason = why;
        return stages_can_move(current, target) ? STAGE_MOVE_OK : STAGE_MOVE_REFUSED;
}
