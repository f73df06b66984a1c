// Job seekers' access codes: 16 Crockford base32 symbols (80 random bits),
// shown as XXXX-XXXX-XXXX-XXXX. Typing is forgiving: case does not matter,
// dashes and spaces are ignored, and the letters Crockford reads as digits
// (I and L as 1, O as 0) are accepted. Shared by the server, which makes a
// code and stores only its hash, and the CLI, which reads typed codes.
#ifndef RS_ACCESS_CODE_H
#define RS_ACCESS_CODE_H

#include <stddef.h>

// Symbols in a code, without dashes.
#define ACCESS_CODE_LEN 16
// The displayed form with its three dashes, plus the NUL.
#define ACCESS_CODE_SIZE (ACCESS_CODE_LEN + 3 + 1)
// The normalised form (ACCESS_CODE_LEN symbols) plus the NUL.
#define ACCESS_CODE_NORM_SIZE (ACCESS_CODE_LEN + 1)

// Makes a fresh random code in its displayed form: 80 bits from libsodium's
// randombytes (the caller has run sodium_init).
void access_code_new(char out[ACCESS_CODE_SIZE]);

// Normalises typed input to ACCESS_CODE_LEN upper-case symbols. Returns 0,
// or -1 when in is not a code (wrong length, a symbol outside the alphabet,
// too long to be one).
int access_code_normalise(const char *in, char out[ACCESS_CODE_NORM_SIZE]);

// Whether a normalised code could have come from access_code_new: it uses
// at least 6 different symbols. A random code fails with a probability of
// about 2e-8 (access_code_new never returns one); hand-made codes such as
// "AAAA-AAAA-AAAA-AAAA" fail.
int access_code_plausible(const char *norm);

// Formats a normalised code for display (XXXX-XXXX-XXXX-XXXX).
void access_code_format(const char *norm, char out[ACCESS_CODE_SIZE]);

#endif
