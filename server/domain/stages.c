// The stage transition graph and the outcome-to-stage mapping (from
// vocab.def's OUTCOME rows), with the engine's typed names over vocab.c. The
// services' enums (stages.h) and the engine's (playbook.h) are generated from
// the same rows, so conversions are casts (checked below).
#include "stages.h"

#include <stddef.h>
#include <string.h>

#include "playbook.h"
#include "banned.h"

_Static_assert((int)STAGE_COUNT == (int)PLAYBOOK_STAGE_COUNT, "stages");
_Static_assert((int)STAGE_LOST == (int)PLAYBOOK_STAGE_LOST, "stage order");
_Static_assert((int)STAGE_REINSTATED == (int)PLAYBOOK_STAGE_REINSTATED, "stage order");
_Static_assert((int)OUTCOME_COUNT == (int)PLAYBOOK_OUTCOME_COUNT, "outcomes");
_Static_assert((int)OUTCOME_REJECTED == (int)PLAYBOOK_OUTCOME_REJECTED, "outcome order");
_Static_assert((int)LOSS_COUNT == (int)PLAYBOOK_LOSS_COUNT, "loss reasons");
_Static_assert((int)LOSS_OTHER == (int)PLAYBOOK_LOSS_OTHER, "loss order");

// ---- Words ----
// The engine's typed name and parse functions over vocab.c's words.
#define VOCABULARY(what, type, voc)                                                                \
        const char *playbook_##what##_name(type v)                                                 \
        {                                                                                          \
                return vocab_name(voc, (int)v);                                                    \
        }                                                                                          \
        bool playbook_##what##_parse(const char *s, type *out)                                     \
        {                                                                                          \
                int i;                                                                             \
                if (!vocab_parse(voc, s, &i))                                                      \
                        return false;                                                              \
                if (out)                                                                           \
                        *out = (type)i;                                                            \
                return true;                                                                       \
        }

VOCABULARY(stage, enum playbook_stage, VOCAB_STAGE)
VOCABULARY(opening, enum playbook_opening, VOCAB_OPENING)
VOCABULARY(channel, enum playbook_channel, VOCAB_CHANNEL)
VOCABULARY(contact_role, enum playbook_contact_role, VOCAB_CONTACT_ROLE)
VOCABULARY(outcome, enum playbook_outcome, VOCAB_OUTCOME)
VOCABULARY(loss_reason, enum playbook_loss_reason, VOCAB_LOSS_REASON)
VOCABULARY(action, enum playbook_action, VOCAB_ACTION)

// ---- Stage transitions ----

static bool in_range(int v, int count)
{
        return v >= 0 && v < count;
}

bool playbook_stage_is_open(enum playbook_stage s)
{
        return in_range((int)s, PLAYBOOK_STAGE_COUNT) && !vocab_stage_closed((int)s);
}

bool playbook_stage_can_move(enum playbook_stage from, enum playbook_stage to)
{
        if (!in_range((int)from, PLAYBOOK_STAGE_COUNT) ||
            !in_range((int)to, PLAYBOOK_STAGE_COUNT) || from == to)
                return false;
        if (!playbook_stage_is_open(from))
                return to == PLAYBOOK_STAGE_VERIFY_OPENING || to == PLAYBOOK_STAGE_CONTACT_MANAGER;
        if (to == PLAYBOOK_STAGE_LOST)
                return true;
        if (from == PLAYBOOK_STAGE_VERIFY_OPENING)
                return to == PLAYBOOK_STAGE_CONTACT_MANAGER;
        // Reinstated sorts after every open stage.
        return to > from;
}

enum playbook_move playbook_outcome_stage(enum playbook_outcome o, enum playbook_stage current,
                                          struct playbook_stage_target *target)
{
        struct playbook_stage_target t = {current, PLAYBOOK_LOSS_OTHER};
        bool implied = true;

        int to, loss, from;

        // The mapping is vocab.def's OUTCOME rows.
        if (!vocab_outcome_move((int)o, &to, &loss, &from, NULL) || to < 0) {
                implied = false;
        } else {
                t.stage = (enum playbook_stage)to;
                t.reason = (enum playbook_loss_reason)loss;
                implied = from < 0 || (int)current == from;
        }
        if (!in_range((int)current, PLAYBOOK_STAGE_COUNT) || t.stage == current ||
            (playbook_stage_is_open(current) && playbook_stage_is_open(t.stage) &&
             t.stage < current))
                implied = false;
        if (!implied) {
                t.stage = current;
                t.reason = PLAYBOOK_LOSS_OTHER;
        }
        if (target)
                *target = t;
        if (!implied)
                return PLAYBOOK_MOVE_NONE;
        return playbook_stage_can_move(current, t.stage) ? PLAYBOOK_MOVE_OK : PLAYBOOK_MOVE_REFUSED;
}

// ---- The services' view ----

bool stages_is_open(enum stage s)
{
        return playbook_stage_is_open((enum playbook_stage)s);
}

bool stages_can_move(enum stage from, enum stage to)
{
        return playbook_stage_can_move((enum playbook_stage)from, (enum playbook_stage)to);
}

enum stage_move stages_outcome_move(enum outcome o, enum stage current, enum stage *to,
                                    enum loss_reason *reason)
{
        struct playbook_stage_target t;
        enum playbook_move m =
            playbook_outcome_stage((enum playbook_outcome)o, (enum playbook_stage)current, &t);

        if (m == PLAYBOOK_MOVE_NONE)
                return STAGE_MOVE_NONE;
        if (to)
                *to = (enum stage)t.stage;
        if (reason)
                *reason = (enum loss_reason)t.reason;
        return m == PLAYBOOK_MOVE_OK ? STAGE_MOVE_OK : STAGE_MOVE_REFUSED;
}

const char *stage_client_words(const char *stage)
{
        int v;

        // The words are vocab.def's STAGE rows.
        if (vocab_parse(VOCAB_STAGE, stage, &v))
                return vocab_stage_seeker_words(v);
        return "Your coach is working on your case";
}
