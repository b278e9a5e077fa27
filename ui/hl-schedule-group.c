/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-schedule-group.c - the learning-rate schedule form group with a live
 * preview: the plugin is instantiated and its rate() sampled over the planned
 * steps (cheap: a few hundred calls), unless it follows the validation loss. */
#include <math.h>
#include <glib/gi18n.h>
#include "hl-form-util.h"
#include "hl-param-rows.h"
#include "hl-schedule-group.h"
#include "hl-format.h"

#define PREVIEW_POINTS 240

struct _HlScheduleGroup
{
  AdwPreferencesGroup parent_instance;

  /* template widgets */
  AdwComboRow    *schedule_row;
  AdwExpanderRow *params_row;
  GtkDrawingArea *preview;
  GtkLabel       *caption;

  /* borrowed */
  HlConfig       *config;

  /* owned */
  HlPluginPicker *picker;
  double          rates[PREVIEW_POINTS];
  guint           n_rates;
  guint64         total_steps;
};

G_DEFINE_FINAL_TYPE (HlScheduleGroup, hl_schedule_group, ADW_TYPE_PREFERENCES_GROUP)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
emit_changed (gpointer user_data)
{
  g_signal_emit (user_data, signals[CHANGED], 0);
}

/* Sample the schedule; FALSE when it cannot be instantiated. */
static gboolean
sample_rates (HlScheduleGroup *self, const HlPluginDescriptor *desc, guint64 spe)
{
  double hp[HL_PLUGIN_MAX_PARAMS];
  g_autoptr (GError) error = NULL;
  gpointer inst;
  guint n = (guint) MIN (self->total_steps, PREVIEW_POINTS);

  for (guint i = 0; i < desc->n_params && i < HL_PLUGIN_MAX_PARAMS; i++)
    hp[i] = hl_params_get (self->config->schedule.params, desc->params[i].name,
                           desc->params[i].default_value);
  inst = desc->schedule->create (hp, &error);
  if (inst == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      HlScheduleContext ctx = { 0 };

      /* rounded: truncating skipped steps (7, 14, 28 … of 84) and took their neighbours twice */
      ctx.step = n > 1 ? (guint64) llround ((double) i / (n - 1) * (self->total_steps - 1)) : 0;
      ctx.steps_per_epoch = spe;
      ctx.epoch = ctx.step / spe;
      ctx.total_steps = self->total_steps;
      ctx.base_lr = self->config->optimizer.learning_rate;
      self->rates[i] = desc->schedule->rate (inst, &ctx);
    }
  desc->schedule->free (inst);
  self->n_rates = n;
  return TRUE;
}

static void
set_caption (HlScheduleGroup *self, const char *why_no_preview)
{
  double lo = INFINITY, hi = -INFINITY;
  g_autofree char *steps = NULL, *text = NULL;

  for (guint i = 0; i < self->n_rates; i++)
    lo = MIN (lo, self->rates[i]), hi = MAX (hi, self->rates[i]);
  steps = hl_format_count (self->total_steps);
  if (self->n_rates == 0)
    text = g_strdup (why_no_preview);
  else if (lo == hi)
    text = g_strdup_printf (_("Constant %.4g over %s steps"), hi, steps);
  else
    text = g_strdup_printf (_("From %.4g to %.4g (range %.4g – %.4g) over %s steps"),
                            self->rates[0], self->rates[self->n_rates - 1], lo, hi, steps);
  gtk_label_set_text (self->caption, text);
}

/* A schedule told the validation losses (observe: plateau) changes the rate
 * by what training measures: sampled ahead it looked constant ("Constant 1
 * over 1,500 steps" for plateau; found by a GUI review).  The caption says
 * where it starts instead, and no curve is drawn. */
static char *
observed_caption (HlScheduleGroup *self)
{
  g_autofree char *every = hl_format_count (MAX (self->config->training.validate_every_steps, 1));
  double start = self->rates[0];

  self->n_rates = 0;
  return g_strdup_printf (_("No preview: the rate depends on the validation loss. It starts at %.4g "
                            "and can change at each validation (every %s steps and at each epoch end)."),
                          start, every);
}

void
hl_schedule_group_update_preview (HlScheduleGroup *self, const HlDatasetInfo *info)
{
  const HlPluginDescriptor *desc;
  const char *why = NULL;
  g_autofree char *observed = NULL;
  guint64 spe;

  g_return_if_fail (HL_IS_SCHEDULE_GROUP (self));
  self->n_rates = 0;
  if (self->config == NULL)
    return;
  desc = hl_plugin_picker_get_descriptor (self->picker);
  spe = hl_dataset_info_steps_per_epoch (info, self->config);
  self->total_steps = spe * self->config->training.epochs;
  /* 0 epochs, from a file opened with its problems marked, is no unknown
   * dataset size */
  if (self->config->training.epochs == 0)
    why = _("Preview available once the marked problems are fixed");
  else if (self->total_steps == 0)
    why = _("Preview available once the dataset size is known");
  else if (!isfinite (self->config->optimizer.learning_rate)
           || self->config->optimizer.learning_rate <= 0)
    why = _("Preview available once the learning rate is valid");
  else if (desc == NULL || desc->schedule == NULL)
    why = _("No preview: the schedule is not installed");
  else if (!sample_rates (self, desc, spe))
    why = _("No preview: the schedule's settings are not valid");
  else if (desc->schedule->observe != NULL)
    why = observed = observed_caption (self);
  set_caption (self, why);
  /* an empty card looked like a preview that failed to draw */
  gtk_widget_set_visible (GTK_WIDGET (self->preview), self->n_rates >= 2);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

const char *
hl_schedule_group_get_caption (HlScheduleGroup *self)
{
  g_return_val_if_fail (HL_IS_SCHEDULE_GROUP (self), NULL);
  return gtk_label_get_text (self->caption);
}

const double *
hl_schedule_group_get_preview (HlScheduleGroup *self, guint *n)
{
  *n = self->n_rates;
  return self->rates;
}

static void
draw_preview (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  HlScheduleGroup *self = user_data;
  double hi = 0, pad = 8, w = width - 2 * pad, h = height - 2 * pad;
  GdkRGBA accent;

  if (self->n_rates < 2)
    return;
  for (guint i = 0; i < self->n_rates; i++)
    if (isfinite (self->rates[i]))
      hi = MAX (hi, self->rates[i]);
  if (hi <= 0)
    hi = 1;
  /* the accent colour of the theme, as the libadwaita stylesheet names it */
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (area)),
                                       "accent_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");
  cairo_move_to (cr, pad, pad + h);
  for (guint i = 0; i < self->n_rates; i++)
    {
      double v = isfinite (self->rates[i]) ? self->rates[i] : 0;
      cairo_line_to (cr, pad + w * i / (self->n_rates - 1), pad + h - h * v / hi);
    }
  cairo_line_to (cr, pad + w, pad + h);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.18);
  cairo_fill (cr);
  for (guint i = 0; i < self->n_rates; i++)
    {
      double v = isfinite (self->rates[i]) ? self->rates[i] : 0;
      cairo_line_to (cr, pad + w * i / (self->n_rates - 1), pad + h - h * v / hi);
    }
  cairo_set_source_rgb (cr, accent.red, accent.green, accent.blue);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static void
hl_schedule_group_dispose (GObject *object)
{
  HlScheduleGroup *self = HL_SCHEDULE_GROUP (object);

  g_clear_pointer (&self->picker, hl_plugin_picker_free);
  G_OBJECT_CLASS (hl_schedule_group_parent_class)->dispose (object);
}

static void
hl_schedule_group_class_init (HlScheduleGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_schedule_group_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hyperlab/Hyperlab/ui/hl-schedule-group.ui");
  gtk_widget_class_bind_template_child (widget_class, HlScheduleGroup, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, HlScheduleGroup, params_row);
  gtk_widget_class_bind_template_child (widget_class, HlScheduleGroup, preview);
  gtk_widget_class_bind_template_child (widget_class, HlScheduleGroup, caption);
}

static void
hl_schedule_group_init (HlScheduleGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->picker = hl_plugin_picker_new (self->schedule_row, self->params_row,
                                       HL_PLUGIN_KIND_SCHEDULE, "schedule", emit_changed, self);
  gtk_drawing_area_set_draw_func (self->preview, draw_preview, self, NULL);
  hl_form_set_label (GTK_WIDGET (self->preview), _("Learning rate over the planned steps"));
}

void
hl_schedule_group_set_registry (HlScheduleGroup *self, HlPluginRegistry *registry)
{
  g_return_if_fail (HL_IS_SCHEDULE_GROUP (self));
  hl_plugin_picker_set_registry (self->picker, registry);
}

void
hl_schedule_group_set_config (HlScheduleGroup *self, HlConfig *config)
{
  g_return_if_fail (HL_IS_SCHEDULE_GROUP (self));
  self->config = config;
  hl_plugin_picker_bind (self->picker, &config->schedule.name, config->schedule.params);
}
