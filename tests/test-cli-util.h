/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-util.h - hyperlab-cli ($HYPERLAB_CLI) run as a user runs it, for
 * the CLI tests (test-cli.c, test-cli-sweep.c, test-cli-lr-find.c, test-cli-outcome.c). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  int   status;    /* exit status, or -signal */
  char *out;
  char *err;
} Result;

void         result_clear  (Result *r);
/* hyperlab-cli with these arguments, its output piped. */
GSubprocess *spawn         (const char *const *args);
/* Its end: status and output (proc unreffed). */
Result       finish        (GSubprocess *proc);
Result       run_cli       (const char *const *args);
void         assert_status (const Result *r, int expected);
/* hyperlab-cli with these arguments exits with status and says exactly
 * the message printf makes of err_fmt on stderr; stdout is exactly out,
 * or not looked at if out is NULL.  A failure names the caller's line and
 * the command. */
#define assert_cli_err(...) assert_cli_err_at (__FILE__, __LINE__, G_STRFUNC, __VA_ARGS__)
void         assert_cli_err_at (const char *file, int line, const char *func, const char *const *args,
                                int status, const char *out, const char *err_fmt, ...) G_GNUC_PRINTF (7, 8);
/* In dir: wide.csv (5000 features, 20 rows) and wide.hyperlab.json, whose
 * 16384-unit layer is too big for that input (found once the data are
 * loaded); returns the config's path. */
char        *write_wide_csv_config (const char *dir);
/* cli (a hyperlab-cli) with these arguments in LANGUAGE=de, LC_ALL=C.UTF-8:
 * its stdout, logged; it must exit with 0. */
char        *test_cli_run_german (const char *cli, const char *const *args);

G_END_DECLS
