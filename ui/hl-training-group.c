/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-training-group.c - the Training and Stopping form groups. */
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include "hl-form-util.h"
#include "hl-training-group.h"
#include "hl-format.h"

struct _HlTrainingGroup
{
  GtkBox          parent_instance;

  /* template widgets */
  AdwActionRow   *batch_row;
  GtkSpinButton  *batch_spin;
  GtkWidget      *batch_presets_button;
  GtkWidget      *epochs_row;
  GtkSpinButton  *epochs_spin;
  GtkWidget      *l2_row;
  GtkSpinButton  *l2_spin;
  GtkWidget      *validate_row;
  GtkSpinButton  *validate_spin;
  GtkWidget      *seed_row;
  GtkSpinButton  *seed_spin;
  GtkWidget      *threads_row;
  GtkSpinButton  *threads_spin;
  AdwExpanderRow *early_row;
  GtkWidget      *patience_row;
  GtkSpinButton  *patience_spin;
  GtkWidget      *min_delta_row;
  GtkSpinButton  *min_delta_spin;
  GtkWidget      *restore_row;
  GtkSwitch      *restore_switch;
  GtkWidget      *nan_row;
  GtkSwitch      *nan_switch;

  /* borrowed */
  HlConfig       *config;

  /* owned */
  HlDatasetInfo   info;
  char           *caption;
  gboolean        updating;
  gboolean        typed_batch;   /* the batch value comes from typed text */
  gboolean        setting_batch; /* the group sets the batch spin itself (a preset, a step's end) */
};

G_DEFINE_FINAL_TYPE (HlTrainingGroup, hl_training_group, GTK_TYPE_BOX)

enum { CHANGED, N_SIGNALS };

/* The minibatch spin runs from 1 to BATCH_MAX and then "All", its largest
 * value: "+" at "All" and "−" at 1 stay put (with 0 as "All", "+" on "All"
 * gave 1, stochastic gradient descent).  BATCH_MAX is the largest batch a
 * config holds as a number (its loader reads any up to 2^32 - 1; larger
 * than the training set means all of it): with 1,000,000, a typed
 * 2,000,000 was "All" and a number no more. */
#define BATCH_MAX ((double) G_MAXUINT)
#define BATCH_SPIN_ALL (BATCH_MAX + 1.0)

static double
batch_to_spin (guint batch_size)
{
  return batch_size == HL_BATCH_ALL ? BATCH_SPIN_ALL : MIN ((double) batch_size, BATCH_MAX);
}

static guint
batch_from_spin (double v)
{
  return v > BATCH_MAX + 0.5 ? HL_BATCH_ALL : (guint) v;
}

/* The batch size the spin holds: a config's own beyond BATCH_MAX as given,
 * while the spin still shows it (2,000,000 showed as 1,000,000 and was
 * saved so at the next edit in Training; found by a review). */
static guint
batch_of_spin (GtkSpinButton *spin)
{
  double exact;

  if (hl_form_spin_get_exact (spin, &exact))
    return (guint) exact;
  return batch_from_spin (gtk_spin_button_get_value (spin));
}
static guint signals[N_SIGNALS];

static void
update_caption (HlTrainingGroup *self)
{
  guint b = self->config->training.batch_size;
  guint n = hl_dataset_info_train_samples (&self->info, self->config);
  guint64 spe = hl_dataset_info_steps_per_epoch (&self->info, self->config);
  const char *method;
  g_autofree char *steps = NULL;

  if (b == 1)
    method = _("Stochastic gradient descent");
  else if (b == HL_BATCH_ALL || (n > 0 && b >= n))
    method = _("Batch gradient descent");
  else
    method = _("Mini-batch gradient descent");
  g_free (self->caption);
  if (spe > 0)
    {
      steps = hl_format_count (spe);
      self->caption = g_strdup_printf (ngettext ("%s · %s step per epoch",
                                                 "%s · %s steps per epoch", spe),
                                       method, steps);
    }
  else
    self->caption = g_strdup (method);
  hl_form_set_subtitle (GTK_WIDGET (self->batch_row), self->caption);
}

static void
read_widgets (HlTrainingGroup *self)
{
  HlTrainingConfig *t = &self->config->training;
  HlEarlyStoppingConfig *e = &self->config->early_stopping;

  t->batch_size = batch_of_spin (self->batch_spin);
  t->epochs = (guint) hl_form_spin_get_real (self->epochs_spin);
  t->l2 = hl_form_spin_get_real (self->l2_spin);
  t->validate_every_steps = (guint) hl_form_spin_get_real (self->validate_spin);
  /* a seed past 2^53 is not a double: only a seed typed here replaces it */
  if (hl_form_spin_touched (self->seed_spin))
    self->config->seed = (guint64) gtk_spin_button_get_value (self->seed_spin);
  t->threads = (guint) hl_form_spin_get_real (self->threads_spin);
  e->enabled = adw_expander_row_get_enable_expansion (self->early_row);
  e->patience_steps = (guint) hl_form_spin_get_real (self->patience_spin);
  e->min_delta = hl_form_spin_get_real (self->min_delta_spin);
  e->restore_best = gtk_switch_get_active (self->restore_switch);
  e->stop_on_nan = gtk_switch_get_active (self->nan_switch);
}

/* The batch "−" steps to from a full batch: the largest power of two
 * below the training set's n samples (540: 512), the largest preset while
 * n is not known. */
static guint
below_full_batch (guint n)
{
  guint64 b = 1;

  if (n == 0)
    return 256;
  while (b * 2 < n)
    b *= 2;
  return (guint) b;
}

/* Whether the spin went from one value to the other by a step of its
 * buttons, keys or wheel (not typed, not set). */
static gboolean
is_step (GtkSpinButton *spin, double from, double to)
{
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (spin);
  double d = fabs (to - from);

  return fabs (d - gtk_adjustment_get_step_increment (adj)) < 0.5
         || fabs (d - gtk_adjustment_get_page_increment (adj)) < 0.5;
}

/* Steps around a full batch ("All", or a number as large as the training
 * set): "−" goes to a minibatch that changes something (it gave the
 * training set's size, the same full batch, and "+" then 541 of 540), "+"
 * reaching the training set's size goes to "All", the top.  TRUE when the
 * spin was set anew (its handler ran with the new value). */
static gboolean
step_around_full_batch (HlTrainingGroup *self, gboolean typed)
{
  double v = gtk_spin_button_get_value (self->batch_spin);
  guint old = self->config->training.batch_size;
  double from = old == HL_BATCH_ALL ? BATCH_SPIN_ALL : old;
  guint n = hl_dataset_info_train_samples (&self->info, self->config);
  double to;

  if (typed || self->setting_batch || !is_step (self->batch_spin, from, v))
    return FALSE;
  if (v < from && (old == HL_BATCH_ALL || (n > 0 && old >= n)))
    to = below_full_batch (n);
  else if (v > from && n > 0 && v >= n && v <= BATCH_MAX)
    to = BATCH_SPIN_ALL;
  else
    return FALSE;
  self->setting_batch = TRUE;
  gtk_spin_button_set_value (self->batch_spin, to);
  self->setting_batch = FALSE;
  if (fabs (gtk_spin_button_get_value (self->batch_spin) - v) < 0.5)
    return FALSE;   /* the step's own value after all: not changed again */
  return TRUE;
}

static void
on_value_changed (HlTrainingGroup *self)
{
  gboolean typed = self->typed_batch;

  self->typed_batch = FALSE;
  if (self->updating || self->config == NULL)
    return;
  if (step_around_full_batch (self, typed))
    return;   /* set_value ran this handler with the new value */
  read_widgets (self);
  update_caption (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
on_batch_output (HlTrainingGroup *self, GtkSpinButton *spin)
{
  guint batch = batch_of_spin (spin);
  g_autofree char *text = batch == HL_BATCH_ALL ? g_strdup (_("All")) : g_strdup_printf ("%u", batch);

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  /* a config's batch past the range's 7 digits, in full */
  if ((int) strlen (text) > MAX (gtk_editable_get_width_chars (GTK_EDITABLE (spin)), 7))
    gtk_editable_set_width_chars (GTK_EDITABLE (spin), (int) strlen (text));
  return TRUE;
}

static gboolean
clear_typed_batch (gpointer data)
{
  HL_TRAINING_GROUP (data)->typed_batch = FALSE;
  return G_SOURCE_REMOVE;
}

static int
on_batch_input (HlTrainingGroup *self, double *new_value, GtkSpinButton *spin)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  double v, exact;

  if (g_ascii_strcasecmp (text, "all") == 0 || g_utf8_collate (text, _("All")) == 0)
    {
      *new_value = BATCH_SPIN_ALL;
      return TRUE;
    }
  /* Not a number: keep the value (GTK_INPUT_ERROR read as 0, which was
   * "All": "abc" silently meant full-batch gradient descent).  0, as in a
   * config file, is "All". */
  if (!hl_form_parse_number (text, &v) || v < 0)
    v = gtk_spin_button_get_value (spin);
  else if (v < 0.5)
    v = BATCH_SPIN_ALL;
  else if (hl_form_spin_get_exact (spin, &exact) && v == exact)
    v = gtk_spin_button_get_value (spin);   /* a config's own, as shown: kept */
  else
    {
      /* a number past the largest is clamped to it, as every spin clamps
       * what is typed, and stays a number: it was "All" */
      v = MIN (v, BATCH_MAX);
      if (hl_form_parse_number (text, &exact))
        hl_form_spin_take_typed (spin, exact, v);
    }
  *new_value = v;
  /* value-changed follows at once if the value changes; otherwise the idle
   * clears the mark.  Text that says the value as it is marks nothing: "+"
   * and "−" read the text first, and their step was then taken as typed
   * until the idle ran (from 539 of 540, "+" gave 540, not "All"). */
  if (fabs (v - gtk_spin_button_get_value (spin)) < 0.5)
    return TRUE;
  self->typed_batch = TRUE;
  g_idle_add_full (G_PRIORITY_HIGH, clear_typed_batch, g_object_ref (self), g_object_unref);
  return TRUE;
}

static void
batch_preset_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  HlTrainingGroup *self = HL_TRAINING_GROUP (widget);

  /* a preset is taken as chosen, never as a step */
  self->setting_batch = TRUE;
  gtk_spin_button_set_value (self->batch_spin, batch_to_spin (g_variant_get_uint32 (param)));
  self->setting_batch = FALSE;
}

static void
hl_training_group_finalize (GObject *object)
{
  g_free (HL_TRAINING_GROUP (object)->caption);
  G_OBJECT_CLASS (hl_training_group_parent_class)->finalize (object);
}

static void
hl_training_group_class_init (HlTrainingGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hl_training_group_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hyperlab/Hyperlab/ui/hl-training-group.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HlTrainingGroup, name)
  BIND (batch_row); BIND (batch_spin); BIND (batch_presets_button);
  BIND (epochs_row); BIND (epochs_spin); BIND (l2_row); BIND (l2_spin);
  BIND (validate_row); BIND (validate_spin); BIND (seed_row); BIND (seed_spin);
  BIND (threads_row); BIND (threads_spin);
  BIND (early_row); BIND (patience_row); BIND (patience_spin);
  BIND (min_delta_row); BIND (min_delta_spin); BIND (restore_row); BIND (restore_switch);
  BIND (nan_row); BIND (nan_switch);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_output);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_input);
  gtk_widget_class_install_action (widget_class, "training.batch-preset", "u",
                                   batch_preset_activated);
}

static void
hl_training_group_init (HlTrainingGroup *self)
{
  static const struct { gsize offset; const char *path; gboolean prefix; } rows[] = {
    { G_STRUCT_OFFSET (HlTrainingGroup, batch_row), "training.batch_size", FALSE },
    { G_STRUCT_OFFSET (HlTrainingGroup, epochs_row), "training.epochs", FALSE },
    { G_STRUCT_OFFSET (HlTrainingGroup, l2_row), "training.l2", FALSE },
    { G_STRUCT_OFFSET (HlTrainingGroup, validate_row), "training.validate_every_steps", FALSE },
    { G_STRUCT_OFFSET (HlTrainingGroup, seed_row), "seed", FALSE },
    { G_STRUCT_OFFSET (HlTrainingGroup, threads_row), "training.threads", FALSE },
    /* the expander also takes issues of the rows inside it, which may be hidden */
    { G_STRUCT_OFFSET (HlTrainingGroup, early_row), "early_stopping", TRUE },
    { G_STRUCT_OFFSET (HlTrainingGroup, patience_row), "early_stopping.patience_steps", FALSE },
    { G_STRUCT_OFFSET (HlTrainingGroup, min_delta_row), "early_stopping.min_delta", FALSE },
    { G_STRUCT_OFFSET (HlTrainingGroup, restore_row), "early_stopping.restore_best", FALSE },
    { G_STRUCT_OFFSET (HlTrainingGroup, nan_row), "early_stopping.stop_on_nan", FALSE },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  hl_form_spins_keep_on_bad_input (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    hl_form_set_path (G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset),
                      rows[i].path, rows[i].prefix);
  hl_form_spin_set_compact (self->l2_spin);
  hl_form_spin_set_compact (self->min_delta_spin);
  hl_form_set_label (GTK_WIDGET (self->batch_spin), _("Minibatch size"));
  hl_form_set_label (self->batch_presets_button, _("Minibatch presets"));
  hl_form_set_label (GTK_WIDGET (self->epochs_spin), _("Epochs"));
  hl_form_set_label (GTK_WIDGET (self->l2_spin), _("L2 penalty"));
  hl_form_set_label (GTK_WIDGET (self->validate_spin), _("Validate every"));
  hl_form_set_label (GTK_WIDGET (self->seed_spin), _("Seed"));
  hl_form_set_label (GTK_WIDGET (self->threads_spin), _("Threads"));
  /* more threads than cores only makes them wait for each other */
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->threads_spin),
                            CLAMP (g_get_num_processors (), 1, HL_MAX_THREADS));
  hl_form_set_label (GTK_WIDGET (self->patience_spin), _("Patience"));
  hl_form_set_label (GTK_WIDGET (self->min_delta_spin), _("Minimum improvement"));
  hl_form_set_label (GTK_WIDGET (self->restore_switch), _("Restore best weights"));
  hl_form_set_label (GTK_WIDGET (self->nan_switch), _("Stop on NaN"));
}

void
hl_training_group_set_config (HlTrainingGroup *self, HlConfig *config)
{
  const HlEarlyStoppingConfig *e = &config->early_stopping;

  g_return_if_fail (HL_IS_TRAINING_GROUP (self));
  self->config = config;
  self->updating = TRUE;
  hl_form_spin_set_exact (self->batch_spin, config->training.batch_size,
                          batch_to_spin (config->training.batch_size));
  hl_form_spin_set_real (self->epochs_spin, config->training.epochs);
  hl_form_spin_set_real (self->l2_spin, config->training.l2);
  hl_form_spin_set_real (self->validate_spin, config->training.validate_every_steps);
  hl_form_spin_set_real (self->seed_spin, (double) config->seed);
  /* more threads than cores only wait for each other, but a config's own
   * number is shown as it is (it showed 2 for 4 and saved 2) */
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->threads_spin),
                            CLAMP (MAX (g_get_num_processors (), config->training.threads), 1, HL_MAX_THREADS));
  hl_form_spin_set_real (self->threads_spin, config->training.threads);
  adw_expander_row_set_enable_expansion (self->early_row, e->enabled);
  hl_form_spin_set_real (self->patience_spin, e->patience_steps);
  hl_form_spin_set_real (self->min_delta_spin, e->min_delta);
  gtk_switch_set_active (self->restore_switch, e->restore_best);
  gtk_switch_set_active (self->nan_switch, e->stop_on_nan);
  self->updating = FALSE;
  update_caption (self);
}

void
hl_training_group_set_dataset_info (HlTrainingGroup *self, const HlDatasetInfo *info)
{
  g_return_if_fail (HL_IS_TRAINING_GROUP (self));
  self->info = *info;
  if (self->config != NULL)
    update_caption (self);
}

const char *
hl_training_group_get_batch_caption (HlTrainingGroup *self)
{
  g_return_val_if_fail (HL_IS_TRAINING_GROUP (self), NULL);
  return self->caption;
}
