/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-outcome.c - the sentence `run`, `resume` and `runs show` begin
 * their results with, and `validate`'s dataset line, in the user's
 * language.  They printed the record's stop_reason (English: a field of
 * the file format) and the dataset's English description, so German
 * output began "Early stopped at step 510 …" over "xor: 2 classes, …"
 * (found by a QA pass).  The sentence is made from the status and the
 * numbers, the record keeps its English reason. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "hl-cli.h"
#include "test-cli-util.h"
#include "test-german.h"

typedef struct {
  const char  *name;
  HlRunStatus  status;
  guint64      steps;
  double       epochs;
  guint64      best_step;     /* 0: no validation */
  gboolean     restore_best;
  const char  *stop_reason;   /* as the trainer writes it */
  const char  *english;
  const char  *german;
} OutcomeCase;

static const OutcomeCase cases[] = {
  { "completed-one-epoch", HL_RUN_STATUS_COMPLETED, 15, 1, 0, FALSE, "completed 1 epoch (15 steps)",
    "Completed 1 epoch (15 steps)", "1 Epoche abgeschlossen (15 Schritte)" },
  { "completed-one-step", HL_RUN_STATUS_COMPLETED, 1, 1, 0, FALSE, "completed 1 epoch (1 steps)",
    "Completed 1 epoch (1 step)", "1 Epoche abgeschlossen (1 Schritt)" },
  { "completed-restored", HL_RUN_STATUS_COMPLETED, 2700, 300, 1200, TRUE,
    "completed 300 epochs (2700 steps); best weights restored from step 1200",
    "Completed 300 epochs (2700 steps); best weights restored from step 1200",
    "300 Epochen abgeschlossen (2700 Schritte); beste Gewichte von Schritt 1200 wiederhergestellt" },
  { "early-stopped", HL_RUN_STATUS_EARLY_STOPPED, 510, 8.5, 210, FALSE, "early stopped at step 510 (best at step 210)",
    "Early stopped at step 510 (best at step 210)", "Früh gestoppt bei Schritt 510 (am besten bei Schritt 210)" },
  { "early-stopped-restored", HL_RUN_STATUS_EARLY_STOPPED, 510, 8.5, 210, TRUE,
    "early stopped at step 510 (best at step 210); best weights restored",
    "Early stopped at step 510 (best at step 210); best weights restored",
    "Früh gestoppt bei Schritt 510 (am besten bei Schritt 210); beste Gewichte wiederhergestellt" },
  { "pruned-restored", HL_RUN_STATUS_EARLY_STOPPED, 40, 2, 30, TRUE,
    "stopped at step 40: " HL_RUN_PRUNED_REASON ": at step 40 it ranked 3 of the 3 trials that got there "
    "(the best 1 go on); best weights restored",
    "Pruned at step 40 by successive halving (best at step 30); best weights restored",
    "Bei Schritt 40 durch Successive Halving aussortiert (am besten bei Schritt 30); beste Gewichte "
    "wiederhergestellt" },
  /* stopped at its best step: nothing to restore */
  { "pruned-at-best", HL_RUN_STATUS_EARLY_STOPPED, 8, 1, 8, TRUE,
    "stopped at step 8: " HL_RUN_PRUNED_REASON ": at step 8 it ranked 2 of the 2 trials that got there "
    "(the best 1 go on); the last weights are the best",
    "Pruned at step 8 by successive halving (best at step 8); the last weights are the best",
    "Bei Schritt 8 durch Successive Halving aussortiert (am besten bei Schritt 8); die letzten Gewichte "
    "sind die besten" },
  { "diverged-nan", HL_RUN_STATUS_DIVERGED, 2, 0.2, 0, FALSE,
    "diverged at step 3 with learning rate 1e+06: the training loss became NaN",
    "Diverged at step 3 with learning rate 1e+06: the training loss became NaN",
    "Divergiert bei Schritt 3 mit Lernrate 1e+06: der Trainingsverlust wurde NaN" },
  { "diverged-infinite", HL_RUN_STATUS_DIVERGED, 2, 0.2, 0, FALSE,
    "diverged at step 3 with learning rate 1e+06: the training loss became infinite",
    "Diverged at step 3 with learning rate 1e+06: the training loss became infinite",
    "Divergiert bei Schritt 3 mit Lernrate 1e+06: der Trainingsverlust wurde unendlich" },
  { "cancelled", HL_RUN_STATUS_CANCELLED, 5, 0.5, 0, FALSE, "cancelled at step 5",
    "Cancelled at step 5", "Abgebrochen bei Schritt 5" },
};

/* The first line hl_cli_print_results prints for c's run. */
static char *
headline (const OutcomeCase *c)
{
  g_autoptr(HlConfig) config = hl_config_new ();
  g_autoptr(HlRun) run = NULL;
  char *text = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&text, &size);

  config->early_stopping.enabled = c->restore_best;
  config->early_stopping.restore_best = c->restore_best;
  run = hl_run_new (config);
  run->status = c->status;
  run->summary.steps = c->steps;
  run->summary.epochs = c->epochs;
  run->summary.best_step = c->best_step;
  run->summary.best_val_loss = c->best_step > 0 ? 0.25 : NAN;
  run->summary.stop_reason = g_strdup (c->stop_reason);
  if (c->status == HL_RUN_STATUS_DIVERGED)
    {
      run->summary.diverged_step = c->steps + 1;
      run->summary.diverged_lr = 1e6;
    }
  hl_cli_print_results (run, out);
  fclose (out);
  text[strcspn (text, "\n")] = '\0';
  return text;
}

static void
test_outcome (gconstpointer data)
{
  const OutcomeCase *c = data;
  g_autofree char *english = headline (c);
  g_autofree char *german = NULL;
  char *locale_dir = test_german_set_up ();

  g_assert_cmpstr (english, ==, c->english);
  if (locale_dir == NULL)
    return;
  german = headline (c);
  test_german_remove (locale_dir);
  g_assert_cmpstr (german, ==, c->german);
}

/* `validate`, `run` and `runs show` in German: the dataset line and the
 * ending are German, the record's stop_reason stays English. */
static void
test_cli_german (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hl-cli-outcome-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "de.run.json", NULL);
  g_autofree char *config = g_build_filename (g_getenv ("HYPERLAB_EXAMPLES"), "xor.hyperlab.json", NULL);
  const char *dataset = "xor: 2 Klassen, 2 Merkmale, 200 Beispiele (160 Training / 20 Validierung / 20 Test)";
  const char *ending = "1 Epoche abgeschlossen (5 Schritte)\n";
  g_autofree char *validated = NULL, *ran = NULL, *shown = NULL;
  g_autoptr(HlRun) run = NULL;
  g_autoptr(GError) error = NULL;

  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("no C.UTF-8 locale (gettext ignores LANGUAGE in C)");
      return;
    }
  validated = test_cli_run_german (g_getenv ("HYPERLAB_CLI"), (const char *[]) { "validate", config, "--set", "dataset.samples=200", NULL });
  g_assert_nonnull (strstr (validated, dataset));
  ran = test_cli_run_german (g_getenv ("HYPERLAB_CLI"), (const char *[]) { "run", config, "--set", "dataset.samples=200", "--set", "training.epochs=1",
                                       "-o", path, NULL });
  g_assert_true (g_str_has_prefix (ran, ending));
  run = hl_run_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (run->summary.stop_reason, ==, "completed 1 epoch (5 steps)");
  shown = test_cli_run_german (g_getenv ("HYPERLAB_CLI"), (const char *[]) { "runs", "show", path, NULL });
  g_assert_nonnull (strstr (shown, dataset));
  g_assert_nonnull (strstr (shown, ending));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/cli/outcome/%s", cases[i].name);
      g_test_add_data_func (test_path, &cases[i], test_outcome);
    }
  g_test_add_func ("/cli/outcome/german-cli", test_cli_german);
  return g_test_run ();
}
