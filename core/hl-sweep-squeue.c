/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-squeue.c - what squeue says of the SLURM jobs of sweep records
 * whose controller went before its job ended: one job (a record opened to
 * continue), or every such record's job at once (the listing: one squeue
 * for all, not one per record, each of which could wait SQUEUE_TIMEOUT_MS). */
#include <string.h>
#include "hl-sweep-record-private.h"

/* squeue answers in well under a second; one that has not within this
 * (slurmctld hung or unreachable) cannot tell.  The unfinished-sweeps list
 * asks on the GUI's main thread. */
#define SQUEUE_TIMEOUT_MS 10000

gboolean
hl_sweep_is_job_id (const char *job)
{
  return job != NULL && *job != '\0' && strspn (job, "0123456789_") == strlen (job);
}

typedef struct {
  GCancellable *cancellable;
  char        **out;
  char        **err;
  GError      **local;
  gboolean      done;
  gboolean      timed_out;
} SqueueCall;

static void
on_squeue_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SqueueCall *call = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, call->out, call->err,
                                        call->timed_out ? NULL : call->local);
  call->done = TRUE;
}

static gboolean
on_squeue_timeout (gpointer user_data)
{
  SqueueCall *call = user_data;

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

/* squeue -j jobs (comma-separated) run in a private main context (any
 * thread, any loop), killed after SQUEUE_TIMEOUT_MS; NULL with local set
 * when it cannot start.  Prints each listed job's array job id (%F: the id
 * sbatch gave, once per listed job or task). */
static GSubprocess *
run_squeue (const char *jobs, SqueueCall *call)
{
  g_autoptr(GMainContext) ctx = g_main_context_new ();
  GSubprocess *proc;

  g_main_context_push_thread_default (ctx);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, call->local,
                           "squeue", "-h", "-j", jobs, "-o", "%F", NULL);
  if (proc != NULL)
    {
      GSource *timer = g_timeout_source_new (SQUEUE_TIMEOUT_MS);

      g_source_set_callback (timer, on_squeue_timeout, call, NULL);
      g_source_attach (timer, ctx);
      g_subprocess_communicate_utf8_async (proc, NULL, call->cancellable, on_squeue_done, call);
      while (!call->done)
        g_main_context_iteration (ctx, TRUE);
      g_source_destroy (timer);
      g_source_unref (timer);
      if (call->timed_out)
        {
          g_subprocess_force_exit (proc);
          g_subprocess_wait (proc, NULL, NULL);
        }
    }
  g_main_context_pop_thread_default (ctx);
  return proc;
}

/* squeue -j jobs: listed is what it printed (stdout), or the state is
 * unknown (no squeue, no answer in time, another failure; err says why).
 * Asked of one job it fails with "Invalid job id specified" once it no
 * longer knows the job: ended.  (Asked of several, it lists those it
 * knows, and fails only as it would for any.) */
static HlSlurmJobState
ask_squeue (const char *jobs, char **listed, char **err, GError **local)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SqueueCall call = { cancellable, listed, err, local, FALSE, FALSE };
  g_autoptr(GSubprocess) proc = run_squeue (jobs, &call);

  if (proc == NULL)
    return HL_SLURM_JOB_UNKNOWN;
  if (call.timed_out)
    {
      g_free (*err);
      *err = g_strdup_printf ("squeue did not answer within %d s", SQUEUE_TIMEOUT_MS / 1000);
      return HL_SLURM_JOB_UNKNOWN;
    }
  if (*listed == NULL)
    return HL_SLURM_JOB_UNKNOWN;
  if (g_subprocess_get_successful (proc))
    return *g_strstrip (*listed) == '\0' ? HL_SLURM_JOB_ENDED : HL_SLURM_JOB_LISTED;
  if (strchr (jobs, ',') == NULL && *err != NULL && strstr (*err, "Invalid job id") != NULL)
    return HL_SLURM_JOB_ENDED;
  return HL_SLURM_JOB_UNKNOWN;
}

HlSlurmJobState
hl_sweep_slurm_job_state (const char *job, char **err, GError **local)
{
  g_autofree char *out = NULL;

  return ask_squeue (job, &out, err, local);
}

/* "42_3" (a task of the array) belongs to job 42. */
static char *
array_job (const char *job)
{
  return g_strndup (job, strcspn (job, "_"));
}

GHashTable *
hl_sweep_slurm_jobs_listed (GPtrArray *jobs)
{
  g_autoptr(GHashTable) asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) local = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *listed;

  for (guint i = 0; i < jobs->len; i++)
    {
      const char *job = jobs->pdata[i];
      if (!hl_sweep_is_job_id (job) || !g_hash_table_add (asked, g_strdup (job)))
        continue;
      g_string_append_printf (list, "%s%s", list->len > 0 ? "," : "", job);
    }
  listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (list->len == 0)
    return listed;
  switch (ask_squeue (list->str, &out, &err, &local))
    {
    case HL_SLURM_JOB_UNKNOWN:
      g_hash_table_unref (listed);
      return NULL;
    case HL_SLURM_JOB_ENDED:
      return listed;
    case HL_SLURM_JOB_LISTED:
    default:
      break;
    }
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_hash_table_add (listed, array_job (lines[i]));
  /* each job asked as the table has it: "42_3" is listed while job 42 is */
  for (guint i = 0; i < jobs->len; i++)
    {
      g_autofree char *base = hl_sweep_is_job_id (jobs->pdata[i]) ? array_job (jobs->pdata[i]) : NULL;
      if (base != NULL && g_hash_table_contains (listed, base))
        g_hash_table_add (listed, g_strdup (jobs->pdata[i]));
    }
  return listed;
}
