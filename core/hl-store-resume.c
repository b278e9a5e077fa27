/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store-resume.c - sets up a trainer that continues an interrupted run
 * from its checkpoint sidecar, holding the run's lock. */
#include <glib/gi18n-lib.h>
#include "hl-error.h"
#include "hl-trainer.h"
#include "hl-store-private.h"

/* How often a resumed run writes its record and sidecar. */
#define RESUME_CHECKPOINT_SECONDS 10.0

static gboolean
check_resumable (const HlRun *run, GError **error)
{
  if (run->status == HL_RUN_STATUS_INTERRUPTED || run->status == HL_RUN_STATUS_CANCELLED)
    return TRUE;
  if (run->status == HL_RUN_STATUS_RUNNING)
    g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED,
                 /* TRANSLATORS: %s is a run id */
                 _("run %s is being trained by another process"), run->id);
  else
    g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT,
                 /* TRANSLATORS: a run id, then its status ("Completed", "Failed", ...) */
                 _("run %s is %s; only interrupted or cancelled runs can be resumed"),
                 run->id, hl_run_status_to_string (run->status));
  return FALSE;
}

HlTrainer *
hl_store_resume_trainer (HlStore *self, const char *id, HlPluginRegistry *registry,
                         HlStoreLock **lock, GError **error)
{
  g_autoptr(HlRun) run = NULL;
  g_autofree char *path = NULL;
  HlStoreLock *held;
  HlTrainer *trainer;

  g_return_val_if_fail (lock != NULL, NULL);
  *lock = NULL;
  if ((run = hl_store_load (self, id, error)) == NULL || !check_resumable (run, error))
    return NULL;
  if ((held = hl_store_lock_run (self, id, error)) == NULL)
    return NULL;
  path = hl_store_path_for (self, id);
  /* Read again under the lock: another resume may have finished the run
   * between the check above and the lock.  "running" now means its process
   * died (we hold the lock). */
  g_clear_pointer (&run, hl_run_free);
  if ((run = hl_run_load (path, error)) != NULL && run->status == HL_RUN_STATUS_RUNNING)
    run->status = HL_RUN_STATUS_INTERRUPTED;
  /* (the data it trained on are checked by the trainer, on its thread) */
  if (run == NULL || !check_resumable (run, error))
    {
      hl_store_unlock (held);
      return NULL;
    }
  if (run->path == NULL)
    run->path = g_strdup (path);
  trainer = hl_trainer_new (run->config, registry, error);
  if (trainer == NULL || !hl_trainer_set_resume (trainer, run, error))
    {
      g_clear_pointer (&trainer, hl_trainer_free);
      hl_store_unlock (held);
      return NULL;
    }
  hl_trainer_set_checkpoint (trainer, path, RESUME_CHECKPOINT_SECONDS);
  /* the writes its killed process never finished (we hold its lock) */
  hl_store_remove_leftovers (self, id);
  *lock = held;
  return trainer;
}
