// The case vocabulary (stages, opening statuses, channels, contact roles,
// outcomes, loss reasons) and the stage transition rules as the services use
// them: by vocabulary, for validation messages and storage. Pure; delegates
// to the playbook engine (playbook.h), which owns names and rules.
#ifndef RS_STAGES_H
#define RS_STAGES_H

#include <stdbool.h>

// Where a case is in the playbook; the last two are closed.
enum stage {
        STAGE_VERIFY_OPENING,
        STAGE_CONTACT_MANAGER,
        STAGE_AWAITING_RESPONSE,
        STAGE_IN_DISCUSSION,
        STAGE_REINTERVIEW,
        STAGE_NEGOTIATING,
        STAGE_REINSTATED,
        STAGE_LOST,
        STAGE_COUNT,
};

enum outcome {
        OUTCOME_NO_ANSWER,
        OUTCOME_LEFT_MESSAGE,
        OUTCOME_STILL_OPEN,
        OUTCOME_POSITION_FILLED,
        OUTCOME_CALLBACK_REQUESTED,
        OUTCOME_IN_DISCUSSION,
        OUTCOME_REINTERVIEW_OFFERED,
        OUTCOME_OFFER_REINSTATED,
        OUTCOME_REJECTED,
        OUTCOME_CONTACT_GONE,
        OUTCOME_COUNT,
};

enum loss_reason {
        LOSS_POSITION_FILLED,
        LOSS_MANAGER_DECLINED,
        LOSS_CLIENT_WITHDREW,
        LOSS_NO_RESPONSE,
        LOSS_OTHER,
        LOSS_COUNT,
};

// The vocabularies that are only validated and stored.
enum vocab {
        VOCAB_STAGE,
        VOCAB_OUTCOME,
        VOCAB_LOSS_REASON,
        VOCAB_OPENING,      // unknown | open | filled
        VOCAB_CHANNEL,      // phone | email | video | in_person | letter | linkedin | other
        VOCAB_CONTACT_ROLE, // hiring_manager | hr | recruiter | referral | other
        VOCAB_COUNT,
};

// The snake_case name of value v in vocabulary voc (as stored and shown);
// NULL when v is outside it. Static storage.
const char *stages_name(enum vocab voc, int v);

// Parses an exact (case-sensitive) name of vocabulary voc into *out.
// Returns false, leaving *out alone, for anything else, including NULL.
bool stages_parse(enum vocab voc, const char *s, int *out);

// The names of vocabulary voc joined by ", " (for error messages). Static.
const char *stages_list(enum vocab voc);

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
