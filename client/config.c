// The client's config file: key=value lines under the XDG config directory,
// written with mode 0600 because it holds the session token.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "buf.h"
#include "banned.h"

void cli_config_path(char *out, size_t len)
{
        const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

        if (xdg && xdg[0] == '/')
                snprintf(out, len, "%s/reinstate/config", xdg);
        else
                snprintf(out, len, "%s/.config/reinstate/config", home ? home : ".");
}

void cli_config_load(struct cli *cli)
{
        char path[1024], line[1200];
        FILE *f;

        cli_config_path(path, sizeof(path));
        if ((f = fopen(path, "r")) == NULL)
                return;
        while (fgets(line, sizeof(line), f)) {
                char *eq = strchr(line, '='), *val;
                line[strcspn(line, "\r\n")] = '\0';
                if (line[0] == '#' || eq == NULL)
                        continue;
                *eq = '\0';
                val = eq + 1;
                if (strcmp(line, "server") == 0)
                        snprintf(cli->server, sizeof(cli->server), "%s", val);
                else if (strcmp(line, "token") == 0)
                        snprintf(cli->token, sizeof(cli->token), "%s", val);
                else if (strcmp(line, "ca_file") == 0)
                        snprintf(cli->ca_file, sizeof(cli->ca_file), "%s", val);
                else if (strcmp(line, "time_zone") == 0 && val[0] && getenv("TZ") == NULL)
                        setenv("TZ", val, 1); // typed dates and times are read in it
        }
        fclose(f);
}

// The time_zone line of the config file at path, if any, into out.
static void saved_zone(const char *path, char *out, size_t len)
{
        char line[1200];
        FILE *f = fopen(path, "r");

        out[0] = '\0';
        if (f == NULL)
                return;
        while (fgets(line, sizeof(line), f))
                if (strncmp(line, "time_zone=", 10) == 0) {
                        size_t n = strcspn(line + 10, "\r\n");
                        if (n < len) {
                                memcpy(out, line + 10, n);
                                out[n] = '\0';
                        }
                }
        fclose(f);
}

static int mkdir_p(char *path)
{
        for (char *p = path + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(path, 0700) != 0 && errno != EEXIST) {
                        *p = '/';
                        return -1;
                }
                *p = '/';
        }
        return 0;
}

int cli_config_save(const char *server, const char *token, const char *ca_file)
{
        char path[1024], tmp[1100], zone[256];
        struct buf b = BUF_INIT(64 * 1024);
        int fd = -1, rv = -1;
        FILE *f;

        cli_config_path(path, sizeof(path));
        if (mkdir_p(path) != 0)
                return -1;
        saved_zone(path, zone, sizeof(zone));
        if (buf_adds(&b, "# reinstate client settings; holds your session token\n") != 0 ||
            (server && server[0] && buf_printf(&b, "server=%s\n", server) != 0) ||
            (token && token[0] && buf_printf(&b, "token=%s\n", token) != 0) ||
            (ca_file && ca_file[0] && buf_printf(&b, "ca_file=%s\n", ca_file) != 0) ||
            (zone[0] && buf_printf(&b, "time_zone=%s\n", zone) != 0))
                goto out;
        snprintf(tmp, sizeof(tmp), "%s.tmp", path);
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || fchmod(fd, 0600) != 0)
                goto out;
        f = fdopen(fd, "w");
        if (f == NULL)
                goto out;
        fd = -1;
        if (fwrite(b.ptr, 1, b.len, f) != b.len) {
                fclose(f);
                goto out;
        }
        if (fclose(f) != 0 || rename(tmp, path) != 0)
                goto out;
        rv = 0;
out:
        if (fd >= 0)
                close(fd);
        buf_fini(&b);
        return rv;
}
