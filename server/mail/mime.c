#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "buf.h"
#include "mime.h"
#include "wirecheck.h"
#include "banned.h"

// A message is at most this big; digests are capped well below it.
#define MIME_MAX (4u << 20)

// The message being written; failed once anything could not be appended
// (past the cap or out of memory): a message cut short is never sent.
struct out {
        struct buf b;
        int failed;
};

static void put(struct out *o, const char *s, size_t n)
{
        if (buf_add(&o->b, s, n) != 0)
                o->failed = 1;
}

static void puts_(struct out *o, const char *s)
{
        put(o, s, strlen(s));
}

static void putf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct out *o, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        if (buf_vprintf(&o->b, fmt, ap) != 0)
                o->failed = 1;
        va_end(ap);
}

static int is_ascii_printable(const char *s)
{
        for (; *s; s++)
                if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
                        return 0;
        return 1;
}

// A header value with no CR or LF in it, whatever the stored text holds.
static void put_header(struct out *o, const char *name, const char *value)
{
        puts_(o, name);
        puts_(o, ": ");
        for (const char *s = value; *s; s++)
                put(o, *s == '\r' || *s == '\n' ? " " : s, 1);
        puts_(o, "\r\n");
}

// RFC 2047 encoded words, each at most 75 characters, split between UTF-8
// sequences, never inside one.
static void put_subject(struct out *o, const char *subject)
{
        const char *s = subject;
        int first = 1;

        if (is_ascii_printable(subject) && strlen(subject) <= 900) {
                put_header(o, "Subject", subject);
                return;
        }
        puts_(o, "Subject:");
        while (*s) {
                char b64[80];
                size_t n = 0;
                // 39 bytes of text make 52 of base64: with "Subject: ",
                // "=?UTF-8?B?" and "?=" a line stays under 78.
                while (s[n] && n < 39) {
                        size_t len = utf8_seq_len((unsigned char)s[n]);
                        if (n + len > 39)
                                break;
                        n += len;
                }
                if (n == 0)
                        n = 1;
                sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s, n,
                                  sodium_base64_VARIANT_ORIGINAL);
                putf(o, "%s=?UTF-8?B?%s?=", first ? " " : "\r\n ", b64);
                first = 0;
                s += n;
        }
        puts_(o, "\r\n");
}

// Quoted-printable (RFC 2045) with CRLF line ends and soft breaks before 76.
static void put_qp(struct out *o, const char *s)
{
        static const char hex[] = "0123456789ABCDEF";
        size_t col = 0;

        for (; *s; s++) {
                unsigned char ch = (unsigned char)*s;
                char enc[4];
                size_t n;

                if (ch == '\r')
                        continue;
                if (ch == '\n') {
                        puts_(o, "\r\n");
                        col = 0;
                        continue;
                }
                // Spaces and tabs before a line end must be encoded.
                if ((ch >= 33 && ch <= 126 && ch != '=') ||
                    ((ch == ' ' || ch == '\t') && s[1] != '\n' && s[1] != '\0')) {
                        enc[0] = (char)ch;
                        n = 1;
                } else {
                        enc[0] = '=';
                        enc[1] = hex[ch >> 4];
                        enc[2] = hex[ch & 15];
                        n = 3;
                }
                if (col + n > 75) {
                        puts_(o, "=\r\n");
                        col = 0;
                }
                put(o, enc, n);
                col += n;
        }
        if (col)
                puts_(o, "\r\n");
}

char *mime_render(const struct mime_message *m, size_t *len)
{
        struct out o = {BUF_INIT(MIME_MAX), 0};
        char date[64], boundary[64];
        unsigned char h[8];
        struct tm tm;
        time_t t = (time_t)m->date;

        gmtime_r(&t, &tm);
        strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
        // The boundary is derived from the Message-ID, so a resend is the
        // same bytes.
        crypto_generichash(h, sizeof(h), (const unsigned char *)m->message_id,
                           strlen(m->message_id), NULL, 0);
        snprintf(boundary, sizeof(boundary), "=_rs_%02x%02x%02x%02x%02x%02x%02x%02x", h[0], h[1],
                 h[2], h[3], h[4], h[5], h[6], h[7]);

        put_header(&o, "From", m->from);
        put_header(&o, "To", m->to);
        put_subject(&o, m->subject);
        put_header(&o, "Date", date);
        put_header(&o, "Message-ID", m->message_id);
        put_header(&o, "MIME-Version", "1.0");
        put_header(&o, "Auto-Submitted", "auto-generated");
        if (m->list_unsubscribe && m->list_unsubscribe[0]) {
                putf(&o, "List-Unsubscribe: <%s>\r\n", m->list_unsubscribe);
                put_header(&o, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        if (m->html == NULL || m->html[0] == '\0') {
                put_header(&o, "Content-Type", "text/plain; charset=utf-8");
                put_header(&o, "Content-Transfer-Encoding", "quoted-printable");
                puts_(&o, "\r\n");
                put_qp(&o, m->text);
        } else {
                putf(&o, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", boundary);
                putf(&o, "--%s\r\n", boundary);
                puts_(&o, "Content-Type: text/plain; charset=utf-8\r\n"
                          "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
                put_qp(&o, m->text);
                putf(&o, "--%s\r\n", boundary);
                puts_(&o, "Content-Type: text/html; charset=utf-8\r\n"
                          "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
                put_qp(&o, m->html);
                putf(&o, "--%s--\r\n", boundary);
        }
        if (o.failed || o.b.ptr == NULL) {
                buf_fini(&o.b);
                return NULL;
        }
        *len = o.b.len;
        return o.b.ptr;
}
