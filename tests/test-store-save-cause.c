/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-save-cause.c - a write that the system refuses keeps its
 * errno in the HL_RUN_ERROR_IO it becomes, so hl_error_save_cause tells a
 * full disk from a folder that takes no files.  The store's and
 * hl_run_save's errors kept only g_strerror's words in the message, and
 * the CLI looked for those (its hint believed a file name that held them).
 * Real failures, each in a child process of its own: a file size limit
 * (EFBIG), a folder without write permission as a user that is not root
 * (EACCES), and a tiny or read-only tmpfs in a mount namespace of its own
 * (ENOSPC, EROFS; skipped where the namespace cannot be had). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "hl-checkpoint.h"
#include "test-store-util.h"

void hl_test_add_store_save_cause (void);

/* Big enough for any of the limits below: some 200 KB of JSON. */
#define BIG_RUN_POINTS 2000

/* Save a run both ways, and a checkpoint, into dir, asserting HL_RUN_ERROR_IO with errsv and
 * cause from each. */
static void
assert_saves_fail (const char *dir, int errsv, HlSaveCause cause)
{
  g_autoptr(HlRun) run = hl_test_make_run ("big", "big", HL_RUN_STATUS_COMPLETED, BIG_RUN_POINTS);
  g_autofree char *path = g_build_filename (dir, "out.run.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(HlStore) store = hl_store_new (dir, &error);

  g_assert_no_error (error);
  g_assert_false (hl_store_save (store, run, &error));
  g_test_message ("store: %s", error->message);
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO);
  g_assert_cmpint (hl_error_get_errno (error), ==, errsv);
  g_assert_cmpint (hl_error_save_cause (error), ==, cause);
  /* a copy (g_task_propagate_error, g_error_copy) keeps it too */
  copy = g_error_copy (error);
  g_assert_cmpint (hl_error_get_errno (copy), ==, errsv);
  g_clear_error (&error);

  g_assert_false (hl_run_save (run, path, &error));
  g_test_message ("record: %s", error->message);
  g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO);
  g_assert_cmpint (hl_error_get_errno (error), ==, errsv);
  g_assert_cmpint (hl_error_save_cause (error), ==, cause);
  g_clear_error (&error);

  /* the checkpoint beside it: 64 KiB of parameters */
  {
    g_autofree float *params = g_new0 (float, 16384);
    guint32 perm[4] = { 0, 1, 2, 3 };
    g_autofree char *ckpt = hl_checkpoint_path_for_run (path);
    HlCheckpoint ck = { .n_inputs = 2, .n_outputs = 2, .n_params = 16384, .n_train = 4, .batch = 4,
                        .steps_per_epoch = 1, .optimizer_id = (char *) "sgd",
                        .schedule_id = (char *) "constant", .params = params, .perm = perm };

    g_assert_false (hl_checkpoint_save (&ck, ckpt, &error));
    g_test_message ("checkpoint: %s", error->message);
    g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO);
    g_assert_cmpint (hl_error_get_errno (error), ==, errsv);
    g_assert_cmpint (hl_error_save_cause (error), ==, cause);
  }
}

/* EFBIG: every save keeps the errno as it is. */
static void
test_file_size_limit (void)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  {
    g_autofree char *dir = g_dir_make_tmp ("hl-save-cause-XXXXXX", NULL);
    struct rlimit small = { 16 * 1024, 16 * 1024 };

    signal (SIGXFSZ, SIG_IGN);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
    /* the record's and the checkpoint's saves too (GLib's
     * g_file_set_contents_full, used there before, turned EFBIG into
     * G_FILE_ERROR_FAILED) */
    assert_saves_fail (dir, EFBIG, HL_SAVE_CAUSE_OTHER);
    hl_test_rm_rf (dir);
  }
}

/* EACCES: root writes anywhere, so root becomes nobody first. */
static void
test_folder_not_writable (void)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  {
    g_autofree char *dir = NULL;
    g_autofree char *sub = NULL;
    g_autoptr(GError) error = NULL;

    if (geteuid () == 0)
      {
        /* in /tmp, which nobody may enter (the build folder's tmp is in a
         * tree that need not be open to others) */
        dir = g_mkdtemp (g_build_filename ("/tmp", "hl-save-cause-XXXXXX", NULL));
        g_assert_nonnull (dir);
        g_assert_cmpint (chown (dir, 65534, 65534), ==, 0);
        g_assert_cmpint (setgid (65534), ==, 0);
        g_assert_cmpint (setuid (65534), ==, 0);
        /* dumpable again (a change of user clears it): LeakSanitizer's
         * stop-the-world needs it at exit */
        prctl (PR_SET_DUMPABLE, 1);
      }
    else
      dir = g_dir_make_tmp ("hl-save-cause-XXXXXX", NULL);
    g_assert_nonnull (dir);
    g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
    assert_saves_fail (dir, EACCES, HL_SAVE_CAUSE_NOT_WRITABLE);
    /* and a store that cannot be made there */
    sub = g_build_filename (dir, "store", NULL);
    g_assert_null (hl_store_new (sub, &error));
    g_assert_error (error, HL_RUN_ERROR, HL_RUN_ERROR_IO);
    g_assert_cmpint (hl_error_get_errno (error), ==, EACCES);
    g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
    hl_test_rm_rf (dir);
  }
}

/* A tmpfs on dir, seen by this process only (and gone with it). */
static gboolean
mount_tmpfs (const char *dir, unsigned long flags, const char *options)
{
  return unshare (CLONE_NEWNS) == 0 && mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0
         && mount ("tmpfs", dir, "tmpfs", flags, options) == 0;
}

/* Whether a child may have a mount namespace and a tmpfs (root, or
 * CAP_SYS_ADMIN; not in every container). */
static gboolean
can_mount_tmpfs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-save-cause-XXXXXX", NULL);
  int status = 1;
  pid_t pid = fork ();

  if (pid == 0)
    _exit (mount_tmpfs (dir, 0, "size=16k") ? 0 : 1);
  if (pid > 0)
    waitpid (pid, &status, 0);
  g_rmdir (dir);
  return pid > 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

typedef struct {
  const char   *name;
  unsigned long flags;
  const char   *options;
  int           errsv;
  HlSaveCause   cause;
} TmpfsCase;

static const TmpfsCase tmpfs_cases[] = {
  { "disk-full", 0, "size=16k", ENOSPC, HL_SAVE_CAUSE_NO_ROOM },
  { "read-only", MS_RDONLY, "size=16k", EROFS, HL_SAVE_CAUSE_NOT_WRITABLE },
};

static void
test_tmpfs (gconstpointer data)
{
  const TmpfsCase *c = data;

  if (!g_test_subprocess ())
    {
      if (!can_mount_tmpfs ())
        {
          g_test_skip ("no mount namespace with a tmpfs here");
          return;
        }
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  {
    g_autofree char *dir = g_dir_make_tmp ("hl-save-cause-XXXXXX", NULL);

    g_assert_true (mount_tmpfs (dir, c->flags, c->options));
    assert_saves_fail (dir, c->errsv, c->cause);
    g_assert_cmpint (umount (dir), ==, 0);
    g_rmdir (dir);
  }
}

/* The cause is the errno's, whatever the message says: a file name that
 * holds the system's words for ENOSPC is not a full disk. */
static void
test_not_from_words (void)
{
  g_autoptr(GError) error = NULL;

  g_set_error (&error, HL_RUN_ERROR, HL_RUN_ERROR_IO, "/srv/%s/r.run.json: cannot write: %s",
               g_strerror (ENOSPC), g_strerror (EACCES));
  g_assert_cmpint (hl_error_save_cause (error), ==, HL_SAVE_CAUSE_OTHER);
  hl_error_set_errno (&error, EACCES);
  g_assert_cmpint (hl_error_save_cause (error), ==, HL_SAVE_CAUSE_NOT_WRITABLE);
  hl_error_set_errno (&error, EDQUOT);
  g_assert_cmpint (hl_error_save_cause (error), ==, HL_SAVE_CAUSE_NO_ROOM);
  g_clear_error (&error);
  /* other domains keep no errno, and are not changed */
  g_set_error_literal (&error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_IO, "x");
  hl_error_set_errno (&error, ENOSPC);
  g_assert_cmpint (hl_error_get_errno (error), ==, 0);
  g_assert_cmpint (hl_error_save_cause (error), ==, HL_SAVE_CAUSE_OTHER);
  g_clear_error (&error);
  g_set_error_literal (&error, G_FILE_ERROR, G_FILE_ERROR_NOSPC, "x");
  g_assert_cmpint (hl_error_get_errno (error), ==, ENOSPC);
  g_assert_cmpint (hl_error_save_cause (error), ==, HL_SAVE_CAUSE_NO_ROOM);
  g_clear_error (&error);
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_READ_ONLY, "x");
  g_assert_cmpint (hl_error_save_cause (error), ==, HL_SAVE_CAUSE_NOT_WRITABLE);
  hl_error_set_errno (NULL, ENOSPC);
}

void
hl_test_add_store_save_cause (void)
{
  g_test_add_func ("/store/save-cause/not-from-words", test_not_from_words);
  g_test_add_func ("/store/save-cause/file-size-limit", test_file_size_limit);
  g_test_add_func ("/store/save-cause/folder-not-writable", test_folder_not_writable);
  for (guint i = 0; i < G_N_ELEMENTS (tmpfs_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/store/save-cause/%s", tmpfs_cases[i].name);
      g_test_add_data_func (path, &tmpfs_cases[i], test_tmpfs);
    }
}
