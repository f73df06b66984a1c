// Operator commands run against the database directly (not over RPC):
// creating the first admin on a fresh install.
#ifndef RS_ADMIN_H
#define RS_ADMIN_H

// `reinstated admin create --email E [--name N] [--password-stdin]
// [--if-no-admin]`: argv[0] is "create". Returns the process exit code.
int admin_create(const char *conninfo, int argc, char **argv);

#endif
