/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-error.c - error domain quarks, and the errno a run error keeps. */
#include <errno.h>
#include <gio/gio.h>
#include "hl-error.h"

G_DEFINE_QUARK (hl-config-error-quark, hl_config_error)
G_DEFINE_QUARK (hl-dataset-error-quark, hl_dataset_error)
G_DEFINE_QUARK (hl-plugin-error-quark, hl_plugin_error)
G_DEFINE_QUARK (hl-train-error-quark, hl_train_error)
G_DEFINE_QUARK (hl-sweep-error-quark, hl_sweep_error)

/* A write's errors were flattened into HL_RUN_ERROR_IO, and the CLI looked
 * for g_strerror's words in the message to tell a full disk from a folder
 * without write permission: the errno goes along instead. */
typedef struct {
  int errsv;
} HlRunErrorPrivate;

/* Where GLib puts an extended domain's private data: before the GError,
 * as G_DEFINE_EXTENDED_ERROR (gerror.h) finds it.  That macro is not used:
 * it would rename the domain's quark to "HlRunError". */
static HlRunErrorPrivate *
run_error_private (const GError *error)
{
  const gsize sa = 2 * sizeof (gsize);
  const gsize as = (sizeof (HlRunErrorPrivate) + (sa - 1)) & -sa;

  return (HlRunErrorPrivate *) (((guint8 *) error) - as);
}

static void
run_error_init (GError *error)
{
  run_error_private (error)->errsv = 0;
}

static void
run_error_copy (const GError *src, GError *dest)
{
  run_error_private (dest)->errsv = run_error_private (src)->errsv;
}

static void
run_error_clear (GError *error)
{
  (void) error;
}

GQuark
hl_run_error_quark (void)
{
  static GQuark q;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      q = g_error_domain_register_static ("hl-run-error-quark", sizeof (HlRunErrorPrivate),
                                          run_error_init, run_error_copy, run_error_clear);
      g_once_init_leave (&initialized, 1);
    }
  return q;
}

void
hl_error_set_errno (GError **error, int errsv)
{
  if (error == NULL || *error == NULL || (*error)->domain != HL_RUN_ERROR)
    return;
  run_error_private (*error)->errsv = errsv;
}

/* GFileError has a code for each errno it knows, and only one errno for
 * each: the one that g_file_error_from_errno turns into this code. */
static int
errno_of_file_error (int code)
{
  static const int known[] = {
    EEXIST, EISDIR, EACCES, ENAMETOOLONG, ENOENT, ENOTDIR, ENXIO, ENODEV, EROFS, ETXTBSY,
    EFAULT, ELOOP, ENOSPC, ENOMEM, EMFILE, ENFILE, EBADF, EINVAL, EPIPE, EAGAIN, EINTR,
    EIO, EPERM, ENOSYS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if ((int) g_file_error_from_errno (known[i]) == code)
      return known[i];
  return 0;
}

int
hl_error_get_errno (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);
  if (error->domain == HL_RUN_ERROR)
    return run_error_private (error)->errsv;
  if (error->domain == G_FILE_ERROR && error->code != G_FILE_ERROR_FAILED)
    return errno_of_file_error (error->code);
  return 0;
}

HlSaveCause
hl_error_save_cause (const GError *error)
{
  g_return_val_if_fail (error != NULL, HL_SAVE_CAUSE_OTHER);
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_NO_SPACE:
        return HL_SAVE_CAUSE_NO_ROOM;
      case G_IO_ERROR_PERMISSION_DENIED: case G_IO_ERROR_READ_ONLY:
        return HL_SAVE_CAUSE_NOT_WRITABLE;
      default:
        return HL_SAVE_CAUSE_OTHER;
      }
  switch (hl_error_get_errno (error))
    {
    case ENOSPC: case EDQUOT:
      return HL_SAVE_CAUSE_NO_ROOM;
    case EACCES: case EPERM: case EROFS:
      return HL_SAVE_CAUSE_NOT_WRITABLE;
    default:
      return HL_SAVE_CAUSE_OTHER;
    }
}
