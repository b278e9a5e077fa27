/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-train.c - training speed: P1 Fashion-MNIST epoch (1 and 2 threads), P2 tiny spiral steps.
 *
 * Not a test: run with `meson test --benchmark` (or directly) and read the
 * figures.  Targets (issue 2): P1 <= 0.40 s/epoch on 1 thread, <= 0.25 s on 2,
 * peak memory <= 160 MiB; P2 <= 1.0 us/step.
 */
#ifdef __linux__
#define _GNU_SOURCE 1   /* sched_getaffinity */
#include <sched.h>
#endif
#include <stdio.h>
#include <sys/resource.h>
#include <cblas.h>
#undef I   /* from <complex.h> via OpenBLAS */
#include "hyperlab.h"

static HlPluginRegistry *registry;

static HlRun *
train (HlConfig *c)
{
  g_autoptr (GError) error = NULL;
  HlTrainer *t = hl_trainer_new (c, registry, &error);
  HlRun *run = t != NULL ? hl_trainer_run (t, NULL, &error) : NULL;

  if (run == NULL)
    {
      fprintf (stderr, "bench-train: %s\n", error->message);
      exit (1);
    }
  hl_trainer_free (t);
  return run;
}

static HlConfig *
base_config (const char *kind, const char *optimizer, double lr, guint batch)
{
  HlConfig *c = hl_config_new ();

  g_free (c->dataset.kind);
  c->dataset.kind = g_strdup (kind);
  /* Training work only: no validation split, so an epoch is all training samples. */
  c->dataset.validation_split = 0.0;
  c->early_stopping.enabled = FALSE;
  g_free (c->optimizer.name);
  c->optimizer.name = g_strdup (optimizer);
  c->optimizer.learning_rate = lr;
  c->training.batch_size = batch;
  return c;
}

static double
p1 (guint threads)
{
  g_autoptr (HlConfig) c = base_config ("fashion-mnist", "adam", 0.001, 64);
  g_autoptr (HlRun) run = NULL;
  HlLayerConfig *l;

  g_array_set_size (c->model.layers, 2);
  l = (HlLayerConfig *) c->model.layers->data;
  l[0] = (HlLayerConfig) { 256, HL_ACTIVATION_RELU, 0.0 };
  l[1] = (HlLayerConfig) { 128, HL_ACTIVATION_RELU, 0.0 };
  c->model.init = HL_INIT_HE;
  c->training.epochs = 1;
  c->training.threads = threads;
  run = train (c);
  printf ("P1 fashion-mnist 784-256-128-10 relu, adam, batch 64, %u thread%s: "
          "%.3f s/epoch, %.0f samples/s, test accuracy %.4f\n",
          threads, threads > 1 ? "s" : "", run->summary.seconds,
          run->summary.samples_per_second, run->summary.test_accuracy);
  return run->summary.seconds;
}

static void
p2 (void)
{
  g_autoptr (HlConfig) c = base_config ("spiral", "sgd", 0.03, 10);
  g_autoptr (HlRun) run = NULL;
  HlLayerConfig *l;

  c->dataset.samples = 500;
  g_array_set_size (c->model.layers, 2);
  l = (HlLayerConfig *) c->model.layers->data;
  l[0] = (HlLayerConfig) { 8, HL_ACTIVATION_TANH, 0.0 };
  l[1] = (HlLayerConfig) { 8, HL_ACTIVATION_TANH, 0.0 };
  c->training.epochs = 20000;
  run = train (c);
  printf ("P2 spiral 500, 2-8-8 tanh, sgd, batch 10: %.3f us/step (%" G_GUINT64_FORMAT
          " steps in %.3f s), test accuracy %.3f\n",
          run->summary.seconds / run->summary.steps * 1e6, run->summary.steps,
          run->summary.seconds, run->summary.test_accuracy);
}

/* ---- host check ------------------------------------------------------------
 * This machine is a VM whose cores the host shares: at times a P1 epoch
 * takes twice as long with nothing changed here.  The check measures what
 * the cores deliver right now (independent FMAs, no memory), one core alone
 * and both at once, so a slow figure can be told apart from slow code. */

typedef float Vec16 __attribute__ ((vector_size (64)));

/* GFLOP/s of `iters` rounds of 8 independent 16-wide FMAs. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__ ((target ("avx512f,fma")))
#endif
static double
fma_rate (guint64 iters)
{
  Vec16 a[8], b, c;
  gint64 t = g_get_monotonic_time ();
  float sum = 0.0f;

  for (int k = 0; k < 8; k++)
    for (int i = 0; i < 16; i++)
      a[k][i] = 1.0f + 0.001f * (float) (k + i);
  for (int i = 0; i < 16; i++)
    b[i] = 0.999999f, c[i] = 1e-7f;
  for (guint64 n = 0; n < iters; n++)
    {
      a[0] = a[0] * b + c; a[1] = a[1] * b + c; a[2] = a[2] * b + c; a[3] = a[3] * b + c;
      a[4] = a[4] * b + c; a[5] = a[5] * b + c; a[6] = a[6] * b + c; a[7] = a[7] * b + c;
    }
  for (int k = 0; k < 8; k++)
    sum += a[k][0];
  if (sum == 42.0f)   /* keep the loop */
    printf (" ");
  return (double) iters * 8 * 32 / ((g_get_monotonic_time () - t) / 1e6) / 1e9;
}

#define FMA_ITERS 20000000   /* about 0.05 s per core */

static gpointer
fma_thread (gpointer data)
{
  *(double *) data = fma_rate (FMA_ITERS);
  return NULL;
}

/* Core-to-core round trip: two threads hand a counter back and forth.
 * About 70 ns when the host runs both virtual CPUs in one L3 domain, 170-220
 * ns when it puts them in two; then everything one thread writes and the
 * other reads (the batch, the updated weights) crosses between them. */
#define PING_ROUNDS 100000

static gint ping;

static gpointer
pong_thread (gpointer data)
{
  for (gint i = 0; i < PING_ROUNDS; i++)
    {
      while (g_atomic_int_get (&ping) != 2 * i + 1)
        ;
      g_atomic_int_set (&ping, 2 * i + 2);
    }
  return data;
}

static double
round_trip_ns (void)
{
  GThread *t;
  gint64 t0;

  g_atomic_int_set (&ping, 0);
  t = g_thread_new ("pong", pong_thread, NULL);
  t0 = g_get_monotonic_time ();
  for (gint i = 0; i < PING_ROUNDS; i++)
    {
      g_atomic_int_set (&ping, 2 * i + 1);
      while (g_atomic_int_get (&ping) != 2 * i + 2)
        ;
    }
  t0 = g_get_monotonic_time () - t0;
  g_thread_join (t);
  return t0 * 1e3 / PING_ROUNDS;
}

/* The two-thread checks need two CPUs: on one, each side of the ping-pong
 * would wait out the other's time slice, 100,000 times. */
static gboolean
two_cpus (void)
{
#ifdef __linux__
  cpu_set_t set;   /* g_get_num_processors counts CPUs taskset took away */
  if (sched_getaffinity (0, sizeof set, &set) == 0)
    return CPU_COUNT (&set) >= 2;
#endif
  return g_get_num_processors () >= 2;
}

static void
host_check (const char *when)
{
  double alone, both[2];
  GThread *t;

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __builtin_cpu_init ();
  if (!__builtin_cpu_supports ("avx512f") || !__builtin_cpu_supports ("fma"))
    return;
#else
  return;
#endif
  if (!two_cpus ())
    {
      printf ("host check %s: FMA %.0f GFLOP/s on the one CPU this process may use\n",
              when, fma_rate (FMA_ITERS));
      return;
    }
  /* Twice: an idle core needs a few tens of ms to reach its full clock. */
  for (int round = 0; round < 2; round++)
    {
      t = g_thread_new ("fma", fma_thread, &both[1]);
      both[0] = fma_rate (FMA_ITERS);
      g_thread_join (t);
    }
  alone = fma_rate (FMA_ITERS);
  printf ("host check %s: FMA %.0f GFLOP/s on one core, %.0f + %.0f on two at once; "
          "core-to-core round trip %.0f ns\n", when, alone, both[0], both[1], round_trip_ns ());
}

/* The dense floor of P1: the GEMMs a dense engine runs for one epoch (938
 * steps of 64: forward 784·256, 256·128, 128·10; weight gradients of all
 * three; input gradients of the last two), through OpenBLAS on one thread.
 * Nothing else (no activations, loss, optimizer or data). */
static void
gemm_floor (void)
{
  const int B = 64, dims[4] = { 784, 256, 128, 10 }, steps = 938;
  float *a[4], *w[3], *dw[3], *d[4];
  double flops = 0.0, seconds;
  gint64 t;

  openblas_set_num_threads (1);
  for (int l = 0; l < 4; l++)
    {
      a[l] = g_new (float, B * dims[l]);
      d[l] = g_new (float, B * dims[l]);
      for (int i = 0; i < B * dims[l]; i++)
        a[l][i] = d[l][i] = (float) ((i * 7) % 13) * 0.01f;
    }
  for (int l = 0; l < 3; l++)
    {
      w[l] = g_new (float, dims[l] * dims[l + 1]);
      dw[l] = g_new (float, dims[l] * dims[l + 1]);
      for (int i = 0; i < dims[l] * dims[l + 1]; i++)
        w[l][i] = (float) ((i * 5) % 11) * 0.01f - 0.05f;
    }
  t = g_get_monotonic_time ();
  for (int s = 0; s < steps; s++)
    {
      for (int l = 0; l < 3; l++)
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, B, dims[l + 1], dims[l],
                     1.0f, a[l], dims[l], w[l], dims[l + 1], 0.0f, a[l + 1], dims[l + 1]);
      for (int l = 2; l >= 0; l--)
        {
          cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, dims[l], dims[l + 1], B,
                       1.0f, a[l], dims[l], d[l + 1], dims[l + 1], 0.0f, dw[l], dims[l + 1]);
          if (l > 0)
            cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, B, dims[l], dims[l + 1],
                         1.0f, d[l + 1], dims[l + 1], w[l], dims[l + 1], 0.0f, d[l], dims[l]);
        }
    }
  seconds = (g_get_monotonic_time () - t) / 1e6;
  for (int l = 0; l < 3; l++)
    flops += 2.0 * B * dims[l] * dims[l + 1] * (l > 0 ? 3 : 2);
  flops *= steps;
  printf ("P1 dense GEMM floor (OpenBLAS, 1 thread): %.3f s/epoch, %.1f GFLOP, %.1f GFLOP/s\n",
          seconds, flops / 1e9, flops / seconds / 1e9);
  for (int l = 0; l < 4; l++)
    g_free (a[l]), g_free (d[l]);
  for (int l = 0; l < 3; l++)
    g_free (w[l]), g_free (dw[l]);
}

int
main (int argc, char **argv)
{
  struct rusage ru;
  g_autofree char *fashion = hl_dataset_find_named ("fashion-mnist");
  /* "p1" or "p2" runs one of them (for profiling), "p1-1" / "p1-2" one thread
   * count of P1, "gemm" the dense GEMM floor of P1; default all but gemm. */
  const char *only = argc > 1 ? argv[1] : "";
  static const char *const known[] = { "", "p1", "p2", "p1-1", "p1-2", "gemm", NULL };

  if (argc > 2 || !g_strv_contains (known, only))
    {
      fprintf (stderr, "usage: bench-train [p1 | p1-1 | p1-2 | p2 | gemm]\n");
      return 2;
    }
  if (g_str_equal (only, "gemm"))
    {
      gemm_floor ();
      return 0;
    }

  registry = hl_plugin_registry_new ();
  hl_plugin_registry_set_probe_in_child (registry, FALSE);
  hl_plugin_registry_load_default (registry);
  /* OpenBLAS's idle worker thread spins for a while after start-up; the
   * first check would count it as the host's doing. */
  g_usleep (G_USEC_PER_SEC / 2);
  host_check ("before");
  if (g_str_equal (only, "p2"))
    ;
  else if (fashion != NULL)
    {
      if (!g_str_equal (only, "p1-2"))
        {
          p1 (1);
          getrusage (RUSAGE_SELF, &ru);
          printf ("P1 peak memory: %.1f MiB\n", ru.ru_maxrss / 1024.0);
        }
      if (!g_str_equal (only, "p1-1"))
        p1 (2);
    }
  else
    printf ("P1 skipped: Fashion-MNIST not installed (dataset-fashion-mnist)\n");
  if (!g_str_has_prefix (only, "p1"))
    p2 ();
  host_check ("after");
  hl_plugin_registry_free (registry);
  return 0;
}
