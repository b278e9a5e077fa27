/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-util.h - hyperlab-cli ($HYPERLAB_CLI) run as a user runs it, for
 * the CLI tests (test-cli.c, test-cli-sweep.c, test-cli-lr-find.c). */
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
/* In dir: wide.csv (5000 features, 20 rows) and wide.hyperlab.json, whose
 * 16384-unit layer is too big for that input (found once the data are
 * loaded); returns the config's path. */
char        *write_wide_csv_config (const char *dir);

G_END_DECLS
