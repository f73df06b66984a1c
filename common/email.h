// The e-mail address check, once for both programs: the shape every address
// must have (one '@' with text on both sides, no spaces or control
// characters, at most EMAIL_MAX_LEN bytes) and, for the addresses people log
// in with, printable ASCII only. Callers word the fault for their field.
#ifndef RS_EMAIL_H
#define RS_EMAIL_H

// The longest address (RFC 5321's path limit less the angle brackets); the
// schema's length checks say the same.
#define EMAIL_MAX_LEN 254

// What is wrong with an address.
enum email_fault {
        EMAIL_OK,
        EMAIL_CHARS,    // ascii_only: a byte outside printable ASCII (spaces included)
        EMAIL_TOO_LONG, // more than EMAIL_MAX_LEN bytes
        EMAIL_SHAPE,    // not name@domain: no '@', two of them, nothing on a side, a space
};

// Checks s (NUL-terminated, not NULL). ascii_only: the login rule, which
// keeps control characters out of terminals and audit lines and gives every
// address one lower case. Without it, UTF-8 is the caller's to check.
enum email_fault email_check(const char *s, int ascii_only);

#endif
