/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-ui-more.c - the sweep dialog's run page under load and when
 * things go wrong: Continue after Stop refused (another process holds the
 * sweep) and the dialog closed while its record opens, trials saved in a
 * burst (the Runs page catches up once), and a sweep of 500 trials (rows
 * only for those on screen).  Part of test-sweep-ui (its store and
 * helpers). */
#include <string.h>
#include "test-gui-util.h"
#include "test-store-util.h"
#include "test-sweep-ui.h"

static gboolean
not_opening (gpointer dialog)
{
  return ((HlSweepDialog *) dialog)->opening == NULL;
}

/* Continue after Stop when the record cannot be opened (another process
 * holds the sweep): the dialog says why, in red, and Continue is offered
 * again; once the other lets go, Continue trains the rest.  Closed while
 * its record opens, the dialog lets go of the sweep (it can be opened). */
static void
test_continue_refused (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  HlStore *store = hl_application_get_store (app);
  g_autofree char *record_dir = NULL, *id = NULL;
  g_autoptr (GError) error = NULL;
  HlStoreLock *lock;

  grid_of_learning_rates (d, 2, 1, FALSE);
  g_assert_true (hl_sweep_dialog_start (d, NULL));
  g_assert_true (test_wait_until (some_training, d, 20000));
  hl_sweep_dialog_stop (d);
  g_assert_true (test_wait_until (not_running, d, 20000));
  id = g_strdup (hl_sweep_dialog_get_sweep (d)->id);
  record_dir = g_strdup (hl_sweep_dialog_get_sweep (d)->record_dir);
  lock = hl_store_lock_run_in (record_dir, "sweep", &error);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.continue", NULL));
  g_assert_nonnull (d->opening);
  g_assert_true (test_wait_until (not_opening, d, 20000));
  g_assert_false (hl_sweep_dialog_get_running (d));
  g_assert_nonnull (strstr (gtk_label_get_text (d->best_label), "Cannot continue the sweep: "));
  g_assert_nonnull (strstr (gtk_label_get_text (d->best_label), "being trained by another process"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (d->best_label), "error"));
  g_assert_true (gtk_widget_get_visible (d->continue_button));
  g_assert_true (gtk_widget_is_sensitive (d->continue_button));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (d->continue_spinner)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (d->stack), ==, "run");

  /* let go: Continue goes on, and the red is gone */
  hl_store_unlock (lock);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.continue", NULL));
  g_assert_true (test_wait_until (is_running, d, 20000));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (d->best_label), "error"));
  hl_sweep_dialog_stop (d);
  g_assert_true (test_wait_until (not_running, d, 20000));

  /* closed while it opens: nothing trains, the sweep is not held */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.continue", NULL));
  gtk_window_destroy (GTK_WINDOW (d));
  g_assert_true (test_wait_until (not_opening, d, 20000));
  g_assert_false (hl_sweep_dialog_get_running (d));
  {
    g_autoptr (HlSweep) again = hl_sweep_record_open (store, id, hl_application_get_registry (app), &error);
    g_assert_no_error (error);
    g_assert_nonnull (again);
  }
  hl_sweep_record_forget (store, id, NULL);
}

static void
count_changes (HlRunList *list, const char *const *ids, guint *changes)
{
  (*changes)++;
}

static gboolean
changed (gpointer changes)
{
  return *(guint *) changes >= 1;
}

/* Trials saved in a burst (a sweep of short trials saves tens a second):
 * the Runs page catches up once a moment later, not at each trial (each
 * refresh rescans the store: such a sweep held the window for 0.3-0.6 s
 * at a time on a store of a thousand runs); a sweep that ends brings it
 * up to date at once. */
static void
test_runs_page_keeps_up (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  HlRunList *list = f->window->run_list;
  HlStore *store = hl_run_list_get_store (list);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint changes = 0;
  gulong handler;

  handler = g_signal_connect (list, "runs-changed", G_CALLBACK (count_changes), &changes);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *id = g_strdup_printf ("20200301-000000-%04u", i);
      g_autoptr (HlRun) run = hl_test_make_run (id, "burst", HL_RUN_STATUS_COMPLETED, 3);
      g_autoptr (GError) error = NULL;

      /* as the dialog's own store saves a trial's run */
      g_assert_true (hl_store_write (store, run, &error));
      g_assert_no_error (error);
      g_signal_emit_by_name (d, "trial-saved", id);
      g_ptr_array_add (ids, g_steal_pointer (&id));
    }
  g_assert_cmpuint (changes, ==, 0);
  /* the refresh comes a moment later (later still on a loaded machine);
   * then no more for this burst */
  g_assert_true (test_wait_until (changed, &changes, 20000));
  test_spin_loop (1000);
  g_test_message ("the Runs page changed %u times", changes);
  g_assert_cmpuint (changes, >=, 1);
  g_assert_cmpuint (changes, <=, 2);   /* (and the folder's own monitor) */
  for (guint i = 0; i < ids->len; i++)
    g_assert_nonnull (hl_store_lookup (store, ids->pdata[i]));
  /* a sweep that ends: at once */
  {
    g_autoptr (HlRun) run = hl_test_make_run ("20200301-000001-0000", "last", HL_RUN_STATUS_COMPLETED, 3);
    g_assert_true (hl_store_write (store, run, NULL));
    g_signal_emit_by_name (d, "trial-saved", "20200301-000001-0000");
    g_signal_emit_by_name (d, "finished");
    g_assert_nonnull (hl_store_lookup (store, "20200301-000001-0000"));
  }
  g_signal_handler_disconnect (list, handler);
  for (guint i = 0; i < ids->len; i++)
    hl_store_delete (store, ids->pdata[i], NULL);
  hl_store_delete (store, "20200301-000001-0000", NULL);
}

/* 500 trials (50 rates × 10 batch sizes): the run page makes rows for
 * those on screen and about them, not one for each (a list of 500 rows was measured
 * whole at every update: the window froze for about a second at a time
 * while the trials trained), and the list still shows each trial as it
 * ends. */
static void
test_many_trials (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  HlVary *batch = vary (d, "training.batch_size");

  grid_of_learning_rates (d, 50, 2, FALSE);
  adw_expander_row_set_enable_expansion (batch->row, TRUE);
  gtk_editable_set_text (batch->values, "8, 9, 10, 11, 12, 13, 14, 15, 16, 17");
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 500);
  g_assert_true (hl_sweep_dialog_start (d, NULL));
  g_assert_true (test_wait_until (some_training, d, 20000));
  test_spin_loop (200);
  hl_sweep_dialog_stop (d);
  g_assert_true (test_wait_until (not_running, d, 60000));
  test_spin_loop (100);
  collect_rows (GTK_WIDGET (d->trial_list), rows);
  g_test_message ("%u rows for 500 trials", rows->len);
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (rows->len, <=, 250);   /* (GTK 4.8's list view keeps about 200) */
  /* the first rows as their trials ended (ranked, now that the sweep has
   * ended: the list's own order) */
  for (guint i = 0; i < MIN (rows->len, 3); i++)
    {
      g_autoptr (HlSweepTrialItem) t = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (d->trial_list)), i);
      g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[i]), ==, t->subtitle);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (d->trials)), ==, 500);
}

/* The label below root that shows name, or a trial's own part of it
 * ("#2 · lr=0.1") after a label with the rest (the Runs page's name cell
 * of a sweep's trial). */
static GtkWidget *
find_name_label (GtkWidget *root, const char *name)
{
  const char *part = NULL;
  GtkWidget *head;

  if (GTK_IS_LABEL (root))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (root));

      if (g_strcmp0 (text, name) == 0)
        return root;
      if (g_str_has_suffix (name, text) && strlen (text) < strlen (name))
        part = name + strlen (name) - strlen (text);
      head = gtk_widget_get_prev_sibling (root);
      if (part != NULL && part > name && part[-1] == ' ' && GTK_IS_LABEL (head)
          && strlen (gtk_label_get_text (GTK_LABEL (head))) == (gsize) (part - 1 - name)
          && strncmp (gtk_label_get_text (GTK_LABEL (head)), name, part - 1 - name) == 0)
        return root;
      return NULL;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_name_label (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A run's name cell drawn whole inside the Runs page's scrolled view. */
static gboolean
name_in_view (HlRunList *list, const char *name)
{
  GtkWidget *column_view = test_find_child (GTK_WIDGET (list), GTK_TYPE_COLUMN_VIEW);
  GtkWidget *scroller = gtk_widget_get_parent (column_view);
  GtkWidget *label = find_name_label (scroller, name);
  graphene_rect_t b;

  if (label == NULL || !gtk_widget_get_mapped (label) || !gtk_widget_compute_bounds (label, scroller, &b))
    return FALSE;
  return b.origin.y >= 0 && b.origin.y + b.size.height <= gtk_widget_get_height (scroller);
}

typedef struct {
  HlRunList *list;
  GPtrArray *names;
} ShownNames;

static gboolean
all_in_view (gpointer data)
{
  ShownNames *s = data;

  for (guint i = 0; i < s->names->len; i++)
    if (!name_in_view (s->list, s->names->pdata[i]))
      return FALSE;
  return TRUE;
}

typedef struct {
  HlRunList  *list;
  const char *name;
} NameInView;

static gboolean
one_in_view (gpointer data)
{
  NameInView *n = data;

  return name_in_view (n->list, n->name);
}

/* Show Runs on a store of older runs, the Runs page not shown before:
 * every trial's row, selected, is in view, the best among them.
 * The best was revealed alone and came to the top of the view; the newer
 * trials, above it, stayed out of sight (found using the app: 5 of 12
 * trials looked unselected). */
static void
test_show_runs_in_view (Fixture *f, gconstpointer data)
{
  HlSweepDialog *d = f->dialog;
  HlRunList *list = f->window->run_list;
  HlStore *store = hl_run_list_get_store (list);
  g_autoptr (GPtrArray) old = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) ranking = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) selected = NULL;
  ShownNames shown = { list, names };
  const HlSweepTrial *best;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("20200302-000000-%04u", i);
      g_autoptr (HlRun) run = hl_test_make_run (id, id, HL_RUN_STATUS_COMPLETED, 3);

      g_assert_true (hl_store_write (store, run, NULL));
      g_ptr_array_add (old, g_steal_pointer (&id));
    }
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  hl_window_show_page (f->window, "runs");
  {
    NameInView newest = { list, old->pdata[39] };

    test_wait_until (one_in_view, &newest, 10000);   /* the page laid out */
  }
  g_assert_true (name_in_view (list, old->pdata[39]));   /* the newest, at the top */
  hl_window_show_page (f->window, "train");
  /* learning rates 0.01 to 100, one trial at a time: the later ones,
   * listed above the first, diverge; the best is among the first */
  grid_of_learning_rates (d, 4, 1, FALSE);
  type_number (vary (d, "optimizer.learning_rate")->low, 0.01);
  type_number (vary (d, "optimizer.learning_rate")->high, 100);
  g_assert_cmpuint (hl_sweep_dialog_get_n_trials (d), ==, 4);
  g_assert_true (hl_sweep_dialog_start (d, NULL));
  g_assert_true (test_wait_until (not_running, d, 60000));
  ranking = hl_sweep_ranking (d->sweep);
  best = ranking->pdata[0];
  g_test_message ("best: trial #%u", best->index);
  g_assert_cmpuint (best->index, <, 4);   /* not the newest: else this shows nothing */
  for (guint i = 0; i < d->sweep->trials->len; i++)
    {
      const HlSweepTrial *t = d->sweep->trials->pdata[i];
      const HlRunInfo *info;

      g_assert_true (hl_store_refresh (store, NULL));
      info = hl_store_lookup (store, t->run_id);
      g_assert_nonnull (info);
      if (info != NULL)
        g_ptr_array_add (names, g_strdup (info->name));
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d), "sweep.show-runs", NULL));
  selected = hl_run_list_get_selected_ids (list);
  g_assert_cmpuint (selected->len, ==, 4);
  /* not waited for: all four are in view for a frame or two before the
   * old scroll, and with the fix at every moment */
  test_spin_loop (1000);
  g_assert_true (all_in_view (&shown));
  for (guint i = 0; i < names->len; i++)
    if (!name_in_view (list, names->pdata[i]))
      g_test_message ("out of view: %s", (const char *) names->pdata[i]);
  for (guint i = 0; i < old->len; i++)
    hl_store_delete (store, old->pdata[i], NULL);
  for (guint i = 0; i < selected->len; i++)
    hl_store_delete (store, selected->pdata[i], NULL);
}

void
test_sweep_ui_more_add (void)
{
  /* trials of 100000 epochs: stopped as the first trains, never both ended
   * first (with 5000, a loaded machine's main loop saw the first train
   * only after both had ended: the sweep finished, its record gone) */
  g_test_add ("/sweep-ui/continue-refused", Fixture, GUINT_TO_POINTER (100000), setup_quick, test_continue_refused,
              teardown);
  g_test_add ("/sweep-ui/runs-page-keeps-up", Fixture, NULL, setup_quick, test_runs_page_keeps_up, teardown);
  g_test_add ("/sweep-ui/show-runs-in-view", Fixture, NULL, setup_quick, test_show_runs_in_view, teardown);
  g_test_add ("/sweep-ui/many-trials", Fixture, GUINT_TO_POINTER (1), setup_quick, test_many_trials, teardown);
}
