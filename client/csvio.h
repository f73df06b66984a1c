// CSV files in and out, through libcsv (RFC 4180: quoted fields, embedded
// delimiters, quotes and newlines). Reading takes UTF-8 with or without a
// byte-order mark, detects ',' ';' or tab from the header line unless told,
// and keeps the line each record starts on, for error reports.
#ifndef RS_CSVIO_H
#define RS_CSVIO_H

#include <stddef.h>
#include <stdio.h>

struct csv_record {
        int line;       // the file's line the record starts on (1 = first)
        size_t nfields; // fields in this record
        char **fields;  // NUL-terminated, owned by the file
};

struct csv_file {
        char delimiter;             // the one used
        size_t nrecords;            // including the header
        struct csv_record *records; // records[0] is the header
};

// Reads path into f (release with csv_file_fini). delimiter 0 = detect.
// Returns 0, or -1 after writing the reason into err.
int csv_file_read(struct csv_file *f, const char *path, char delimiter, char *err, size_t errlen);

// Releases what csv_file_read allocated.
void csv_file_fini(struct csv_file *f);

// Writes one record: fields quoted when they need it, CRLF-terminated as RFC
// 4180 says. Returns 0, or -1 on a write error.
int csv_write_record(FILE *out, const char *const *fields, size_t n);

#endif
