/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-ops-pool.c - a tiny persistent thread team for splitting one kernel call.
 *
 * A training step is a few hundred microseconds made of a handful of kernels,
 * so a job must be handed over in well under a microsecond: workers spin on a
 * generation counter for a while after each job, then sleep on a condition
 * variable (a machine with other work should not lose a core to spinning).
 * When the threads turn out not to run at the same time, the caller runs
 * the jobs alone for a while (see SERIAL_JOBS).
 *
 * A job has one part per thread, and thread k (the caller is 0) runs part k
 * unless it is late, when another thread takes it.  Callers split their data
 * the same way in every job (the model gives thread k the same rows of every
 * weight matrix), so each thread finds its share of the weights, gradients
 * and optimizer state in its own core's cache: on a host whose cores are far
 * apart (a cache line took 450 ns there and back between the two CPUs of one
 * VM) moving those lines between cores every step cost more than the second
 * thread saved.
 */
#include "hl-ops.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define cpu_relax() _mm_pause ()
#else
#define cpu_relax() do { } while (0)
#endif

/* Spin this long waiting for the next job before sleeping.  A step's serial
 * parts (optimizer, loss) last tens of microseconds. */
#define SPIN_US 200
/* The caller spins this long for parts a worker has claimed, then sleeps. */
#define FINISH_SPIN_US 50
/* After this many jobs in a row of which one thread ran every part, the
 * caller runs the next SOLO_JOBS jobs alone, without waking the workers, then
 * tries again.  Jobs run that way when the threads cannot run at the same
 * time: they share a core (another process, `taskset`, or a VM host running
 * both virtual CPUs on one physical CPU).  Handing parts over then only adds
 * switches, and a spinning worker takes half the core the caller needs: a P1
 * epoch on two threads pinned to one CPU took 0.9-1.0 s instead of the 0.5 s
 * of one thread.  Results do not change: a part computes the same wherever
 * it runs. */
#define SERIAL_JOBS 8
#define SOLO_JOBS   256

struct _HlPool {
  guint        n;            /* parts per job, the caller included */
  GThread    **threads;      /* n - 1 workers */
  GMutex       lock;
  GCond        wake;
  GCond        finished;     /* the caller waits here for claimed parts */
  gint         caller_waiting;   /* atomic */
  gint         gen;          /* bumped per job (atomic) */
  guint        parts;        /* parts per job: one per thread */
  gint        *claimed;      /* per part, the last job (gen) that claimed it (atomic) */
  gint         done;         /* parts finished (atomic) */
  gint         sleeping;     /* workers in g_cond_wait (atomic) */
  gint         quit;         /* atomic */
  HlPoolFunc   func;
  gpointer     data;
  /* the caller's own (not shared) */
  guint        serial_jobs;  /* jobs in a row one thread ran alone */
  guint        solo_left;    /* jobs still to run without the workers */
};

typedef struct {
  HlPool *pool;
  guint   part;
} Worker;

/* Claim and run parts of job gen, thread `self`'s own first, until none is
 * left; returns how many.  A worker that is preempted before claiming costs
 * nothing: the others take its part.  A part is claimed by writing the job's
 * gen into claimed[part], so a worker still looking for parts of the job
 * before (gen - 1) cannot take one of this job's.  Whoever finishes the last
 * part wakes a sleeping caller (done is raised before caller_waiting is
 * read, and the caller raises caller_waiting before it reads done: one of
 * them sees the other). */
static guint
run_parts (HlPool *p, guint self, gint gen)
{
  guint ran = 0;

  for (guint k = 0; k < p->parts; k++)
    {
      const guint part = (self + k) % p->parts;
      const gint was = g_atomic_int_get (&p->claimed[part]);
      /* taken for this job (or, for a late worker, a later one); wraps safely */
      if ((gint) ((guint) was - (guint) gen) >= 0
          || !g_atomic_int_compare_and_exchange (&p->claimed[part], was, gen))
        continue;
      ran++;
      p->func (p->data, part, p->parts);
      if (g_atomic_int_add (&p->done, 1) + 1 == (gint) p->parts
          && g_atomic_int_get (&p->caller_waiting))
        {
          g_mutex_lock (&p->lock);
          g_cond_broadcast (&p->finished);
          g_mutex_unlock (&p->lock);
        }
    }
  return ran;
}

/* Spin on cond until it holds or `us` microseconds have passed; TRUE if it held. */
static gboolean
spin_until (gboolean (*cond) (HlPool *, gint), HlPool *p, gint arg, gint64 us)
{
  gint64 deadline = 0;

  for (guint spins = 0;; spins++)
    {
      if (cond (p, arg))
        return TRUE;
      cpu_relax ();
      if ((spins & 255) != 255)
        continue;
      if (deadline == 0)
        deadline = g_get_monotonic_time () + us;
      else if (g_get_monotonic_time () > deadline)
        return FALSE;
    }
}

static gboolean
job_published (HlPool *p, gint seen)
{
  return g_atomic_int_get (&p->gen) != seen;
}

static gboolean
job_finished (HlPool *p, gint unused)
{
  return g_atomic_int_get (&p->done) >= (gint) p->parts;
}

/* Wait until gen differs from seen; spins first, then sleeps. */
static gint
wait_job (HlPool *p, gint seen)
{
  gint g;

  if (spin_until (job_published, p, seen, SPIN_US))
    return g_atomic_int_get (&p->gen);
  g_mutex_lock (&p->lock);
  g_atomic_int_inc (&p->sleeping);
  while ((g = g_atomic_int_get (&p->gen)) == seen)
    g_cond_wait (&p->wake, &p->lock);
  g_atomic_int_add (&p->sleeping, -1);
  g_mutex_unlock (&p->lock);
  return g;
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  HlPool *p = w->pool;
  gint seen = 0;

  for (;;)
    {
      seen = wait_job (p, seen);
      if (g_atomic_int_get (&p->quit))
        break;
      run_parts (p, w->part, seen);
    }
  g_free (w);
  return NULL;
}

HlPool *
hl_pool_new (guint n_threads)
{
  HlPool *p = g_new0 (HlPool, 1);

  p->n = MAX (n_threads, 1);
  p->parts = p->n;
  p->claimed = g_new0 (gint, p->parts);   /* the first job is gen 1 */
  g_mutex_init (&p->lock);
  g_cond_init (&p->wake);
  g_cond_init (&p->finished);
  p->threads = g_new0 (GThread *, p->n);
  for (guint i = 1; i < p->n; i++)
    {
      Worker *w = g_new (Worker, 1);
      w->pool = p;
      w->part = i;
      p->threads[i - 1] = g_thread_new ("hl-worker", worker_main, w);
    }
  return p;
}

guint
hl_pool_size (const HlPool *p)
{
  return p != NULL ? p->n : 1;
}

void
hl_pool_part_range (gsize n, gsize align, guint part, guint n_parts, gsize *start, gsize *end)
{
  const guint64 blocks = n / align;

  *start = (gsize) (blocks * part / n_parts) * align;
  *end = part + 1 < n_parts ? (gsize) (blocks * (part + 1) / n_parts) * align : n;
}

static void
publish (HlPool *p)
{
  g_atomic_int_inc (&p->gen);
  /* gen is written before sleeping is read (both full barriers), and a worker
   * raises sleeping before it reads gen under the lock: no wake-up is lost. */
  if (g_atomic_int_get (&p->sleeping) > 0)
    {
      g_mutex_lock (&p->lock);
      g_cond_broadcast (&p->wake);
      g_mutex_unlock (&p->lock);
    }
}

void
hl_pool_run (HlPool *p, HlPoolFunc func, gpointer data)
{
  guint mine;

  if (p == NULL || p->n == 1)
    {
      func (data, 0, 1);
      return;
    }
  if (p->solo_left > 0)
    {
      p->solo_left--;
      for (guint part = 0; part < p->parts; part++)
        func (data, part, p->parts);
      return;
    }
  g_atomic_int_set (&p->done, 0);
  p->func = func;
  p->data = data;
  publish (p);
  mine = run_parts (p, 0, g_atomic_int_get (&p->gen));
  /* Only parts a worker has claimed and not finished are left to wait for.
   * If that takes long, the worker is not running (its core is busy with
   * something else, perhaps this thread's own): sleep, giving the core up. */
  if (!spin_until (job_finished, p, 0, FINISH_SPIN_US))
    {
      g_mutex_lock (&p->lock);
      g_atomic_int_set (&p->caller_waiting, 1);
      while (!job_finished (p, 0))
        g_cond_wait (&p->finished, &p->lock);
      g_atomic_int_set (&p->caller_waiting, 0);
      g_mutex_unlock (&p->lock);
    }
  if (mine != 0 && mine != p->parts)
    p->serial_jobs = 0;
  else if (++p->serial_jobs >= SERIAL_JOBS)
    {
      p->serial_jobs = 0;
      p->solo_left = SOLO_JOBS;
    }
}

void
hl_pool_free (HlPool *p)
{
  if (p == NULL)
    return;
  g_atomic_int_set (&p->quit, 1);
  publish (p);
  for (guint i = 0; i + 1 < p->n; i++)
    g_thread_join (p->threads[i]);
  g_free (p->threads);
  g_free (p->claimed);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->wake);
  g_cond_clear (&p->finished);
  g_free (p);
}
