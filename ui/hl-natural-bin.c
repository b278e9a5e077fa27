/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-natural-bin.c - a bin whose natural width is natural-width (at least
 * its child's minimum).  A GtkWidget of its own: AdwBin measures through a
 * layout manager, past any measure() of a subclass.  Otherwise it behaves
 * as AdwBin does: it expands when its child does and gives it focus. */
#include "hl-natural-bin.h"

struct _HlNaturalBin {
  GtkWidget  parent_instance;
  GtkWidget *child;
  int        natural_width;
};

G_DEFINE_FINAL_TYPE (HlNaturalBin, hl_natural_bin, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CHILD, PROP_NATURAL_WIDTH, N_PROPS };
static GParamSpec *props[N_PROPS];

static void
hl_natural_bin_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                        int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  HlNaturalBin *self = HL_NATURAL_BIN (widget);

  if (self->child != NULL && gtk_widget_should_layout (self->child))
    gtk_widget_measure (self->child, orientation, for_size, minimum, natural, minimum_baseline,
                        natural_baseline);
  /* the child's own natural width (long subtitles on one line) is not asked for */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && self->natural_width >= 0)
    *natural = MAX (*minimum, self->natural_width);
}

static void
hl_natural_bin_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  HlNaturalBin *self = HL_NATURAL_BIN (widget);

  if (self->child != NULL && gtk_widget_should_layout (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static GtkSizeRequestMode
hl_natural_bin_get_request_mode (GtkWidget *widget)
{
  HlNaturalBin *self = HL_NATURAL_BIN (widget);

  return self->child != NULL ? gtk_widget_get_request_mode (self->child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

/* A GtkWidget does not expand for its children: a bin whose child asks to
 * expand must (as AdwBin does), or its parent never gives it the room.  An
 * hexpand or vexpand set on the bin itself still wins (GTK asks this only
 * for what is unset). */
static void
hl_natural_bin_compute_expand (GtkWidget *widget, gboolean *hexpand, gboolean *vexpand)
{
  HlNaturalBin *self = HL_NATURAL_BIN (widget);

  *hexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_HORIZONTAL);
  *vexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_VERTICAL);
}

/* Focus given to the bin goes to its child, as with AdwBin: GTK's default
 * grab_focus refused, the bin not being focusable itself.  (Keyboard
 * navigation needs nothing: GTK's default focus() already moves into the
 * child, and stops on nothing of the bin's own.) */
static gboolean
hl_natural_bin_grab_focus (GtkWidget *widget)
{
  HlNaturalBin *self = HL_NATURAL_BIN (widget);

  return self->child != NULL && gtk_widget_grab_focus (self->child);
}

static void
hl_natural_bin_dispose (GObject *object)
{
  HlNaturalBin *self = HL_NATURAL_BIN (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  G_OBJECT_CLASS (hl_natural_bin_parent_class)->dispose (object);
}

static void
hl_natural_bin_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HlNaturalBin *self = HL_NATURAL_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    case PROP_NATURAL_WIDTH:
      g_value_set_int (value, self->natural_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_natural_bin_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  HlNaturalBin *self = HL_NATURAL_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      hl_natural_bin_set_child (self, g_value_get_object (value));
      break;
    case PROP_NATURAL_WIDTH:
      hl_natural_bin_set_natural_width (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hl_natural_bin_class_init (HlNaturalBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_natural_bin_dispose;
  object_class->get_property = hl_natural_bin_get_property;
  object_class->set_property = hl_natural_bin_set_property;
  widget_class->measure = hl_natural_bin_measure;
  widget_class->size_allocate = hl_natural_bin_size_allocate;
  widget_class->get_request_mode = hl_natural_bin_get_request_mode;
  widget_class->compute_expand = hl_natural_bin_compute_expand;
  widget_class->grab_focus = hl_natural_bin_grab_focus;
  props[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                           | G_PARAM_STATIC_STRINGS);
  props[PROP_NATURAL_WIDTH] = g_param_spec_int ("natural-width", NULL, NULL, -1, G_MAXINT, -1,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
hl_natural_bin_init (HlNaturalBin *self)
{
  self->natural_width = -1;
}

GtkWidget *
hl_natural_bin_new (void)
{
  return g_object_new (HL_TYPE_NATURAL_BIN, NULL);
}

void
hl_natural_bin_set_child (HlNaturalBin *self, GtkWidget *child)
{
  g_return_if_fail (HL_IS_NATURAL_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));
  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  self->child = child;
  if (child != NULL)
    gtk_widget_set_parent (child, GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CHILD]);
}

GtkWidget *
hl_natural_bin_get_child (HlNaturalBin *self)
{
  g_return_val_if_fail (HL_IS_NATURAL_BIN (self), NULL);
  return self->child;
}

void
hl_natural_bin_set_natural_width (HlNaturalBin *self, int width)
{
  g_return_if_fail (HL_IS_NATURAL_BIN (self));
  if (self->natural_width == width)
    return;
  self->natural_width = width;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NATURAL_WIDTH]);
}

int
hl_natural_bin_get_natural_width (HlNaturalBin *self)
{
  g_return_val_if_fail (HL_IS_NATURAL_BIN (self), -1);
  return self->natural_width;
}
