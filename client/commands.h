// Every noun's entry point; listed in the command table in main.c.
#ifndef RS_COMMANDS_H
#define RS_COMMANDS_H

#include "cli.h"

int cmd_health(struct cli *cli, int argc, char **argv);
int cmd_rpc(struct cli *cli, int argc, char **argv);
int cmd_login(struct cli *cli, int argc, char **argv);
int cmd_logout(struct cli *cli, int argc, char **argv);
int cmd_whoami(struct cli *cli, int argc, char **argv);
int cmd_passwd(struct cli *cli, int argc, char **argv);
int cmd_coach(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_client(struct cli *cli, int argc, char **argv);
int cmd_case(struct cli *cli, int argc, char **argv);
int cmd_attempt(struct cli *cli, int argc, char **argv);
int cmd_note(struct cli *cli, int argc, char **argv);
int cmd_task(struct cli *cli, int argc, char **argv);
int cmd_settings(struct cli *cli, int argc, char **argv);
int cmd_today(struct cli *cli, int argc, char **argv);
int cmd_status(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_outbox(struct cli *cli, int argc, char **argv);
int cmd_digest(struct cli *cli, int argc, char **argv);
int cmd_calendar(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_search(struct cli *cli, int argc, char **argv);

// Verbs of `client` that deal with a client's personal data (cmd_privacy.c).
int cmd_client_export(struct cli *cli, int argc, char **argv);
int cmd_client_erase(struct cli *cli, int argc, char **argv);

// Verbs of `case` that live with the access codes (cmd_status.c).
int cmd_case_share(struct cli *cli, int argc, char **argv);
int cmd_case_unshare(struct cli *cli, int argc, char **argv);
int cmd_case_shares(struct cli *cli, int argc, char **argv);

#endif
