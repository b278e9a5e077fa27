/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-lr-find-dialog.c - the learning-rate range test from the form: the
 * range, its curve and the rates to take in words, "Use" for the steepest
 * one into the field the config's schedule takes its peak from (the test
 * itself: hl-lr-find-dialog-run.c). */
#include <math.h>
#include <glib/gi18n.h>
#include "hl-format.h"
#include "hl-form-util.h"
#include "hl-param-rows.h"
#include "hl-plot-render.h"
#include "hl-lr-find-dialog-private.h"

G_DEFINE_FINAL_TYPE (HlLrFindDialog, hl_lr_find_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_RUNNING, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { USE, N_SIGNALS };
static guint signals[N_SIGNALS];

#define RATE_MIN   1e-10
#define RATE_MAX   100.0
#define LOG_STEP   0.5     /* of the range's spins: half a decade */

/* ---- the range ------------------------------------------------------------ */

/* The range shown, or FALSE with what is wrong in the dialog's words. */
gboolean
hl_lr_find_dialog_read_range (HlLrFindDialog *self, double *from, double *to, guint *steps, GError **error)
{
  g_autofree char *low = NULL;

  *from = hl_form_spin_get_real (self->from_spin);
  *to = hl_form_spin_get_real (self->to_spin);
  *steps = (guint) gtk_spin_button_get_value_as_int (self->steps_spin);
  if (*to > *from)
    return TRUE;
  low = hl_format_significant (*from, 3);
  g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_RANGE,
               _("Highest Rate: must be above the lowest (%s)"), low);
  return FALSE;
}

void
hl_lr_find_dialog_update_actions (HlLrFindDialog *self)
{
  const gboolean running = self->cancellable != NULL;
  double from, to;
  guint steps;
  g_autoptr (GError) problem = NULL;
  gboolean ok = hl_lr_find_dialog_read_range (self, &from, &to, &steps, &problem);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lr-find.start", ok && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lr-find.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lr-find.use",
                                 !running && isfinite (hl_lr_find_dialog_get_suggestion (self)));
  gtk_widget_set_visible (self->start_button, !running);
  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_sensitive (self->range_group, !running);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->to_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->to_row), "error");
  adw_action_row_set_subtitle (self->to_row, problem != NULL ? problem->message : NULL);
}

/* Return in a field of the range starts the test, the value just read:
 * the range is all the dialog asks before its one action (GNOME HIG: a
 * dialog's Return activates its default button).  It also runs again
 * after a result, rather than taking the old result with Use (the
 * default button then): a new range typed is meant to be tried.  A
 * spin's Return only read the value (found by a keyboard review). */
static void
on_field_activate (HlLrFindDialog *self)
{
  if (!gtk_widget_is_sensitive (self->start_button) || !gtk_widget_get_visible (self->start_button))
    return;
  /* as if Start was pressed from the keyboard: the focus then goes on to
   * Stop and Use (the field turns off as the test runs; left there, the
   * focus went nowhere) */
  gtk_widget_grab_focus (self->start_button);
  gtk_widget_activate_action (GTK_WIDGET (self), "lr-find.start", NULL);
}

static GtkSpinButton *
add_spin (HlLrFindDialog *self, AdwActionRow *row, double lo, double hi, double value, gboolean log)
{
  GtkWidget *spin = hl_form_spin_new (lo, hi, log ? LOG_STEP : 10, 0,
                                      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

  if (log)
    hl_form_spin_set_log_scale (GTK_SPIN_BUTTON (spin), lo, hi, LOG_STEP);
  hl_form_spin_set_real (GTK_SPIN_BUTTON (spin), value);
  adw_action_row_add_suffix (row, spin);
  adw_action_row_set_activatable_widget (row, spin);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (hl_lr_find_dialog_update_actions), self);
  /* after the spin's own handler, which reads the text (GTK 4.8 spins
   * have no "activate" of their own, their text has) */
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (spin)), "activate",
                           G_CALLBACK (on_field_activate), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  return GTK_SPIN_BUTTON (spin);
}

/* ---- the outcome ---------------------------------------------------------- */

void
hl_lr_find_dialog_running_changed (HlLrFindDialog *self)
{
  hl_lr_find_dialog_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
}

/* Where the test is, under the result's title. */
void
hl_lr_find_dialog_set_status (HlLrFindDialog *self, const char *text)
{
  adw_preferences_group_set_description (self->result_group, text);
}

/* lr to 2 significant digits, as exactly as a double holds it. */
static double
round_rate (double lr)
{
  int e;

  if (!isfinite (lr) || lr <= 0)
    return lr;
  e = (int) floor (log10 (lr)) - 1;
  return e < 0 ? round (lr * pow (10.0, -e)) / pow (10.0, -e) : round (lr / pow (10.0, e)) * pow (10.0, e);
}

/* "● text", the dot in the colour of the rate's marker on the plot. */
static void
set_line (GtkLabel *label, guint colour, const char *text)
{
  double r, g, b;
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *markup = NULL;

  hl_plot_palette (colour, &r, &g, &b);
  markup = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\">●</span> %s", (guint) lround (r * 255),
                            (guint) lround (g * 255), (guint) lround (b * 255), escaped);
  gtk_label_set_markup (label, markup);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

/* A test stopped before its loss turned up: the fall is not over, its
 * steepest point so far says little (it offered "Use 1e-6", the first
 * rate, after a Stop a second into a long test). */
static gboolean
stopped_too_soon (const HlLrFindResult *r)
{
  return r->cancelled && !hl_lr_find_result_turned (r);
}

static void
describe_steepest (HlLrFindDialog *self, const HlLrFindResult *r)
{
  g_autofree char *rate = hl_format_rate (round_rate (r->steepest_lr));
  g_autofree char *text = NULL;

  if (stopped_too_soon (r))
    text = g_strdup (_("Stopped before the loss turned up: too soon to suggest a rate"));
  else if (isfinite (r->steepest_lr))
    text = g_strdup_printf (_("Steepest fall at %s: a good rate to start from"), rate);
  else
    text = g_strdup (_("The loss never fell: try a wider range or more steps"));
  set_line (self->steepest_label, 2, text);
}

/* The lowest point of a loss that had not turned up, at the end of the
 * range or where Stop came, only says the test ended too soon; a loss that
 * rose a little after it was not "still falling" (the command line's
 * words, kept alike). */
static void
describe_lowest (HlLrFindDialog *self, const HlLrFindResult *r)
{
  g_autofree char *rate = hl_format_rate (r->min_loss_lr);
  g_autofree char *tenth = hl_format_rate (r->min_loss_lr / 10);
  const double rise = hl_lr_find_result_rise (r);
  g_autofree char *text = NULL;

  if (!isfinite (r->min_loss_lr))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->lowest_label), FALSE);
      return;
    }
  if (hl_lr_find_result_turned (r))
    text = g_strdup_printf (_("Lowest loss at %s: stay below a tenth of it (%s)"), rate, tenth);
  else if (rise > 0.0)
    {
      g_autofree char *percent = hl_format_significant (100.0 * rise, 2);

      /* TRANSLATORS: the rate of the lowest loss, then how many per cent the
       * loss rose after it */
      text = r->cancelled
        ? g_strdup_printf (_("Lowest loss so far at %s: the loss then rose by %s %% before the test "
                             "stopped, too little to be sure it turned up"), rate, percent)
        : g_strdup_printf (_("Lowest loss at %s: the loss then rose by %s %% up to the highest rate, "
                             "too little to be sure it turned up; raise the Highest Rate to see "
                             "where it does"), rate, percent);
    }
  else
    text = r->cancelled
      ? g_strdup_printf (_("Lowest loss so far at %s: the loss was still falling when the test "
                           "stopped"), rate)
      : g_strdup_printf (_("Lowest loss at %s: the loss was still falling at the highest rates; "
                           "raise the Highest Rate to see where it turns"), rate);
  set_line (self->lowest_label, 1, text);
}

/* "Use 9e-4", or "Use 9e-4 as Peak rate" where the schedule takes its
 * peak from a parameter of its own and ignores the base rate (one-cycle):
 * the base rate there changed nothing the run does. */
static void
set_use_label (HlLrFindDialog *self, double lr)
{
  g_autofree char *rate = hl_format_rate (lr);
  g_autofree char *label = NULL, *tip = NULL;

  if (self->use_label == NULL)
    {
      label = g_strdup_printf (_("_Use %s"), rate);
      tip = g_strdup (_("Put this rate in the form as the learning rate"));
    }
  else
    {
      label = g_strdup_printf (_("_Use %s as %s"), rate, self->use_label);
      tip = g_strdup_printf (_("Put this rate in the form as the schedule’s %s: the schedule sets "
                               "the rate from it and does not use the base learning rate"),
                             self->use_label);
    }
  gtk_button_set_label (GTK_BUTTON (self->use_button), label);
  gtk_widget_set_tooltip_text (self->use_button, tip);
}

void
hl_lr_find_dialog_show_result (HlLrFindDialog *self)
{
  const HlLrFindResult *r = self->result;
  g_autofree char *from = hl_format_rate (self->run_from), *to = hl_format_rate (self->run_to);
  g_autofree char *status = NULL;
  HlLrFindResult shown;
  const double suggestion = hl_lr_find_dialog_get_suggestion (self);

  if (r->blew_up || r->cancelled)
    {
      g_autofree char *at = hl_format_rate (g_array_index (r->lr, double, r->lr->len - 1));
      status = r->blew_up
        ? g_strdup_printf (_("Stopped after %u of %u steps, where the loss blew up (rate %s)"),
                           r->lr->len, self->run_steps, at)
        : g_strdup_printf (_("Stopped by you after %u of %u steps (rate %s): what follows is read "
                             "from the steps taken"), r->lr->len, self->run_steps, at);
    }
  else
    status = g_strdup_printf (_("%u steps, rates %s to %s"), r->lr->len, from, to);
  hl_lr_find_dialog_set_status (self, status);
  shown = *r;
  if (stopped_too_soon (r))
    shown.steepest_lr = NAN;   /* no mark for a rate the words do not offer */
  hl_lr_find_plot_set_result (self->plot, &shown);
  gtk_widget_set_visible (self->plot_frame, TRUE);
  describe_steepest (self, r);
  describe_lowest (self, r);
  if (isfinite (suggestion))
    set_use_label (self, suggestion);
  gtk_widget_set_visible (self->use_button, isfinite (suggestion));
  /* one suggested action: Use, once there is a rate to take */
  gtk_button_set_label (GTK_BUTTON (self->start_button), _("_Run Again"));
  if (isfinite (suggestion))
    {
      gtk_widget_remove_css_class (self->start_button, "suggested-action");
      gtk_window_set_default_widget (GTK_WINDOW (self), self->use_button);
    }
}

/* The outcome's place before a test: nothing shown but the status. */
void
hl_lr_find_dialog_clear_outcome (HlLrFindDialog *self)
{
  g_clear_pointer (&self->result, hl_lr_find_result_free);
  hl_lr_find_plot_set_result (self->plot, NULL);
  gtk_widget_set_visible (self->plot_frame, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->steepest_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->lowest_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (self->use_button, FALSE);
  gtk_widget_add_css_class (self->start_button, "suggested-action");
  /* the default button (Return) is the suggested one */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->start_button);
}

void
hl_lr_find_dialog_show_error (HlLrFindDialog *self, const char *message)
{
  g_autofree char *text = g_strdup_printf (_("The test could not run: %s"), message);

  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  hl_lr_find_dialog_set_status (self, _("No result"));
}

const char *
hl_lr_find_dialog_get_use_path (HlLrFindDialog *self)
{
  g_return_val_if_fail (HL_IS_LR_FIND_DIALOG (self), NULL);
  return self->use_path;
}

const HlLrFindResult *
hl_lr_find_dialog_get_result (HlLrFindDialog *self)
{
  g_return_val_if_fail (HL_IS_LR_FIND_DIALOG (self), NULL);
  return self->result;
}

double
hl_lr_find_dialog_get_suggestion (HlLrFindDialog *self)
{
  g_return_val_if_fail (HL_IS_LR_FIND_DIALOG (self), NAN);
  return self->result != NULL && !stopped_too_soon (self->result) ? round_rate (self->result->steepest_lr) : NAN;
}

/* ---- actions ---------------------------------------------------------------- */

static void
start_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  HlLrFindDialog *self = HL_LR_FIND_DIALOG (widget);
  g_autoptr (GError) error = NULL;

  if (!hl_lr_find_dialog_start (self, &error))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
      hl_lr_find_dialog_show_error (self, error->message);
    }
}

static void
stop_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  hl_lr_find_dialog_stop (HL_LR_FIND_DIALOG (widget));
}

static void
use_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  HlLrFindDialog *self = HL_LR_FIND_DIALOG (widget);
  const double lr = hl_lr_find_dialog_get_suggestion (self);

  if (self->cancellable != NULL || !isfinite (lr))
    return;
  g_signal_emit (self, signals[USE], 0, lr, self->use_path);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ---- GObject ---------------------------------------------------------------- */

/* However the window goes (closed, destroyed with its parent), a test
 * still running is cancelled: the task holds the object until the thread
 * sees it, and nothing touches the widgets then. */
static void
hl_lr_find_dialog_unrealize (GtkWidget *widget)
{
  hl_lr_find_dialog_stop (HL_LR_FIND_DIALOG (widget));
  GTK_WIDGET_CLASS (hl_lr_find_dialog_parent_class)->unrealize (widget);
}

static void
hl_lr_find_dialog_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, hl_lr_find_dialog_get_running (HL_LR_FIND_DIALOG (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_lr_find_dialog_dispose (GObject *object)
{
  HlLrFindDialog *self = HL_LR_FIND_DIALOG (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  hl_lr_find_dialog_end_live (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HL_TYPE_LR_FIND_DIALOG);
  G_OBJECT_CLASS (hl_lr_find_dialog_parent_class)->dispose (object);
}

static void
hl_lr_find_dialog_finalize (GObject *object)
{
  HlLrFindDialog *self = HL_LR_FIND_DIALOG (object);

  g_clear_pointer (&self->config, hl_config_free);
  g_clear_pointer (&self->result, hl_lr_find_result_free);
  g_clear_object (&self->cancellable);
  g_free (self->use_path);
  g_free (self->use_label);
  G_OBJECT_CLASS (hl_lr_find_dialog_parent_class)->finalize (object);
}

static void
hl_lr_find_dialog_class_init (HlLrFindDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = hl_lr_find_dialog_get_property;
  object_class->dispose = hl_lr_find_dialog_dispose;
  object_class->finalize = hl_lr_find_dialog_finalize;
  widget_class->unrealize = hl_lr_find_dialog_unrealize;
  props[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  signals[USE] = g_signal_new ("use", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                               G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);

  g_type_ensure (HL_TYPE_LR_FIND_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/hyperlab/Hyperlab/ui/hl-lr-find-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HlLrFindDialog, name)
  BIND (window_title); BIND (close_button); BIND (use_button); BIND (start_button);
  BIND (stop_button); BIND (from_row); BIND (to_row); BIND (steps_row); BIND (range_group);
  BIND (result_group); BIND (spinner); BIND (progress_bar); BIND (error_label); BIND (plot_frame);
  BIND (plot); BIND (steepest_label); BIND (lowest_label);
#undef BIND
  gtk_widget_class_install_action (widget_class, "lr-find.start", NULL, start_activated);
  gtk_widget_class_install_action (widget_class, "lr-find.stop", NULL, stop_activated);
  gtk_widget_class_install_action (widget_class, "lr-find.use", NULL, use_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hl_lr_find_dialog_init (HlLrFindDialog *self)
{
  g_type_ensure (ADW_TYPE_WINDOW_TITLE);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->from_spin = add_spin (self, self->from_row, RATE_MIN, RATE_MAX, 1e-6, TRUE);
  self->to_spin = add_spin (self, self->to_row, RATE_MIN, RATE_MAX, 1.0, TRUE);
  self->steps_spin = add_spin (self, self->steps_row, 10, HL_LR_FIND_MAX_STEPS, 200, FALSE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->start_button);
  hl_lr_find_dialog_update_actions (self);
}

/* The field Use sets: the schedule's own peak where it has one (a
 * parameter named max_lr, as one-cycle's, which ignores the base rate;
 * "Use" put the rate in the base rate, which changed nothing), else the
 * base rate, which a warm-up rises to. */
static void
find_use_target (HlLrFindDialog *self)
{
  const char *name = self->config->schedule.name;
  const HlPluginDescriptor *desc = name != NULL
    ? hl_plugin_registry_lookup (self->registry, HL_PLUGIN_KIND_SCHEDULE, name) : NULL;

  for (guint i = 0; desc != NULL && i < desc->n_params; i++)
    if (g_strcmp0 (desc->params[i].name, HL_LR_FIND_PEAK_PARAM) == 0)
      {
        self->use_path = g_strdup ("schedule.params." HL_LR_FIND_PEAK_PARAM);
        self->use_label = g_strdup (hl_param_spec_label (desc, &desc->params[i]));
        return;
      }
  self->use_path = g_strdup ("optimizer.learning_rate");
}

/* Gone with its window.  Not destroy-with-parent: the task may hold this
 * object past its parent (see hl_sweep_dialog_new). */
static void
on_parent_destroyed (HlLrFindDialog *self)
{
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

GtkWidget *
hl_lr_find_dialog_new (GtkWindow *parent, const HlConfig *config, HlPluginRegistry *registry)
{
  HlLrFindDialog *self;
  const HlPluginDescriptor *desc;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (config != NULL && registry != NULL, NULL);
  self = g_object_new (HL_TYPE_LR_FIND_DIALOG, "transient-for", parent, NULL);
  self->config = hl_config_copy (config);
  self->registry = registry;
  find_use_target (self);
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (on_parent_destroyed), self, G_CONNECT_SWAPPED);
  desc = hl_plugin_registry_lookup (registry, HL_PLUGIN_KIND_OPTIMIZER, config->optimizer.name);
  /* what the rate depends on most */
  subtitle = g_strdup_printf (_("%s · batch %u"), desc != NULL ? hl_plugin_label (desc) : config->optimizer.name,
                              config->training.batch_size);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  return GTK_WIDGET (self);
}
