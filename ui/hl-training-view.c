/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-training-view.c - shows a run: progress, live plot, decision boundary
 * and the outcome in words.  The worker only writes into the progress
 * mailbox; a tick callback drains it once per frame, so redraws stay at the
 * display rate however fast steps are.  Running the trainer: -run.c. */
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include "hl-boundary.h"
#include "hl-ui.h"
#include "hl-form-util.h"
#include "hl-format.h"
#include "hl-progress-mailbox.h"
#include "hl-training-view-private.h"




G_DEFINE_FINAL_TYPE (HlTrainingView, hl_training_view, GTK_TYPE_BOX)

enum { PROP_0, PROP_RUNNING, N_PROPS };
static GParamSpec *properties[N_PROPS];
enum { FINISHED, RUN_SAVED, RESUME_REFUSED, UNSAVED_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
hl_training_view_set_running (HlTrainingView *self, gboolean running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* The overfitting marker follows the trainer's verdict live: it appears,
 * moves to a new minimum or goes away as validation loss recovers. */
void
hl_training_view_set_overfitting (HlTrainingView *self, gboolean overfitting, guint64 step,
                                  double epoch)
{
  guint64 shown = overfitting ? MAX (step, 1) : 0;

  if (shown == self->marker_step)
    return;
  self->marker_step = shown;
  if (overfitting)
    hl_plot_set_marker (self->plot, step, epoch, _("Overfitting"));
  else
    hl_plot_set_marker (self->plot, NAN, NAN, NULL);
}

/* "0.1234", "1.726e9", or "NaN" / "∞" where printf wrote "-nan" (found by
 * a review): as every other view writes a loss (hl_format_loss) */
static const char *
format_loss (char buf[32], double v)
{
  g_autofree char *text = hl_format_loss (v);

  g_strlcpy (buf, text, 32);
  return buf;
}

/* "84.73 %", as the Runs table and the comparison write an accuracy */
static const char *
format_percent (char buf[32], double fraction)
{
  g_autofree char *text = hl_format_percent (fraction);

  g_strlcpy (buf, text, 32);
  return buf;
}

/* Once per run, when the trainer could not write the run's record or
 * checkpoint: while it trains (ended NULL) the run is at risk if Hyperlab
 * stops, and once it ended stopped it cannot be resumed; a console warning
 * reached nobody (a full disk went unnoticed). */
void
hl_training_view_warn_checkpoint (HlTrainingView *self, const HlRun *ended)
{
  g_autofree char *why = NULL, *message = NULL;
  AdwToast *toast;

  /* once while it trains; as it ends, only when that last write failed (a
   * count of failures said "cannot be resumed" of a run whose final
   * checkpoint was written; found by a code review) */
  if (self->trainer == NULL || (ended == NULL && self->checkpoint_warned))
    return;
  if (ended != NULL && !hl_trainer_get_final_write_failed (self->trainer))
    return;
  why = hl_trainer_dup_checkpoint_error (self->trainer);
  if (why == NULL)
    return;
  if (ended == NULL)
    /* the consequence first: a toast keeps one line and cut the rest off */
    message = g_strdup_printf (_("The run's progress is not being saved: if Hyperlab closes before "
                                 "it ends, the run is lost (%s)"), why);
  else if (ended->status == HL_RUN_STATUS_CANCELLED)
    message = g_strdup_printf (_("The stopped run cannot be resumed: its checkpoint could not be "
                                 "saved (%s)"), why);
  else
    return;   /* the record is written again as the run ends, and says so if that fails */
  self->checkpoint_warned = TRUE;
  toast = hl_ui_toast (GTK_WIDGET (self), message, 0);
  if (ended == NULL && toast != NULL)
    g_set_object (&self->checkpoint_toast, toast);
}

static void
show_progress (HlTrainingView *self, const HlProgress *p)
{
  g_autofree char *step = hl_format_count (p->step);
  g_autofree char *total = hl_format_count (p->total_steps);
  g_autoptr (GString) detail = g_string_new (NULL);
  char loss[32], vbuf[32];

  gint64 now = g_get_monotonic_time ();

  self->progress = *p;
  if (p->checkpoint_failures > 0)
    hl_training_view_warn_checkpoint (self, NULL);
  hl_training_view_set_overfitting (self, p->overfitting, p->overfitting_step,
                                    p->steps_per_epoch > 0
                                    ? (double) p->overfitting_step / p->steps_per_epoch : NAN);
  if (p->total_steps > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) p->step / p->total_steps));
  /* new label text means a new layout of the window: a few times a second is
   * plenty to read, and leaves the frames to the plot */
  if (self->running && now - self->labels_updated < LABEL_INTERVAL_US)
    return;
  self->labels_updated = now;
  g_string_printf (detail, _("Step %s of %s · epoch %u of %u · loss %s"),
                   step, total, MIN (p->epoch + 1, p->epochs), p->epochs,
                   format_loss (loss, p->train_loss));
  if (isfinite (p->val_loss))
    g_string_append_printf (detail, _(" · validation loss %s"), format_loss (vbuf, p->val_loss));
  if (isfinite (p->val_accuracy))
    g_string_append_printf (detail, _(" · validation accuracy %s"), format_percent (vbuf, p->val_accuracy));
  gtk_inscription_set_text (self->detail_label, detail->str);
  if (self->running)
    {
      g_autofree char *text = hl_format_time_left (p->eta);
      if (text != NULL)
        gtk_inscription_set_text (self->eta_label, text);
    }
}

void
hl_training_view_append (HlTrainingView *self, double step, double epoch, double train_loss,
                         double val_loss, double val_accuracy)
{
  hl_plot_append_point (self->plot, SERIES_TRAIN, step, epoch, train_loss);
  if (self->n_live > SERIES_VAL)
    hl_plot_append_point (self->plot, SERIES_VAL, step, epoch, val_loss);
  if (self->n_live > SERIES_ACC)
    hl_plot_append_point (self->plot, SERIES_ACC, step, epoch, val_accuracy);
}

/* A resumed run continues its curve: the points recorded before its
 * checkpoint go in first.  The worker drops the points after the
 * checkpoint, so only those before the first new point are kept. */
void
hl_training_view_plot_resumed (HlTrainingView *self, guint64 before_step)
{
  g_autoptr (HlRun) run = g_steal_pointer (&self->resumed);
  const HlMetrics *m;

  if (run == NULL)
    return;
  m = &run->metrics;
  for (guint i = 0; i < hl_metrics_len (m); i++)
    {
      guint64 step = g_array_index (m->step, guint64, i);
      double epoch = g_array_index (m->epoch, double, i);

      if (step >= before_step)
        break;
      hl_training_view_append (self, step, epoch, g_array_index (m->train_loss, double, i),
                               g_array_index (m->val_loss, double, i),
                               g_array_index (m->val_accuracy, double, i));
    }
}

static void
show_points (HlTrainingView *self, GArray *points)
{
  if (self->resumed != NULL && points->len > 0)
    hl_training_view_plot_resumed (self, g_array_index (points, HlMetricPoint, 0).step);
  for (guint i = 0; i < points->len; i++)
    {
      const HlMetricPoint *pt = &g_array_index (points, HlMetricPoint, i);

      hl_training_view_append (self, pt->step, pt->epoch, pt->train_loss, pt->val_loss,
                               pt->val_accuracy);
    }
}

static void
set_boundary_caption (HlTrainingView *self)
{
  g_autofree char *step = hl_format_count (self->boundary_best_step > 0 ? self->boundary_best_step
                                                                             : self->boundary_step);
  /* the grid after restore_best is of the best step's weights (it said the
   * last step; found by a GUI review) */
  g_autofree char *caption = NULL;

  if (self->boundary_curve)
    caption = self->boundary_best_step > 0
      ? g_strdup_printf (_("The model's fit to the training data, with the best weights (step %s)"), step)
      : g_strdup_printf (_("The model's fit to the training data, at step %s"), step);
  else
    caption = self->boundary_best_step > 0
      ? g_strdup_printf (_("Predicted class over the input plane, with the best weights (step %s)"), step)
      : g_strdup_printf (_("Predicted class over the input plane, at step %s"), step);
  gtk_inscription_set_text (self->boundary_caption, caption);
}

/* The column beside the curves: the boundary page while there is one, the
 * confusion page once a classification run has ended with a test set; a
 * switcher in the heading's place when both are there. */
static void
update_side (HlTrainingView *self)
{
  const gboolean boundary = self->boundary_shown;
  const gboolean confusion = gtk_stack_page_get_visible (self->confusion_page);

  gtk_stack_page_set_visible (self->boundary_page, boundary);
  gtk_widget_set_visible (self->boundary_box, boundary || confusion);
  gtk_widget_set_visible (self->side_switcher, boundary && confusion);
  gtk_widget_set_visible (GTK_WIDGET (self->boundary_heading), !(boundary && confusion));
  if (boundary)
    gtk_label_set_text (self->boundary_heading,
                        self->boundary_curve ? _("Fitted Curve") : _("Decision Boundary"));
  else if (confusion)
    {
      gtk_label_set_text (self->boundary_heading, _("Confusion Matrix"));
      gtk_stack_set_visible_child_name (self->side_stack, "confusion");
    }
}

/* The test set's confusion matrix of a run that has one, as it ended. */
static void
show_confusion (HlTrainingView *self, const HlRun *run)
{
  const HlConfusion *c = run != NULL ? run->summary.test_confusion : NULL;

  g_clear_pointer (&self->confusion_matrix, hl_confusion_free);
  g_clear_pointer (&self->confusion_name, g_free);
  if (c != NULL)
    {
      self->confusion_matrix = hl_confusion_copy (c);
      self->confusion_name = g_strdup (run->id);
    }
  if (c == NULL)
    hl_confusion_view_set_matrix (self->confusion, 0, NULL, NULL);
  else
    {
      g_autofree char *step = hl_format_count (run->summary.best_step);
      g_autofree char *caption = hl_run_restored_best (run)
        ? g_strdup_printf (_("The test set, with the best weights (step %s)"), step)
        : g_strdup (_("The test set, with the last weights"));

      hl_confusion_view_set_matrix (self->confusion, c->n_classes,
                                    (const char *const *) c->class_names, c->counts);
      gtk_inscription_set_text (self->confusion_caption, caption);
    }
  gtk_stack_page_set_visible (self->confusion_page, c != NULL);
  update_side (self);
}

static void
show_grid (HlTrainingView *self, const HlBoundaryGrid *grid)
{
  /* the step of the model drawn (a diverged run keeps an earlier one) */
  self->boundary_step = grid->step;
  /* no points from the form (its dataset was still loading): the run's own */
  if (hl_scatter_preview_get_n_points (self->boundary) == 0)
    hl_training_view_take_dataset_points (self);
  self->boundary_curve = grid->curve != NULL;
  if (grid->curve != NULL)
    hl_scatter_preview_set_curve (self->boundary, grid->curve, grid->res, grid->x_min, grid->x_max);
  else
    hl_scatter_preview_set_boundary (self->boundary, grid->cells, grid->res,
                                     grid->x_min, grid->x_max, grid->y_min, grid->y_max);
  gtk_stack_page_set_title (self->boundary_page, self->boundary_curve
                            ? C_("side column switcher", "Curve") : C_("side column switcher", "Boundary"));
  hl_form_set_label (GTK_WIDGET (self->boundary),
                     self->boundary_curve ? _("Fitted curve") : _("Decision boundary"));
  set_boundary_caption (self);
  self->boundary_shown = TRUE;
  update_side (self);
}

void
hl_training_view_drain (HlTrainingView *self)
{
  HlProgressDrain d = { 0 };

  if (self->mailbox == NULL || !hl_progress_mailbox_drain (self->mailbox, &d))
    {
      hl_progress_drain_clear (&d);
      return;
    }
  if (d.has_progress)
    show_progress (self, &d.progress);
  if (d.points != NULL)
    show_points (self, d.points);
  if (d.grid != NULL)
    show_grid (self, d.grid);
  hl_progress_drain_clear (&d);
}

gboolean
hl_training_view_on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  hl_training_view_drain (HL_TRAINING_VIEW (widget));
  return G_SOURCE_CONTINUE;
}

void
hl_training_view_set_outcome (HlTrainingView *self, const char *icon, const char *css, const char *title,
             const char *detail, gboolean retry)
{
  g_free (self->outcome);
  self->outcome = g_strdup (title);
  gtk_image_set_from_icon_name (self->outcome_icon, icon);
  gtk_widget_remove_css_class (self->outcome_box, "success");
  gtk_widget_remove_css_class (self->outcome_box, "warning");
  gtk_widget_remove_css_class (self->outcome_box, "error");
  if (css != NULL)
    gtk_widget_add_css_class (self->outcome_box, css);
  gtk_label_set_text (self->outcome_title, title);
  gtk_label_set_text (self->outcome_detail, detail);
  gtk_widget_set_visible (self->retry_button, retry);
  gtk_revealer_set_reveal_child (self->outcome_revealer, TRUE);
  gtk_label_set_text (self->status_label, title);
}

/* Results in one line: time, validation and test figures. */
static char *
describe_results (const HlRun *run)
{
  const HlSummary *s = &run->summary;
  g_autofree char *steps = hl_format_count (s->steps);
  g_autofree char *time = hl_format_duration (s->seconds);
  GString *text = g_string_new (NULL);
  char vbuf[32];

  double val_accuracy = s->final_val_accuracy;

  /* with the best weights put back, the validation accuracy beside the
   * test's is theirs (it was the discarded last step's) */
  if (hl_run_restored_best (run))
    {
      const HlMetrics *m = &run->metrics;

      val_accuracy = NAN;
      for (guint i = hl_metrics_len (m); i-- > 0;)
        if (g_array_index (m->step, guint64, i) == s->best_step)
          {
            val_accuracy = g_array_index (m->val_accuracy, double, i);
            break;
          }
    }
  g_string_printf (text, _("%s steps in %s"), steps, time);
  if (isfinite (s->best_val_loss))
    g_string_append_printf (text, _(" · best validation loss %s"), format_loss (vbuf, s->best_val_loss));
  if (isfinite (val_accuracy))
    g_string_append_printf (text, _(" · validation accuracy %s"), format_percent (vbuf, val_accuracy));
  if (isfinite (s->test_accuracy))
    g_string_append_printf (text, _(" · test accuracy %s"), format_percent (vbuf, s->test_accuracy));
  else if (isfinite (s->test_loss))
    g_string_append_printf (text, _(" · test loss %s"), format_loss (vbuf, s->test_loss));
  return g_string_free (text, FALSE);
}

/* The progress line with the run's final figures (the last progress post
 * may be a few steps behind the end). */
static void
show_final_progress (HlTrainingView *self, const HlRun *run)
{
  const HlSummary *s = &run->summary;
  g_autofree char *steps = hl_format_count (s->steps);
  g_autoptr (GString) detail = g_string_new (NULL);

  char loss[32], vbuf[32];

  g_string_printf (detail, _("%s steps · %.1f epochs · loss %s"), steps, s->epochs,
                   format_loss (loss, s->final_train_loss));
  if (isfinite (s->final_val_loss))
    g_string_append_printf (detail, _(" · validation loss %s"), format_loss (vbuf, s->final_val_loss));
  if (isfinite (s->final_val_accuracy))
    g_string_append_printf (detail, _(" · validation accuracy %s"), format_percent (vbuf, s->final_val_accuracy));
  gtk_inscription_set_text (self->detail_label, detail->str);
}

/* A completed or early-stopped run whose loss exploded or became NaN is no
 * success: a warning, with the retry at a tenth of the rate. */
static gboolean
show_loss_trouble (HlTrainingView *self, const HlRun *run, const char *ended)
{
  g_autofree char *title = NULL, *detail = NULL;
  double first, last;

  switch (hl_run_loss_trouble (run, &first, &last))
    {
    case HL_LOSS_TROUBLE_EXPLODED:
      {
        /* "1,515,500×", grouped as the form's counts */
        g_autofree char *times = hl_format_count ((guint64) MIN (last / first, 1e18));

        title = g_strdup_printf (_("%s, but the loss exploded"), ended);
        detail = g_strdup_printf (_("The training loss rose from %.3g to %.3g (%s×): the learning "
                                    "rate is most likely too high."), first, last, times);
      }
      break;
    case HL_LOSS_TROUBLE_NAN:
      {
        g_autofree char *step = hl_format_count ((guint64) last);
        title = g_strdup_printf (_("%s, but the loss became NaN"), ended);
        detail = g_strdup_printf (_("The training loss was not a number from step %s on (Stop on NaN "
                                    "was off). A smaller learning rate usually helps."), step);
      }
      break;
    case HL_LOSS_TROUBLE_NONE:
    default:
      return FALSE;
    }
  hl_training_view_set_outcome (self, "dialog-warning-symbolic", "warning", title, detail, TRUE);
  return TRUE;
}

void
hl_training_view_show_outcome (HlTrainingView *self, const HlRun *run)
{
  const HlSummary *s = &run->summary;
  g_autofree char *results = describe_results (run);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  const char *name = run->config && run->config->name && *run->config->name
                     ? run->config->name : NULL;
  g_autofree char *steps = hl_format_count (s->steps);
  g_autofree char *best = hl_format_count (s->best_step);
  g_autofree char *diverged = hl_format_count (s->diverged_step);

  switch (run->status)
    {
    case HL_RUN_STATUS_COMPLETED:
      /* the test results are those of the weights restored, if they were */
      if (hl_run_restored_best (run))
        title = g_strdup_printf (_("Completed (best weights from step %s)"), best);
      if (!show_loss_trouble (self, run, _("Completed")))
        hl_training_view_set_outcome (self, "emblem-ok-symbolic", "success",
                                      title ? title : _("Completed"), results, FALSE);
      break;
    case HL_RUN_STATUS_EARLY_STOPPED:
      title = hl_run_restored_best (run)
              ? g_strdup_printf (_("Early stopped at step %s (best weights from step %s)"), steps, best)
              : g_strdup_printf (_("Early stopped at step %s (best at step %s)"), steps, best);
      if (!show_loss_trouble (self, run, _("Early stopped")))
        hl_training_view_set_outcome (self, "emblem-ok-symbolic", "success", title, results, FALSE);
      break;
    case HL_RUN_STATUS_DIVERGED:
      title = g_strdup_printf (_("Diverged at step %s with learning rate %g"),
                               diverged, s->diverged_lr);
      detail = g_strdup (_("The loss became infinite or not a number. A smaller learning rate usually helps."));
      hl_training_view_set_outcome (self, "dialog-warning-symbolic", "error", title, detail, TRUE);
      break;
    case HL_RUN_STATUS_CANCELLED:
      title = g_strdup_printf (_("Cancelled at step %s"), steps);
      hl_training_view_set_outcome (self, "process-stop-symbolic", "warning", title, results, FALSE);
      break;
    default:
      hl_training_view_set_outcome (self, "dialog-error-symbolic", "error", _("Training failed"),
                   s->stop_reason ? s->stop_reason : "", FALSE);
      break;
    }
  show_final_progress (self, run);
  show_confusion (self, run);
  self->boundary_best_step = hl_run_restored_best (run) ? MAX (s->best_step, 1) : 0;
  set_boundary_caption (self);
  /* the card says how it ended; the heading names the run */
  gtk_label_set_text (self->status_label, name ? name : _("Last Run"));
  hl_training_view_set_overfitting (self, s->overfitting, s->overfitting_step,
                                    s->steps > 0 ? s->epochs * s->overfitting_step / s->steps : NAN);
}

/* Live series i (SERIES_*) of a group's member. */
static char *
live_label_of_seed (guint i, const char *seed)
{
  switch (i)
    {
    /* TRANSLATORS: %s is a seed: one run of a group trained once per seed,
     * beside the group's "Training loss, mean of 3 seeds" */
    case SERIES_TRAIN: return g_strdup_printf (_("Training loss, seed %s"), seed);
    case SERIES_VAL:   return g_strdup_printf (_("Validation loss, seed %s"), seed);
    default:           return g_strdup_printf (_("Validation accuracy, seed %s"), seed);
    }
}

void
hl_training_view_reset_plot (HlTrainingView *self)
{
  static const struct { const char *label; gboolean dashed; int axis; } series[] = {
    { N_("Training loss"), FALSE, 0 },
    { N_("Validation loss"), TRUE, 0 },
    { N_("Validation accuracy"), FALSE, 1 },
  };

  hl_plot_clear (self->plot);
  /* regression has no accuracy, validation_split 0 no validation: no empty
   * legend entry, no unused axis */
  for (guint i = 0; i < MIN (self->n_live, G_N_ELEMENTS (series)); i++)
    {
      double r, g, b;
      /* a group's member says which one it is: beside the group's means
       * three more plain "Training loss"… read as the same curves again */
      g_autofree char *label = self->live_seed != NULL ? live_label_of_seed (i, self->live_seed)
                                                      : g_strdup (_(series[i].label));

      hl_plot_palette (i, &r, &g, &b);
      hl_plot_add_series (self->plot, label, r, g, b, series[i].dashed, series[i].axis);
    }
  {
    /* "loss (MSE)": what is measured, in a figure exported for a paper */
    g_autofree char *loss = self->loss_task < 0 ? g_strdup (_("loss"))
                            : hl_plot_loss_label (_("loss"), self->loss_task, 1);

    hl_plot_set_y_labels (self->plot, loss, self->n_live > SERIES_ACC ? _("accuracy") : NULL);
  }
  hl_plot_set_marker (self->plot, NAN, NAN, NULL);
  self->marker_step = 0;
  hl_plot_reset_zoom (self->plot);
}

void
hl_training_view_reset_view (HlTrainingView *self, HlScatterPreview *points)
{
  memset (&self->progress, 0, sizeof self->progress);
  self->boundary_best_step = self->boundary_step = 0;
  self->boundary_curve = FALSE;
  self->checkpoint_warned = FALSE;
  g_clear_pointer (&self->outcome, g_free);
  gtk_revealer_set_reveal_child (self->outcome_revealer, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->status_label, _("Training…"));
  gtk_inscription_set_text (self->detail_label, _("Loading the dataset…"));
  gtk_inscription_set_text (self->eta_label, "");
  hl_scatter_preview_clear (self->boundary);
  if (points != NULL)
    hl_scatter_preview_copy_points (self->boundary, points);
  self->boundary_shown = FALSE;
  gtk_stack_set_visible_child_name (self->side_stack, "boundary");
  show_confusion (self, NULL);
  hl_training_view_reset_plot (self);
  hl_training_view_group_started (self);
  /* the run page is laid out underneath all along: uncovering it is cheap */
  gtk_widget_set_visible (self->empty_cover, FALSE);
}

void
hl_training_view_emit_finished (HlTrainingView *self, HlRun *run)
{
  g_signal_emit (self, signals[FINISHED], 0, run);
}

void
hl_training_view_emit_run_saved (HlTrainingView *self, const char *id)
{
  g_signal_emit (self, signals[RUN_SAVED], 0, id);
}

void
hl_training_view_emit_unsaved_changed (HlTrainingView *self)
{
  g_signal_emit (self, signals[UNSAVED_CHANGED], 0);
}

void
hl_training_view_emit_resume_refused (HlTrainingView *self, const GError *error)
{
  g_signal_emit (self, signals[RESUME_REFUSED], 0, error);
}

/* ---- plot options -------------------------------------------------------- */

static void
on_log_toggled (HlTrainingView *self)
{
  hl_plot_set_log_y (self->plot, gtk_toggle_button_get_active (self->log_button));
}

static void
on_smoothing_changed (HlTrainingView *self)
{
  hl_plot_set_smoothing (self->plot, gtk_adjustment_get_value (self->smoothing_adjustment));
}

static void
on_x_axis_selected (HlTrainingView *self)
{
  hl_plot_set_x_axis (self->plot, gtk_drop_down_get_selected (self->x_axis_dropdown) == 1
                                  ? HL_PLOT_X_EPOCHS : HL_PLOT_X_STEPS);
}

static void
on_reset_zoom (HlTrainingView *self)
{
  hl_plot_reset_zoom (self->plot);
}

/* What the empty state covers takes no focus: Tab went through the
 * curves' controls behind "Ready to Train", four presses unseen. */
static void
on_cover_visible (HlTrainingView *self)
{
  GtkWidget *overlay = gtk_widget_get_parent (self->empty_cover);

  gtk_widget_set_can_focus (gtk_overlay_get_child (GTK_OVERLAY (overlay)),
                            !gtk_widget_get_visible (self->empty_cover));
}

static gboolean
x_axis_get_mapping (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), "epochs") == 0);
  return TRUE;
}

static GVariant *
x_axis_set_mapping (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "epochs" : "steps");
}

void
hl_training_view_bind_settings (HlTrainingView *self, GSettings *settings)
{
  g_return_if_fail (HL_IS_TRAINING_VIEW (self));
  g_settings_bind (settings, "plot-log-y", self->log_button, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "plot-smoothing", self->smoothing_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "plot-x-axis", self->x_axis_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, x_axis_get_mapping, x_axis_set_mapping,
                                NULL, NULL);
}

/* ---- GObject ------------------------------------------------------------- */

static void
hl_training_view_dispose (GObject *object)
{
  HlTrainingView *self = HL_TRAINING_VIEW (object);

  /* a run in flight holds a ref: it ends soon after this cancel, and
   * finish_run then leaves the (cleared) template widgets alone */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_TRAINING_VIEW);
  G_OBJECT_CLASS (hl_training_view_parent_class)->dispose (object);
}

static void
hl_training_view_finalize (GObject *object)
{
  HlTrainingView *self = HL_TRAINING_VIEW (object);

  g_clear_pointer (&self->lock, hl_store_unlock);
  g_clear_pointer (&self->trainer, hl_trainer_free);
  g_clear_pointer (&self->boundary_state, hl_boundary_state_free);
  g_clear_pointer (&self->mailbox, hl_progress_mailbox_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->checkpoint_toast);
  hl_training_view_free_unsaved (self);
  g_clear_pointer (&self->pending_run, hl_run_free);
  g_clear_pointer (&self->last_run, hl_run_free);
  g_clear_pointer (&self->confusion_matrix, hl_confusion_free);
  g_clear_pointer (&self->confusion_name, g_free);
  g_clear_pointer (&self->resumed, hl_run_free);
  g_clear_pointer (&self->group_runs, g_ptr_array_unref);
  g_free (self->group);
  g_free (self->live_seed);
  g_free (self->outcome);
  G_OBJECT_CLASS (hl_training_view_parent_class)->finalize (object);
}

static void
hl_training_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, HL_TRAINING_VIEW (object)->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_training_view_class_init (HlTrainingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_training_view_dispose;
  object_class->finalize = hl_training_view_finalize;
  object_class->get_property = hl_training_view_get_property;
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                   | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[RUN_SAVED] = g_signal_new ("run-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[RESUME_REFUSED] = g_signal_new ("resume-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[UNSAVED_CHANGED] = g_signal_new ("unsaved-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (HL_TYPE_PLOT);
  g_type_ensure (HL_TYPE_SCATTER_PREVIEW);
  g_type_ensure (HL_TYPE_CONFUSION_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hyperlab/Hyperlab/ui/hl-training-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HlTrainingView, name)
  BIND (empty_cover); BIND (status_label); BIND (eta_label); BIND (progress_bar);
  BIND (detail_label); BIND (outcome_revealer); BIND (outcome_box); BIND (outcome_icon);
  BIND (outcome_title); BIND (outcome_detail); BIND (retry_button); BIND (log_button);
  BIND (smoothing_adjustment); BIND (smoothing_scale); BIND (x_axis_dropdown); BIND (reset_zoom_button); BIND (plot);
  BIND (boundary_box); BIND (boundary); BIND (boundary_caption); BIND (boundary_heading);
  BIND (side_switcher); BIND (side_stack); BIND (boundary_page); BIND (confusion_page);
  BIND (confusion); BIND (confusion_caption); BIND (confusion_export_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_reset_zoom);
  gtk_widget_class_bind_template_callback (widget_class, hl_training_view_on_export_confusion);
}

static void
hl_training_view_init (HlTrainingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->n_live = SERIES_ACC + 1;
  self->loss_task = -1;
  self->checkpoint_seconds = 10.0;
  g_signal_connect_swapped (self->log_button, "toggled", G_CALLBACK (on_log_toggled), self);
  g_signal_connect_swapped (self->smoothing_adjustment, "value-changed",
                            G_CALLBACK (on_smoothing_changed), self);
  g_signal_connect_swapped (self->x_axis_dropdown, "notify::selected",
                            G_CALLBACK (on_x_axis_selected), self);
  hl_form_set_label (GTK_WIDGET (self->progress_bar), _("Training progress"));
  hl_form_set_label (self->smoothing_scale, _("Smoothing"));
  hl_form_set_label (self->reset_zoom_button, _("Reset Zoom"));
  hl_form_set_label (GTK_WIDGET (self->x_axis_dropdown), _("Horizontal axis"));
  hl_form_set_label (GTK_WIDGET (self->plot), _("Loss and accuracy plot"));
  hl_form_set_label (GTK_WIDGET (self->boundary), _("Decision boundary"));
  g_signal_connect_swapped (self->empty_cover, "notify::visible", G_CALLBACK (on_cover_visible), self);
  on_cover_visible (self);
  hl_training_view_reset_plot (self);
}

void
hl_training_view_set_context (HlTrainingView *self, HlPluginRegistry *registry, HlStore *store)
{
  g_return_if_fail (HL_IS_TRAINING_VIEW (self));
  self->registry = registry;
  self->store = store;
}

gboolean
hl_training_view_get_running (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), FALSE);
  return self->running;
}

HlRun *
hl_training_view_get_last_run (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), NULL);
  return self->last_run;
}

HlPlot *
hl_training_view_get_plot (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), NULL);
  return self->plot;
}

HlScatterPreview *
hl_training_view_get_boundary (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), NULL);
  return self->boundary;
}

const HlProgress *
hl_training_view_get_progress (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), NULL);
  return &self->progress;
}

const char *
hl_training_view_get_outcome (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), NULL);
  return self->outcome;
}

const char *
hl_training_view_get_outcome_detail (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), NULL);
  return gtk_label_get_text (self->outcome_detail);
}

HlConfusionView *
hl_training_view_get_confusion (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), NULL);
  return self->confusion;
}

const char *
hl_training_view_get_boundary_caption (HlTrainingView *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_VIEW (self), NULL);
  return gtk_inscription_get_text (self->boundary_caption);
}
