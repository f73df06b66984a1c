// The vocabulary (stages, opening statuses, channels, contact roles,
// outcomes, loss reasons, next-step actions) as words: names, parsing and
// the lists shown in help and error messages, all generated from the rows of
// vocab.def. Shared by the server and the CLI. The typed enums live with
// their users (playbook.h), generated from the same rows.
#ifndef RS_VOCAB_H
#define RS_VOCAB_H

#include <stdbool.h>

// The vocabularies.
enum vocab {
        VOCAB_STAGE,
        VOCAB_OUTCOME,
        VOCAB_LOSS_REASON,
        VOCAB_OPENING,
        VOCAB_CHANNEL,
        VOCAB_CONTACT_ROLE,
        VOCAB_ACTION,
        VOCAB_COUNT,
};

// Number of words in vocabulary voc (0 outside the enum). Values run
// 0..count-1 in the order of vocab.def.
int vocab_count(enum vocab voc);

// The snake_case word for value v of voc, exactly as stored and shown; NULL
// when v is outside it. Static storage.
const char *vocab_name(enum vocab voc, int v);

// Parses an exact (case-sensitive) word of voc into *out (may be NULL).
// Returns false, leaving *out alone, for anything else, including NULL.
bool vocab_parse(enum vocab voc, const char *s, int *out);

// The words of voc joined by ", " (for help and error messages). Static.
const char *vocab_list(enum vocab voc);

// What the vocabulary is called in messages ("stage", "contact role"). Static.
const char *vocab_kind(enum vocab voc);

// Whether stage v is closed (reinstated, lost); false outside the enum.
bool vocab_stage_closed(int v);

// The stage v as the job seeker reads it; NULL outside the enum. Static.
const char *vocab_stage_seeker_words(int v);

// How channel v is named in advice ("by phone"); NULL outside the enum.
const char *vocab_channel_phrase(int v);

// The outcome-to-stage mapping of vocab.def for outcome v: *to (the implied
// stage, -1 for none), *loss (loss reason when *to is lost), *from (the only
// stage it moves from, -1 for any earlier one), *awaits (the hiring manager
// is expected to reply). Returns false outside the enum; out pointers may
// be NULL.
bool vocab_outcome_move(int v, int *to, int *loss, int *from, bool *awaits);

#endif
