// The services' view of the playbook vocabulary and transition rules: a thin
// adapter over the pure playbook engine (playbook.c), which owns the names
// and the rules. Its enums mirror the engine's value for value (checked
// below), so conversions are casts.
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

static const char *const lists[VOCAB_COUNT] = {
    [VOCAB_STAGE] = "verify_opening, contact_manager, awaiting_response, in_discussion, "
                    "reinterview, negotiating, reinstated, lost",
    [VOCAB_OUTCOME] = "no_answer, left_message, still_open, position_filled, "
                      "callback_requested, in_discussion, reinterview_offered, offer_reinstated, "
                      "rejected, contact_gone",
    [VOCAB_LOSS_REASON] = "position_filled, manager_declined, client_withdrew, no_response, other",
    [VOCAB_OPENING] = "unknown, open, filled",
    [VOCAB_CHANNEL] = "phone, email, video, in_person, letter, linkedin, other",
    [VOCAB_CONTACT_ROLE] = "hiring_manager, hr, recruiter, referral, other",
};

const char *stages_name(enum vocab voc, int v)
{
        if (v < 0)
                return NULL;
        switch (voc) {
        case VOCAB_STAGE:
                return playbook_stage_name((enum playbook_stage)v);
        case VOCAB_OUTCOME:
                return playbook_outcome_name((enum playbook_outcome)v);
        case VOCAB_LOSS_REASON:
                return playbook_loss_reason_name((enum playbook_loss_reason)v);
        case VOCAB_OPENING:
                return playbook_opening_name((enum playbook_opening)v);
        case VOCAB_CHANNEL:
                return playbook_channel_name((enum playbook_channel)v);
        case VOCAB_CONTACT_ROLE:
                return playbook_contact_role_name((enum playbook_contact_role)v);
        default:
                return NULL;
        }
}

bool stages_parse(enum vocab voc, const char *s, int *out)
{
        bool ok = false;

        switch (voc) {
        case VOCAB_STAGE: {
                enum playbook_stage v;
                if ((ok = playbook_stage_parse(s, &v)))
                        *out = (int)v;
                break;
        }
        case VOCAB_OUTCOME: {
                enum playbook_outcome v;
                if ((ok = playbook_outcome_parse(s, &v)))
                        *out = (int)v;
                break;
        }
        case VOCAB_LOSS_REASON: {
                enum playbook_loss_reason v;
                if ((ok = playbook_loss_reason_parse(s, &v)))
                        *out = (int)v;
                break;
        }
        case VOCAB_OPENING: {
                enum playbook_opening v;
                if ((ok = playbook_opening_parse(s, &v)))
                        *out = (int)v;
                break;
        }
        case VOCAB_CHANNEL: {
                enum playbook_channel v;
                if ((ok = playbook_channel_parse(s, &v)))
                        *out = (int)v;
                break;
        }
        case VOCAB_CONTACT_ROLE: {
                enum playbook_contact_role v;
                if ((ok = playbook_contact_role_parse(s, &v)))
                        *out = (int)v;
                break;
        }
        default:
                break;
        }
        return ok;
}

const char *stages_list(enum vocab voc)
{
        if ((int)voc < 0 || voc >= VOCAB_COUNT)
                return "";
        return lists[voc];
}

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

// Each stage as the job seeker reads it (the status page, the update mail).
static const struct {
        const char *stage;
        const char *words;
} stage_words[] = {
    {"verify_opening", "Checking that the job is still open"},
    {"contact_manager", "Getting ready to contact the hiring manager"},
    {"awaiting_response", "Waiting for the hiring manager to reply"},
    {"in_discussion", "In talks with the hiring manager"},
    {"reinterview", "A new interview is on the table"},
    {"negotiating", "Agreeing the terms of your return"},
    {"reinstated", "Your offer has been reinstated"},
    {"lost", "Closed: the offer could not be won back"},
};

const char *stage_client_words(const char *stage)
{
        for (size_t i = 0; i < sizeof(stage_words) / sizeof(stage_words[0]); i++)
                if (strcmp(stage_words[i].stage, stage) == 0)
                        return stage_words[i].words;
        return "Your coach is working on your case";
}
