/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-record-open.c - a sweep's record read back: the sweep rebuilt
 * from its spec with each trial's run (finished ones kept, cancelled or
 * killed ones to resume, the rest to start), and the store's records
 * listed. */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include "hl-sweep.h"
#include "hl-sweep-private.h"
#include "hl-sweep-record-private.h"
#include "hl-config-private.h"
#include "hl-error.h"

gboolean
hl_sweep_record_check_id (HlStore *store, const char *id, char **dir, GError **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *record = NULL;

  if (hl_store_id_is_valid (id))
    {
      folder = hl_sweep_record_dir_for (store, id);
      record = g_build_filename (folder, HL_SWEEP_RECORD_FILE, NULL);
    }
  if (record == NULL || !g_file_test (record, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_NOT_FOUND,
                   _("no sweep “%s” to continue in the run store %s (“hyperlab-cli sweep --list” lists them)"),
                   id != NULL ? id : "", hl_store_get_dir (store));
      return FALSE;
    }
  *dir = g_steal_pointer (&folder);
  return TRUE;
}

HlStoreLock *
hl_sweep_record_lock (const char *dir, const char *id, GError **error)
{
  g_autoptr(GError) local = NULL;
  HlStoreLock *lock = hl_store_lock_run_in (dir, HL_SWEEP_LOCK_ID, &local);

  if (lock != NULL)
    return lock;
  if (g_error_matches (local, HL_RUN_ERROR, HL_RUN_ERROR_LOCKED))
    g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_BUSY,
                 _("sweep %s is being trained by another process"), id);
  else
    g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO, "%s", local->message);
  return NULL;
}

/* ---- reading ------------------------------------------------------------------ */

/* Sets the error; returns NULL for the callers' convenience. */
static gpointer
corrupt (GError **error, const char *path, const char *field, const char *want)
{
  g_autofree char *shown = g_filename_display_name (path);

  /* TRANSLATORS: a file name, a field name, then what is wrong with it */
  g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_CORRUPT, _("%s: %s: %s (the sweep's record is damaged; "
               "“hyperlab-cli sweep --forget ID” removes it)"), shown, field, _(want));
  return NULL;
}

/* The record's object, its header checked; NULL with the error naming path. */
static JsonNode *
read_record (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;
  JsonNode *trials;
  gsize len;
  gint64 version;

  if (!hl_file_read (path, &data, &len, HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO, error)
      || (root = hl_json_parse (data, (gssize) len, path, HL_SWEEP_ERROR, HL_SWEEP_ERROR_PARSE, error)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return corrupt (error, path, _("(top level)"), N_("expected a JSON object"));
  o = json_node_get_object (root);
  if (g_strcmp0 (hl_json_get_string (o, "format"), HL_SWEEP_RECORD_FORMAT) != 0)
    {
      g_autofree char *shown = g_filename_display_name (path);
      g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_FORMAT, _("%s: format: not a Hyperlab sweep record "
                     "(expected \"%s\")"), shown, HL_SWEEP_RECORD_FORMAT);
      return NULL;
    }
  version = hl_json_get_int (o, "version", -1);
  if (version != HL_SWEEP_RECORD_VERSION)
    {
      g_autofree char *shown = g_filename_display_name (path);
      g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_VERSION,
                   version > HL_SWEEP_RECORD_VERSION
                   /* TRANSLATORS: a file name, the record's version, then the version Hyperlab reads */
                   ? _("%s: version: sweep record version %lld is newer than this Hyperlab knows "
                       "(this Hyperlab reads version %d)")
                   : _("%s: version: sweep record version %lld is not supported (this Hyperlab reads version %d)"),
                   shown, (long long) version, HL_SWEEP_RECORD_VERSION);
      return NULL;
    }
  trials = json_object_get_member (o, "trials");
  if (trials == NULL || !JSON_NODE_HOLDS_ARRAY (trials))
    return corrupt (error, path, "trials", N_("missing or not a list"));
  return g_steal_pointer (&root);
}

/* A trial's entry of the record: its label must be the one the spec gives. */
static gboolean
take_trial (HlSweepTrial *t, JsonNode *n, const char *path, GError **error)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
  g_autofree char *field = g_strdup_printf ("trials[%u]", t->index - 1);

  if (o == NULL || hl_json_get_int (o, "trial", 0) != t->index)
    {
      corrupt (error, path, field, N_("not this trial's entry"));
      return FALSE;
    }
  if (g_strcmp0 (hl_json_get_string (o, "label"), t->label) != 0)
    {
      corrupt (error, path, field, N_("its settings are not the ones the sweep gives"));
      return FALSE;
    }
  g_free (t->run_id);
  t->run_id = g_strdup (hl_json_get_string (o, "run"));
  if (t->run_id != NULL && !hl_store_id_is_valid (t->run_id))
    {
      corrupt (error, path, field, N_("an invalid run id"));
      return FALSE;
    }
  return TRUE;
}

/* An optional file name of the record (absent or null: none). */
static gboolean
take_file (JsonObject *o, const char *name, const char *path, char **file, GError **error)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    {
      corrupt (error, path, name, N_("expected a file name or null"));
      return FALSE;
    }
  g_free (*file);
  *file = g_strdup (json_node_get_string (n));
  return TRUE;
}

static HlSweep *
sweep_of_record (JsonObject *o, const char *path, HlPluginRegistry *registry, GError **error)
{
  JsonNode *spec = json_object_get_member (o, "spec");
  JsonNode *sets_node = json_object_get_member (o, "sets");
  JsonNode *base_dir = json_object_get_member (o, "base_dir");
  JsonArray *trials = json_object_get_array_member (o, "trials");
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  g_autoptr(HlSweep) sweep = NULL;
  const char *name = hl_json_get_string (o, "name");
  const char *spec_name, *dir;

  if (spec == NULL || !JSON_NODE_HOLDS_OBJECT (spec))
    return corrupt (error, path, "spec", N_("missing or not an object"));
  spec_name = hl_json_get_string (json_node_get_object (spec), "name");
  if (base_dir != NULL && !JSON_NODE_HOLDS_NULL (base_dir) && json_node_get_value_type (base_dir) != G_TYPE_STRING)
    return corrupt (error, path, "base_dir", N_("expected a folder name or null"));
  for (guint i = 0; sets_node != NULL && JSON_NODE_HOLDS_ARRAY (sets_node)
                    && i < json_array_get_length (json_node_get_array (sets_node)); i++)
    {
      JsonNode *s = json_array_get_element (json_node_get_array (sets_node), i);
      if (!JSON_NODE_HOLDS_VALUE (s) || json_node_get_value_type (s) != G_TYPE_STRING)
        return corrupt (error, path, "sets", N_("expected a list of PATH=VALUE strings"));
      g_ptr_array_add (sets, (gpointer) json_node_get_string (s));
    }
  g_ptr_array_add (sets, NULL);
  /* a sweep its file named ("lr.sweep.json": "lr") is called that again,
   * not after the record's file ("sweep") */
  if (name != NULL && (spec_name == NULL || *spec_name == '\0'))
    json_object_set_string_member (json_node_get_object (spec), "name", name);
  dir = base_dir != NULL && !JSON_NODE_HOLDS_NULL (base_dir) ? json_node_get_string (base_dir) : NULL;
  sweep = hl_sweep_from_spec (spec, path, dir, (const char *const *) sets->pdata, FALSE, registry, error);
  if (sweep == NULL)
    return NULL;
  /* a grid listing a value twice made a trial for each before 28 Nov
   * 2026: such a record opens as it was made */
  if (json_array_get_length (trials) > sweep->trials->len)
    {
      g_autoptr(HlSweep) repeats = hl_sweep_from_spec (spec, path, dir, (const char *const *) sets->pdata,
                                                       TRUE, registry, NULL);
      if (repeats != NULL && repeats->trials->len == json_array_get_length (trials))
        {
          g_clear_pointer (&sweep, hl_sweep_free);
          sweep = g_steal_pointer (&repeats);
        }
    }
  if (json_array_get_length (trials) != sweep->trials->len)
    return corrupt (error, path, "trials", N_("not as many as the sweep gives"));
  for (guint k = 0; k < sweep->trials->len; k++)
    if (!take_trial (sweep->trials->pdata[k], json_array_get_element (trials, k), path, error))
      return NULL;
  sweep->slurm = hl_json_get_boolean (o, "slurm", FALSE);
  if (json_object_has_member (o, "slurm_job"))
    {
      const char *job = hl_json_get_string (o, "slurm_job");
      if (!hl_sweep_is_job_id (job))
        return corrupt (error, path, "slurm_job", N_("expected a SLURM job id"));
      sweep->slurm_job = g_strdup (job);
    }
  sweep->record_created = hl_json_get_int (o, "created", 0);
  if (!take_file (o, "file", path, &sweep->file, error)
      || !take_file (o, "base_file", path, &sweep->base_file, error))
    return NULL;
  return g_steal_pointer (&sweep);
}

static void
reset_outcome (HlSweepTrial *t)
{
  t->state = HL_SWEEP_TRIAL_PENDING;
  t->run_status = HL_RUN_STATUS_RUNNING;
  t->pruned = FALSE;
  t->score = NAN;
  t->steps = 0;
  t->epochs = t->seconds = 0;
  t->test_accuracy = NAN;
  g_clear_pointer (&t->stop_reason, g_free);
  g_clear_pointer (&t->error, g_free);
}

/* Each trial by its run: finished (kept), to resume, or to start. */
static gboolean
prepare_resume (HlSweep *self, HlStore *store, GError **error)
{
  for (guint k = 0; k < self->trials->len; k++)
    {
      HlSweepTrial *t = self->trials->pdata[k];
      g_autoptr(GError) local = NULL;
      g_autoptr(HlRun) run = NULL;

      reset_outcome (t);
      if (t->run_id == NULL)
        continue;
      run = hl_store_load (store, t->run_id, &local);
      if (run == NULL && g_error_matches (local, HL_RUN_ERROR, HL_RUN_ERROR_NOT_FOUND))
        {
          /* its run was deleted: the trial starts again */
          g_clear_pointer (&t->run_id, g_free);
          continue;
        }
      if (run == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local), _("sweep %s: trial #%u: "), self->id,
                                      t->index);
          return FALSE;
        }
      if (run->status == HL_RUN_STATUS_RUNNING)
        {
          g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_BUSY, _("sweep %s: trial #%u (%s) is being trained "
                         "by another process (run %s)"), self->id, t->index, t->label, t->run_id);
          return FALSE;
        }
      if (hl_sweep_status_is_final (run->status))
        hl_sweep_trial_note_run (t, self, run);
      else if (run->status != HL_RUN_STATUS_CANCELLED && run->status != HL_RUN_STATUS_INTERRUPTED)
        g_clear_pointer (&t->run_id, g_free);   /* failed: it starts again */
    }
  return TRUE;
}

/* A SLURM sweep's array tasks publish each trial's run in the record's
 * folder (trial-<index>.json, as hl-cli-sweep-slurm.c names it); those its
 * controller did not live to copy into the record are taken from there,
 * else a trial that finished after the controller went trained again. */
static void
take_task_runs (HlSweep *self)
{
  for (guint k = 0; k < self->trials->len; k++)
    {
      HlSweepTrial *t = self->trials->pdata[k];
      g_autofree char *name = g_strdup_printf ("trial-%u.json", t->index);
      g_autofree char *path = g_build_filename (self->record_dir, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) node = NULL;
      const char *run;

      if (t->run_id != NULL || !g_file_get_contents (path, &text, NULL, NULL)
          || (node = json_from_string (text, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      run = hl_json_get_string (json_node_get_object (node), "run");
      if (run != NULL && hl_store_id_is_valid (run))
        t->run_id = g_strdup (run);
    }
}

/* A SLURM sweep whose controller went before its job ended (a second
 * Ctrl+C, a closed terminal) has array tasks that may still start trials
 * the record does not name: resumed here meanwhile, they would train
 * twice.  Refused while squeue lists the job or cannot tell; squeue no
 * longer knowing the job (MinJobAge passed) or listing nothing means it
 * ended, and the record forgets it. */
static gboolean
check_slurm_job (HlSweep *self, GError **error)
{
  g_autofree char *err = NULL;
  g_autoptr(GError) local = NULL;
  const char *job = self->slurm_job;
  const HlSlurmJobState state = hl_sweep_slurm_job_state (job, &err, &local);

  if (state == HL_SLURM_JOB_UNKNOWN && local != NULL)
    {
      g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_BUSY,
                   _("sweep %s was submitted as SLURM job %s, which may still be training its trials, and "
                     "squeue cannot tell here (%s): continue it where squeue runs, once the job has ended "
                     "(“scancel %s” stops it)"), self->id, job, local->message, job);
      return FALSE;
    }
  if (state == HL_SLURM_JOB_ENDED)
    goto ended;
  if (state == HL_SLURM_JOB_LISTED)
    {
      g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_BUSY,
                   _("sweep %s: its SLURM job %s is still running and trains the sweep's trials (continued here "
                     "meanwhile, some would train twice); wait for the job to end, or stop it with “scancel %s”, "
                     "then continue the sweep"), self->id, job, job);
      return FALSE;
    }
  g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_BUSY,
               _("sweep %s was submitted as SLURM job %s and squeue cannot tell whether it still runs (%s); "
                 "try again, or stop the job with “scancel %s”"), self->id, job,
               err != NULL && *g_strstrip (err) ? err : _("no message"), job);
  return FALSE;
ended:
  g_clear_pointer (&self->slurm_job, g_free);
  return TRUE;
}

HlSweep *
hl_sweep_record_open (HlStore *store, const char *id, HlPluginRegistry *registry, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HlSweep) sweep = NULL;

  if (!hl_sweep_record_check_id (store, id, &dir, error))
    return NULL;
  path = g_build_filename (dir, HL_SWEEP_RECORD_FILE, NULL);
  if ((root = read_record (path, error)) == NULL
      || (sweep = sweep_of_record (json_node_get_object (root), path, registry, error)) == NULL)
    return NULL;
  sweep->id = g_strdup (id);
  sweep->record_dir = g_strdup (dir);
  g_free (sweep->pruning_state);
  sweep->pruning_state = g_build_filename (dir, HL_SWEEP_RUNGS_FILE, NULL);
  /* the lock first: the job is asked about by the one process that may go on */
  if ((sweep->record_lock = hl_sweep_record_lock (dir, id, error)) == NULL
      || (sweep->slurm_job != NULL && !check_slurm_job (sweep, error)))
    return NULL;
  if (sweep->slurm)
    take_task_runs (sweep);
  if (!prepare_resume (sweep, store, error))
    return NULL;
  return g_steal_pointer (&sweep);
}

/* ---- listing ------------------------------------------------------------------ */

void
hl_sweep_record_info_free (HlSweepRecordInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->name);
  g_free (info->problem);
  g_free (info);
}

/* Counts from the record; FALSE when it has started trials and none of
 * their runs is left in the store.  A trial the record says is running
 * counts as left without its run's file: a process killed while the trial
 * loaded its data never wrote one (that record was removed as if its runs
 * had been deleted; --resume starts such a trial over). */
static gboolean
count_trials (HlSweepRecordInfo *info, JsonObject *o, HlStore *store)
{
  JsonArray *trials = json_object_get_array_member (o, "trials");
  guint left = 0;

  info->total = json_array_get_length (trials);
  for (guint k = 0; k < info->total; k++)
    {
      JsonNode *n = json_array_get_element (trials, k);
      JsonObject *t = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *run = t != NULL ? hl_json_get_string (t, "run") : NULL;
      const char *status = t != NULL ? hl_json_get_string (t, "status") : NULL;
      HlRunStatus s;

      if (run == NULL || !hl_store_id_is_valid (run))
        continue;
      info->started++;
      if (status != NULL && hl_run_status_from_string (status, &s) && hl_sweep_status_is_final (s))
        info->done++;
      /* a trial resumed on its own (`hyperlab-cli resume`) trains it too */
      else if (hl_store_is_run_alive (store, run))
        info->running = TRUE;
      {
        g_autofree char *path = hl_store_path_for (store, run);
        left += g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_strcmp0 (status, "running") == 0;
      }
    }
  return info->started == 0 || left > 0;
}

/* A record being listed: its header read, its trials counted once
 * squeue has said whether its SLURM job still trains it. */
typedef struct {
  HlSweepRecordInfo *info;
  JsonNode          *root;   /* NULL: it cannot be read (info->problem) */
  char              *dir;
  const char        *job;    /* its SLURM job to ask squeue about, or NULL */
} Listed;

static void
listed_free (gpointer p)
{
  Listed *l = p;

  hl_sweep_record_info_free (l->info);
  g_clear_pointer (&l->root, json_node_unref);
  g_free (l->dir);
  g_free (l);
}

static Listed *
read_info (const char *id, const char *dir)
{
  g_autofree char *path = g_build_filename (dir, HL_SWEEP_RECORD_FILE, NULL);
  g_autoptr(GError) error = NULL;
  Listed *l;
  JsonObject *o;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;   /* a folder of kept task logs, or one being made */
  l = g_new0 (Listed, 1);
  l->dir = g_strdup (dir);
  l->info = g_new0 (HlSweepRecordInfo, 1);
  l->info->id = g_strdup (id);
  l->info->running = hl_store_is_run_alive_in (dir, HL_SWEEP_LOCK_ID);
  if ((l->root = read_record (path, &error)) == NULL)
    {
      l->info->problem = g_strdup (error->message);
      return l;
    }
  o = json_node_get_object (l->root);
  l->info->name = g_strdup (hl_json_get_string (o, "name"));
  l->info->created = hl_json_get_int (o, "created", 0);
  l->info->updated = hl_json_get_int (o, "updated", l->info->created);
  l->info->slurm = hl_json_get_boolean (o, "slurm", FALSE);
  if (!l->info->running && hl_sweep_is_job_id (hl_json_get_string (o, "slurm_job")))
    l->job = hl_json_get_string (o, "slurm_job");
  return l;
}

/* Its trials counted; NULL (the record removed) when every run it made
 * was deleted and nothing trains it. */
static HlSweepRecordInfo *
finish_info (Listed *l, HlStore *store)
{
  if (l->root != NULL && !count_trials (l->info, json_node_get_object (l->root), store) && !l->info->running)
    {
      HlStoreLock *lock = hl_sweep_record_lock (l->dir, l->info->id, NULL);
      if (lock != NULL)
        {
          hl_sweep_record_remove_dir (l->dir, NULL);
          hl_store_unlock (lock);
          g_rmdir (l->dir);
          return NULL;
        }
    }
  return g_steal_pointer (&l->info);
}

/* A SLURM sweep whose job still trains it (its controller went) is
 * listed as training: Continue would refuse it.  One squeue for all such
 * records: each call may wait SQUEUE_TIMEOUT_MS on a hung slurmctld.  One
 * that cannot tell leaves them continuable (Continue asks again). */
static void
ask_about_jobs (GPtrArray *listed)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  g_autoptr(GHashTable) queued = NULL;

  for (guint i = 0; i < listed->len; i++)
    if (((Listed *) listed->pdata[i])->job != NULL)
      g_ptr_array_add (jobs, (gpointer) ((Listed *) listed->pdata[i])->job);
  if (jobs->len == 0 || (queued = hl_sweep_slurm_jobs_listed (jobs)) == NULL)
    return;
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *l = listed->pdata[i];
      if (l->job != NULL && g_hash_table_contains (queued, l->job))
        l->info->running = TRUE;
    }
}

static int
newest_first (gconstpointer a, gconstpointer b)
{
  const HlSweepRecordInfo *x = *(HlSweepRecordInfo *const *) a, *y = *(HlSweepRecordInfo *const *) b;

  if (x->updated != y->updated)
    return x->updated < y->updated ? 1 : -1;
  return g_strcmp0 (x->id, y->id);
}

GPtrArray *
hl_sweep_record_list (HlStore *store, GError **error)
{
  g_autofree char *root = g_build_filename (hl_store_get_dir (store), HL_SWEEPS_DIR, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) hl_sweep_record_info_free);
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (listed_free);
  const char *name;

  if ((d = g_dir_open (root, 0, &local)) == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return out;
      g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO, "%s", local->message);
      g_ptr_array_unref (out);
      return NULL;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = g_build_filename (root, name, NULL);
      Listed *l = hl_store_id_is_valid (name) ? read_info (name, dir) : NULL;

      if (l != NULL)
        g_ptr_array_add (listed, l);
    }
  ask_about_jobs (listed);
  for (guint i = 0; i < listed->len; i++)
    {
      HlSweepRecordInfo *info = finish_info (listed->pdata[i], store);
      if (info != NULL)
        g_ptr_array_add (out, info);
    }
  g_ptr_array_sort (out, newest_first);
  g_rmdir (root);   /* when nothing is left in it */
  return out;
}
