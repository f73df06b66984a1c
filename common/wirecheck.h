// Checks the strings of a serialized protobuf message before protobuf-c
// unpacks it. protobuf-c copies string bytes as they are, so a NUL inside a
// string would silently cut it short in C, and invalid UTF-8 would only fail
// later, in PostgreSQL, without the field's name. This walks the wire format
// against the message descriptor (nested messages included, to a fixed
// depth) and names the first bad string field.
#ifndef RS_WIRECHECK_H
#define RS_WIRECHECK_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

// Deepest nesting of messages the check follows (the contract has no
// recursive types; this bounds hostile input anyway).
#define WIRECHECK_MAX_DEPTH 8

// Returns 0 when every string field of msg (of type desc) in data is valid
// UTF-8 without NUL bytes and without control characters (see
// wirecheck_is_control; tabs and newlines only in the multi-line fields:
// text, summary, description, reasons, notes; passwords are exempt), or when the bytes are not
// well-formed protobuf at all (protobuf-c's unpack reports that). Otherwise returns -1 and writes
// the field's path ("case.company") into field and the problem into why.
int wirecheck_strings(const ProtobufCMessageDescriptor *desc, const uint8_t *data, size_t len,
                      char *field, size_t fieldlen, char *why, size_t whylen);

// Whether code point cp may attack a terminal or hide text: C0 controls (but
// tab and newline when multiline), DEL, C1 controls, and the bidirectional
// marks, embeddings, overrides and isolates (U+061C, U+200E/F, U+202A-E,
// U+2066-9) and the line/paragraph separators U+2028/9.
int wirecheck_is_control(uint32_t cp, int multiline);

// The byte offset of the first control character in valid UTF-8 s[0..n)
// (its code point in *cp), or -1 when there is none.
long wirecheck_control(const char *s, size_t n, int multiline, uint32_t *cp);

// A copy of s with every control character but tab and newline, and every
// byte outside valid UTF-8, written as \xHH or \uHHHH, for printing to a
// terminal; the caller frees it. NULL when s has nothing to escape (print s
// itself).
char *wirecheck_escape(const char *s);

// Whether s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
int wirecheck_utf8(const uint8_t *s, size_t n);

// The length of the UTF-8 sequence that lead begins (1-4), judged by the
// lead byte alone: for cutting text between characters, not for checking it.
static inline size_t utf8_seq_len(unsigned char lead)
{
        return lead < 0xC0 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
}

#endif
