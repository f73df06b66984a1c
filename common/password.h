// Reading a password: from a no-echo prompt on the terminal, or the first
// line of standard input for scripts (--password-stdin).
#ifndef RS_PASSWORD_H
#define RS_PASSWORD_H

#include <stddef.h>

// Minimum and maximum password lengths accepted anywhere.
#define PASSWORD_MIN_LEN 10
#define PASSWORD_MAX_LEN 256

// Reads a password into out (len bytes) without the trailing newline. With
// from_stdin, reads one line of stdin; otherwise prompts on /dev/tty with
// echo off. Returns 0, or -1 with errno-style failure (no terminal, EOF,
// too long).
int password_read(const char *prompt, int from_stdin, char *out, size_t len);

// Writes a new random password of PASSWORD_GEN_LEN characters (len must be
// more) from an alphabet without look-alikes (~90 bits), drawn so that the
// server's common-password check accepts it: no two neighbouring characters
// are the same or next to each other in the alphabet's order ("ab", "ba"),
// which cracklib counts as a systematic run.
#define PASSWORD_GEN_LEN 16
void password_generate(char *out, size_t len);

#endif
