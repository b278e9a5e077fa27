/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-ops-pool.c - a tiny persistent thread team for splitting one kernel call.
 *
 * A training step is a few hundred microseconds made of a handful of kernels,
 * so a job must be handed over in well under a microsecond: workers spin on a
 * generation counter for a while after each job, then sleep on a condition
 * variable (a machine with other work should not lose a core to spinning).
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

struct _HlPool {
  guint        n;            /* parts per job, the caller included */
  GThread    **threads;      /* n - 1 workers */
  GMutex       lock;
  GCond        wake;
  gint         gen;          /* bumped per job (atomic) */
  guint        parts;        /* parts per job: more than threads, to balance */
  gint         next;         /* next part to claim (atomic) */
  gint         done;         /* parts finished (atomic) */
  gint         sleeping;     /* workers in g_cond_wait (atomic) */
  gint         quit;         /* atomic */
  HlPoolFunc   func;
  gpointer     data;
};

typedef struct {
  HlPool *pool;
  guint   part;
} Worker;

/* Claim and run parts of the current job until none is left.  A worker that
 * is preempted before claiming costs nothing: the others take its parts. */
static void
run_parts (HlPool *p)
{
  for (;;)
    {
      const gint part = g_atomic_int_add (&p->next, 1);
      if (part >= (gint) p->parts)
        return;
      p->func (p->data, (guint) part, p->parts);
      g_atomic_int_inc (&p->done);
    }
}

/* Wait until gen differs from seen; spins first, then sleeps. */
static gint
wait_job (HlPool *p, gint seen)
{
  gint64 deadline = 0;
  gint g;

  for (guint spins = 0;; spins++)
    {
      g = g_atomic_int_get (&p->gen);
      if (g != seen)
        return g;
      cpu_relax ();
      if ((spins & 255) != 255)
        continue;
      if (deadline == 0)
        deadline = g_get_monotonic_time () + SPIN_US;
      else if (g_get_monotonic_time () > deadline)
        break;
    }
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
      run_parts (p);
    }
  g_free (w);
  return NULL;
}

HlPool *
hl_pool_new (guint n_threads)
{
  HlPool *p = g_new0 (HlPool, 1);

  p->n = MAX (n_threads, 1);
  p->parts = 2 * p->n;
  p->next = (gint) p->parts;   /* nothing to claim until the first job */
  g_mutex_init (&p->lock);
  g_cond_init (&p->wake);
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
  if (p == NULL || p->n == 1)
    {
      func (data, 0, 1);
      return;
    }
  /* A late worker still in run_parts of the previous job finds next >= parts
   * until the reset below, which comes after func and data are in place. */
  g_atomic_int_set (&p->done, 0);
  p->func = func;
  p->data = data;
  g_atomic_int_set (&p->next, 0);
  publish (p);
  run_parts (p);
  /* Only parts a worker has claimed and not finished are left to wait for. */
  for (guint spins = 0; g_atomic_int_get (&p->done) < (gint) p->parts; spins++)
    if (spins < 4000)
      cpu_relax ();
    else
      g_thread_yield ();   /* a worker was preempted: let it run */
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
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->wake);
  g_free (p);
}
