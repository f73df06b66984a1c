// No-echo password input via termios on /dev/tty.
#include "password.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <sodium.h>
#include <unistd.h>

#include "banned.h"

static int read_line(FILE *f, char *out, size_t len)
{
        size_t n;

        if (fgets(out, (int)len, f) == NULL)
                return -1;
        n = strcspn(out, "\r\n");
        if (out[n] == '\0' && n == len - 1)
                return -1; // longer than the buffer
        out[n] = '\0';
        return 0;
}

int password_read(const char *prompt, int from_stdin, char *out, size_t len)
{
        struct termios old, quiet;
        FILE *tty;
        int rv;

        if (from_stdin)
                return read_line(stdin, out, len);
        tty = fopen("/dev/tty", "r+");
        if (tty == NULL)
                return -1;
        fputs(prompt, tty);
        fflush(tty);
        if (tcgetattr(fileno(tty), &old) != 0) {
                fclose(tty);
                return -1;
        }
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
        rv = read_line(tty, out, len);
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
        fputs("\n", tty);
        fclose(tty);
        return rv;
}

void password_generate(char *out, size_t len)
{
        static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        size_t n = len - 1 < PASSWORD_GEN_LEN ? len - 1 : PASSWORD_GEN_LEN;

        for (size_t i = 0; i < n;) {
                char c = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
                int d = i ? tolower((unsigned char)c) - tolower((unsigned char)out[i - 1]) : 2;

                // cracklib compares lowercased neighbours: "aB" is a run too.
                if (d >= -1 && d <= 1)
                        continue;
                out[i++] = c;
        }
        out[n] = '\0';
}
