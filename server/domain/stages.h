// The stage transition graph and what an outcome means for a case's stage,
// in one place: the engine's playbook_stage_* / playbook_outcome_stage
// (declared in playbook.h) and the services' stages_* below are both
// implemented in stages.c. Words and parsing are vocab.h's. Pure.
#ifndef RS_STAGES_H
#define RS_STAGES_H

#include <stdbool.h>

#include "vocab.h"

// The services' names for three of the vocabularies, generated from
// common/vocab.def like the engine's (playbook.h): value for value the same,
// so conversions are casts.
enum stage {
#define STAGE(id, word, closed, seeker) STAGE_##id,
#include "vocab.def"
        STAGE_COUNT,
};

enum outcome {
#define OUTCOME(id, word, to, loss, from, awaits) OUTCOME_##id,
#include "vocab.def"
        OUTCOME_COUNT,
};

enum loss_reason {
#define LOSS(id, word) LOSS_##id,
#include "vocab.def"
        LOSS_COUNT,
};

// Whether a stage is open (every stage but reinstated and lost).
bool stages_is_open(enum stage s);

// Whether a case may move from one stage to another: open stages move
// forward only (verify_opening only to contact_manager: the opening is
// confirmed first), any open stage may move to lost; closed stages move only
// by reopening, to verify_opening or contact_manager. from == to is no move.
bool stages_can_move(enum stage from, enum stage to);

// What an outcome means for the stage of a case.
enum stage_move {
        STAGE_MOVE_NONE,    // the outcome implies no change from this stage
        STAGE_MOVE_OK,      // it implies *to (and *reason for lost); the move is valid
        STAGE_MOVE_REFUSED, // it implies *to, which is not a valid move from current
};

// Maps an outcome logged at stage `current` to the stage it implies:
// position_filled → lost (position_filled), rejected → lost
// (manager_declined), reinterview_offered → reinterview, offer_reinstated →
// reinstated, in_discussion → in_discussion; no_answer, left_message and
// callback_requested → awaiting_response from contact_manager only;
// still_open → contact_manager from verify_opening only. An open stage the
// case already reached or passed implies nothing. *to and *reason are set
// for OK and REFUSED.
enum stage_move stages_outcome_move(enum outcome o, enum stage current, enum stage *to,
                                    enum loss_reason *reason);

// The stage (by name) as the job seeker reads it, in plain words; a stage
// not known gives a neutral sentence. Static.
const char *stage_client_words(const char *stage);

#endif
