/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-record.c - a sweep's record in the run store (.sweeps/<id>/):
 * what continues it without its file, kept up to date as its trials start
 * and end, read back to resume it, listed, and removed once it is done.
 * (Opening a record and listing them: hl-sweep-record-open.c.) */
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include "hl-sweep.h"
#include "hl-sweep-private.h"
#include "hl-sweep-record-private.h"
#include "hl-config-private.h"
#include "hl-error.h"

gboolean
hl_sweep_status_is_final (HlRunStatus status)
{
  return status == HL_RUN_STATUS_COMPLETED || status == HL_RUN_STATUS_EARLY_STOPPED
         || status == HL_RUN_STATUS_DIVERGED;
}

gboolean
hl_sweep_is_finished (const HlSweep *self)
{
  for (guint k = 0; k < self->trials->len; k++)
    {
      const HlSweepTrial *t = self->trials->pdata[k];
      if (t->state != HL_SWEEP_TRIAL_DONE || !hl_sweep_status_is_final (t->run_status))
        return FALSE;
    }
  return TRUE;
}

char *
hl_sweep_record_dir_for (HlStore *store, const char *id)
{
  return g_build_filename (hl_store_get_dir (store), HL_SWEEPS_DIR, id, NULL);
}

/* ---- writing ------------------------------------------------------------------ */

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* {"trial": 3, "label": "…", "run": "…", "status": "cancelled"}: the run
 * once it has one, its status once it has started (running) or ended. */
static void
build_trial (JsonBuilder *b, const HlSweepTrial *t)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "trial");
  json_builder_add_int_value (b, t->index);
  add_string (b, "label", t->label);
  if (t->run_id != NULL)
    add_string (b, "run", t->run_id);
  if (t->state == HL_SWEEP_TRIAL_DONE)
    add_string (b, "status", hl_run_status_to_string (t->run_status));
  else if (t->state == HL_SWEEP_TRIAL_RUNNING && t->run_id != NULL)
    add_string (b, "status", "running");
  else if (t->state == HL_SWEEP_TRIAL_FAILED)
    {
      add_string (b, "status", "failed");
      add_string (b, "error", t->error);
    }
  json_builder_end_object (b);
}

static JsonNode *
record_to_json (const HlSweep *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  JsonNode *spec = json_from_string (self->spec, NULL);

  json_builder_begin_object (b);
  add_string (b, "format", HL_SWEEP_RECORD_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, HL_SWEEP_RECORD_VERSION);
  add_string (b, "id", self->id);
  add_string (b, "name", self->name);
  json_builder_set_member_name (b, "created");
  json_builder_add_int_value (b, self->record_created);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, g_get_real_time ());
  json_builder_set_member_name (b, "slurm");
  json_builder_add_boolean_value (b, self->slurm);
  /* optional (readers before it ignore it) */
  if (self->slurm_job != NULL)
    add_string (b, "slurm_job", self->slurm_job);
  add_string (b, "base_dir", self->base_dir);
  /* optional: what a resumed sweep names in its warnings, and -o must not
   * overwrite */
  if (self->file != NULL)
    add_string (b, "file", self->file);
  if (self->base_file != NULL)
    add_string (b, "base_file", self->base_file);
  json_builder_set_member_name (b, "sets");
  json_builder_begin_array (b);
  for (guint i = 0; self->sets != NULL && self->sets[i] != NULL; i++)
    json_builder_add_string_value (b, self->sets[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "spec");
  json_builder_add_value (b, spec);
  json_builder_set_member_name (b, "trials");
  json_builder_begin_array (b);
  for (guint k = 0; k < self->trials->len; k++)
    build_trial (b, self->trials->pdata[k]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
hl_sweep_record_save (HlSweep *self, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize len;

  if (self->record_dir == NULL)
    return TRUE;
  path = g_build_filename (self->record_dir, HL_SWEEP_RECORD_FILE, NULL);
  root = record_to_json (self);
  /* not json_to_string: json-glib 1.6 writes 1e-08 as "1e-08.0" */
  data = hl_json_to_data (root, TRUE, &len);
  return hl_file_save_atomic (path, data, len, HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO, error);
}

gboolean
hl_sweep_record_create (HlSweep *self, HlStore *store, GError **error)
{
  g_autofree char *id = hl_run_new_id ();
  g_autofree char *dir = hl_sweep_record_dir_for (store, id);
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (self->record_dir == NULL, FALSE);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO, _("%s: cannot make the sweep's record: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }
  if ((self->record_lock = hl_store_lock_run_in (dir, HL_SWEEP_LOCK_ID, &local)) == NULL)
    {
      g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO, "%s", local->message);
      g_rmdir (dir);
      return FALSE;
    }
  self->id = g_steal_pointer (&id);
  self->record_dir = g_steal_pointer (&dir);
  self->record_created = g_get_real_time ();
  g_free (self->pruning_state);
  self->pruning_state = g_build_filename (self->record_dir, HL_SWEEP_RUNGS_FILE, NULL);
  if (hl_sweep_record_save (self, error))
    return TRUE;
  hl_sweep_record_remove_dir (self->record_dir, NULL);
  g_clear_pointer (&self->record_lock, hl_store_unlock);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->record_dir, g_free);
  return FALSE;
}

/* ---- removing ----------------------------------------------------------------- */

guint
hl_sweep_record_remove_dir (const char *dir, gboolean (*keep) (const char *name))
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *lock_name = g_strconcat (HL_SWEEP_LOCK_ID, ".lock", NULL);
  const char *name;
  guint kept = 0;

  /* the record first: a half-removed folder is not a sweep to continue */
  {
    g_autofree char *record = g_build_filename (dir, HL_SWEEP_RECORD_FILE, NULL);
    g_unlink (record);
  }
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      /* the lock goes with its holder's unlock */
      if (g_str_equal (name, lock_name) || (keep != NULL && keep (name)))
        {
          kept += !g_str_equal (name, lock_name);
          continue;
        }
      if (g_unlink (path) != 0 && errno != ENOENT)
        kept++;
    }
  return kept;
}

static void
remove_empty_dirs (const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);

  /* both fail, harmlessly, while anything is left in them */
  g_rmdir (dir);
  g_rmdir (parent);
}

gboolean
hl_sweep_record_close (HlSweep *self, gboolean (*keep) (const char *name))
{
  g_autoptr(GError) error = NULL;
  gboolean finished;

  if (self->record_dir == NULL || self->record_lock == NULL)
    return FALSE;
  finished = hl_sweep_is_finished (self);
  if (finished)
    hl_sweep_record_remove_dir (self->record_dir, keep);
  else if (!hl_sweep_record_save (self, &error))
    g_warning ("%s", error->message);
  g_clear_pointer (&self->record_lock, hl_store_unlock);
  if (finished)
    remove_empty_dirs (self->record_dir);
  return finished;
}

void
hl_sweep_record_discard (HlSweep *self)
{
  if (self->record_dir == NULL)
    return;
  hl_sweep_record_remove_dir (self->record_dir, NULL);
  g_clear_pointer (&self->record_lock, hl_store_unlock);
  remove_empty_dirs (self->record_dir);
  g_clear_pointer (&self->record_dir, g_free);
  g_clear_pointer (&self->id, g_free);
}

gboolean
hl_sweep_record_forget (HlStore *store, const char *id, GError **error)
{
  g_autofree char *dir = NULL;
  HlStoreLock *lock;

  if (!hl_sweep_record_check_id (store, id, &dir, error))
    return FALSE;
  if ((lock = hl_sweep_record_lock (dir, id, error)) == NULL)
    return FALSE;
  hl_sweep_record_remove_dir (dir, NULL);
  hl_store_unlock (lock);
  remove_empty_dirs (dir);
  return TRUE;
}
