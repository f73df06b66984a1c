// Functions the project does not use: unbounded copies and formatting, and
// non-reentrant tokenising. Include last; a use becomes a compile error.
#ifndef RS_BANNED_H
#define RS_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_use_snprintf_or_buf

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gets
#define gets(x) BANNED(gets)

#endif
