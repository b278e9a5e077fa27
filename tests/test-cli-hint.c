/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-hint.c - the advice hyperlab-cli gives when a run's results
 * cannot be saved follows the error: it said "make room" for every error,
 * a folder without write permission or one that is gone included (found
 * by a QA pass).  Errors are made here: as root, a real EACCES is hard to
 * come by (tests/test-store-save-cause.c makes real ones).  The cause is
 * the errno the error keeps (hl_error_save_cause), never the system's
 * words in its message: those were looked for, and a file name holding
 * them, or a message in other words, gave the wrong advice. */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "hl-cli.h"

typedef struct {
  const char *name;
  GQuark    (*domain) (void);
  int         code;
  int         errsv;     /* > 0: kept by the error (hl_error_set_errno), as the store's writes do */
  int         words;     /* > 0: the message carries g_strerror (words) */
  const char *expected;  /* in the hint */
} HintCase;

static GQuark file_error (void) { return G_FILE_ERROR; }
static GQuark io_error (void) { return G_IO_ERROR; }
static GQuark run_error (void) { return HL_RUN_ERROR; }
static GQuark config_error (void) { return HL_CONFIG_ERROR; }

static const HintCase cases[] = {
  { "file-nospc", file_error, G_FILE_ERROR_NOSPC, 0, 0, "make room" },
  { "file-acces", file_error, G_FILE_ERROR_ACCES, 0, 0, "the folder /srv/runs is not writable" },
  { "file-perm", file_error, G_FILE_ERROR_PERM, 0, 0, "the folder /srv/runs is not writable" },
  { "file-rofs", file_error, G_FILE_ERROR_ROFS, 0, 0, "the folder /srv/runs is not writable" },
  { "file-noent", file_error, G_FILE_ERROR_NOENT, 0, 0, "fix the cause above" },
  { "io-no-space", io_error, G_IO_ERROR_NO_SPACE, 0, 0, "make room" },
  { "io-permission", io_error, G_IO_ERROR_PERMISSION_DENIED, 0, 0, "the folder /srv/runs is not writable" },
  /* as the store's atomic write and hl_run_save report them */
  { "run-io-nospc", run_error, HL_RUN_ERROR_IO, ENOSPC, ENOSPC, "make room" },
  { "run-io-dquot", run_error, HL_RUN_ERROR_IO, EDQUOT, EDQUOT, "make room" },
  { "run-io-acces", run_error, HL_RUN_ERROR_IO, EACCES, EACCES, "the folder /srv/runs is not writable" },
  { "run-io-perm", run_error, HL_RUN_ERROR_IO, EPERM, EPERM, "the folder /srv/runs is not writable" },
  { "run-io-rofs", run_error, HL_RUN_ERROR_IO, EROFS, EROFS, "the folder /srv/runs is not writable" },
  { "run-io-noent", run_error, HL_RUN_ERROR_IO, ENOENT, ENOENT, "fix the cause above" },
  { "run-io-fbig", run_error, HL_RUN_ERROR_IO, EFBIG, EFBIG, "fix the cause above" },
  { "run-not-overwritten", run_error, HL_RUN_ERROR_IO, 0, 0, "fix the cause above" },
  /* the errno decides, not the words: a message in other words (another
   * language than g_strerror's now), words that are not the cause (a
   * folder's name), words with no errno kept */
  { "run-io-nospc-other-words", run_error, HL_RUN_ERROR_IO, ENOSPC, 0, "make room" },
  { "run-io-acces-words-of-nospc", run_error, HL_RUN_ERROR_IO, EACCES, ENOSPC,
    "the folder /srv/runs is not writable" },
  { "run-io-words-only", run_error, HL_RUN_ERROR_IO, 0, ENOSPC, "fix the cause above" },
  /* a config error keeps no errno: its words are not a cause either */
  { "config-io-words", config_error, HL_CONFIG_ERROR_IO, 0, EACCES, "fix the cause above" },
};

static void
test_hint (gconstpointer data)
{
  const HintCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;

  if (c->words > 0)
    error = g_error_new (c->domain (), c->code, "/srv/runs/abc.run.json: cannot write: %s", g_strerror (c->words));
  else if (c->errsv > 0)   /* "Auf dem Gerät ist kein Speicherplatz mehr verfügbar" */
    error = g_error_new (c->domain (), c->code, "/srv/runs/abc.run.json: cannot write: %s",
                         "(other words)");
  else
    error = g_error_new (c->domain (), c->code, "/srv/runs/abc.run.json: not overwritten, it holds another run (x)");
  hl_error_set_errno (&error, c->errsv);
  hint = hl_cli_unsaved_hint (error, "/srv/runs/abc.run.json", "abc");
  g_test_message ("%s", hint);
  g_assert_nonnull (strstr (hint, c->expected));
  g_assert_true (g_str_has_prefix (hint, "hyperlab-cli: these results are not saved; the run keeps its last checkpoint: "));
  g_assert_true (g_str_has_suffix (hint, "“hyperlab-cli resume abc” trains it on from there\n"));
  /* one hint, not two */
  if (strcmp (c->expected, "make room") != 0)
    g_assert_null (strstr (hint, "make room"));
}

/* In the CLI's process: its store is a tmpfs of 32 KiB that no one else
 * sees, where the run's first record and checkpoint fit and its final
 * record does not.  77: no mount namespace here (not root, a container). */
static void
tiny_store (gpointer dir)
{
  if (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0
      || mount ("tmpfs", dir, "tmpfs", 0, "size=32k") != 0)
    _exit (77);
}

typedef struct {
  const char *language;
  const char *hint;
} DiskFullCase;

static const DiskFullCase disk_full_cases[] = {
  { "en", "checkpoint: make room, then “hyperlab-cli resume " },
  /* the system's words for ENOSPC are German too then */
  { "de", "letzte Sicherung: Platz schaffen, dann trainiert „hyperlab-cli resume " },
};

/* The real CLI on a full disk gives the hint for it, in English and in
 * German. */
static void
test_disk_full (gconstpointer data)
{
  const DiskFullCase *c = data;
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-hint-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "xor.hyperlab.json", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  g_subprocess_launcher_setenv (launcher, "LANGUAGE", c->language, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, tiny_store, dir, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HYPERLAB_CLI"), "run", config,
                                      "--set", "early_stopping.enabled=false", "--set", "training.epochs=300",
                                      "--store", dir, "--quiet", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_rmdir (dir);
  if (g_subprocess_get_exit_status (proc) == 77)
    {
      g_test_skip ("no mount namespace with a tmpfs here");
      return;
    }
  g_test_message ("%s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_nonnull (strstr (err, c->hint));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/unsaved-hint/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_hint);
    }
  for (guint i = 0; i < G_N_ELEMENTS (disk_full_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/unsaved-hint/disk-full/%s", disk_full_cases[i].language);
      g_test_add_data_func (path, &disk_full_cases[i], test_disk_full);
    }
  return g_test_run ();
}
