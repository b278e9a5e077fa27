/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-form-util.c - helpers shared by the form groups. */
#include <string.h>

#include <math.h>
#include "hyperlab.h"
#include "hl-form-util.h"

#define LOG_KEY      "hl-log-scale"

#define INPUT_KEY    "hl-input-checked"
#define SCROLL_KEY   "hl-scroll-guarded"
#define EXACT_KEY    "hl-exact"        /* Exact: the value set from a config */
#define DIGITS_KEY   "hl-base-digits"  /* the spin's own digits + 1 */

/* A config value exactly as given, and the adjustment value it was shown
 * as (clamped to the range, rounded by log10): while the spin still holds
 * that, the value read back is the config's, so fields nobody touched are
 * never rewritten (seed 1e10, epsilon 1.234567e-7 and noise 0.125 came back
 * as 4294967295, 1.235e-07 and 0.12; found by a GUI review). */
typedef struct {
  double   value;
  double   shown;
  gboolean setting;   /* set_real is putting it in */
} Exact;

#define TOUCHED_KEY  "hl-touched"     /* changed since set_real */
#define EXACT_HANDLERS_KEY "hl-exact-handlers"
#define PLAIN_OUTPUT_KEY   "hl-plain-output"

static const Exact *
exact_of (GtkSpinButton *spin)
{
  const Exact *e = g_object_get_data (G_OBJECT (spin), EXACT_KEY);

  return e != NULL && gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)) == e->shown
         ? e : NULL;
}

/* The first change away from the value set_real put in forgets it for
 * good: typed back to the loaded seed, the spin's own value is the one to
 * read (it fell back to the value typed before). */
static void
on_exact_value_changed (GtkSpinButton *spin, gpointer user_data)
{
  const Exact *e = g_object_get_data (G_OBJECT (spin), EXACT_KEY);

  if (e == NULL || e->setting || exact_of (spin) != NULL)
    return;
  g_object_set_data (G_OBJECT (spin), EXACT_KEY, NULL);
  g_object_set_data (G_OBJECT (spin), TOUCHED_KEY, GINT_TO_POINTER (1));
}

void
hl_form_spin_take_typed (GtkSpinButton *spin, double typed, double new_value)
{
  const Exact *e = exact_of (spin);
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (spin);

  if (e == NULL || e->setting || typed == e->value)
    return;
  g_object_set_data (G_OBJECT (spin), EXACT_KEY, NULL);
  g_object_set_data (G_OBJECT (spin), TOUCHED_KEY, GINT_TO_POINTER (1));
  /* typed at the clamp the config's value was shown at: no change of the
   * adjustment follows, so none was read (4,000,000 epochs shown at
   * 1,000,000 came back when 1000000 was typed) */
  if (CLAMP (new_value, gtk_adjustment_get_lower (adj), gtk_adjustment_get_upper (adj))
      == gtk_adjustment_get_value (adj))
    g_signal_emit_by_name (spin, "value-changed");
}

/* Plain spins show a config's value in full, also where the range clamps
 * it (dropout 0.995 showed 0.99 and was saved as 0.995). */
static gboolean
plain_spin_output (GtkSpinButton *spin, gpointer user_data)
{
  const Exact *e = exact_of (spin);
  g_autofree char *text = NULL;

  if (e != NULL)
    text = hl_format_double (e->value);
  else
    {
      /* A typed or stepped value: GTK's text (the spin's digits, the
       * locale's decimal separator) without trailing zeros, as a loaded
       * value shows: a Validation Split typed as 0 read "0.00" beside the
       * "0.1" of a loaded one (found by a review). */
      char *end;

      text = g_strdup_printf ("%.*f", (int) gtk_spin_button_get_digits (spin),
                              gtk_spin_button_get_value (spin));
      end = text + strlen (text);
      if (strpbrk (text, ".,") != NULL)
        {
          while (end > text && end[-1] == '0')
            *--end = '\0';
          if (end > text && (end[-1] == '.' || end[-1] == ','))
            *--end = '\0';
        }
      if (g_str_equal (text, "-0"))
        text[0] = '0', text[1] = '\0';
    }
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* Text that is not a number leaves the value as it was: GTK would read it
 * as 0 and clamp, so "abc" in Samples quietly became the minimum (found by
 * a review).  A number out of range is still clamped, visibly. */
static gboolean
parse_plain (const char *text, double *value)
{
  char *end = NULL;
  double v = g_strtod (text, &end);

  while (end != NULL && g_ascii_isspace (*end))
    end++;
  if (end == text || end == NULL || *end != '\0' || !isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

/* A decimal comma, as German writes "0,001", is read where it cannot be a
 * thousands separator: one comma, no point, and a zero before it or other
 * than three digits after it ("1,000" stays unread).  "0,001" in the
 * learning rate was "not a number", and in a spin quietly kept the old
 * value (found typing values in the form). */
static gboolean
parse_decimal_comma (const char *text, double *value)
{
  const char *comma = strchr (text, ',');
  const char *whole = text;
  g_autofree char *dotted = NULL;

  if (comma == NULL || strchr (comma + 1, ',') != NULL || strchr (text, '.') != NULL)
    return FALSE;
  while (g_ascii_isspace (*whole) || *whole == '-' || *whole == '+')
    whole++;
  if (!(comma - whole == 1 && *whole == '0') && strspn (comma + 1, "0123456789") == 3)
    return FALSE;
  dotted = g_strdup (text);
  dotted[comma - text] = '.';
  return parse_plain (dotted, value);
}

gboolean
hl_form_parse_number (const char *text, double *value)
{
  return parse_plain (text, value) || parse_decimal_comma (text, value);
}

static int
plain_spin_input (GtkSpinButton *spin, double *new_value, gpointer user_data)
{
  if (!hl_form_parse_number (gtk_editable_get_text (GTK_EDITABLE (spin)), new_value))
    *new_value = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
  else
    hl_form_spin_take_typed (spin, *new_value, *new_value);
  return TRUE;
}

static void
keep_on_bad_input (GtkSpinButton *spin)
{
  /* A spin with its own parser (log scale, "All" for the batch) keeps it;
   * those parsers keep the value on bad text themselves. */
  if (g_object_get_data (G_OBJECT (spin), INPUT_KEY) != NULL
      || g_object_get_data (G_OBJECT (spin), LOG_KEY) != NULL
      || g_signal_has_handler_pending (spin, g_signal_lookup ("input", GTK_TYPE_SPIN_BUTTON), 0, FALSE))
    return;
  g_object_set_data (G_OBJECT (spin), INPUT_KEY, GINT_TO_POINTER (1));
  g_signal_connect (spin, "input", G_CALLBACK (plain_spin_input), NULL);
}

/* The wheel over a spin that is not being edited scrolls the form: it
 * changed the value under the pointer, so scrolling down a form quietly
 * changed Beta 2 and Epsilon (found by a GUI review).  Once the spin has
 * the focus (clicked into), the wheel steps it as usual. */
static gboolean
on_spin_scroll (GtkEventControllerScroll *controller, double dx, double dy, gpointer user_data)
{
  GtkWidget *spin = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkRoot *root = gtk_widget_get_root (spin);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *scrolled;
  GtkAdjustment *adj;
  double page, value;

  if (focus != NULL && (focus == spin || gtk_widget_is_ancestor (focus, spin)))
    return FALSE;
  scrolled = gtk_widget_get_ancestor (spin, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL)
    {
      adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      page = gtk_adjustment_get_page_size (adj);
      /* as GtkScrolledWindow steps: pixels from a touchpad, page^⅔ a notch */
      value = gtk_adjustment_get_value (adj)
              + (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE
                 ? dy : dy * pow (MAX (page, 1.0), 2.0 / 3.0));
      gtk_adjustment_set_value (adj, CLAMP (value, gtk_adjustment_get_lower (adj),
                                            gtk_adjustment_get_upper (adj) - page));
    }
  return TRUE;
}

static void
guard_scroll (GtkSpinButton *spin)
{
  GtkEventController *scroll;

  if (g_object_get_data (G_OBJECT (spin), SCROLL_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (spin), SCROLL_KEY, GINT_TO_POINTER (1));
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_spin_scroll), NULL);
  gtk_widget_add_controller (GTK_WIDGET (spin), scroll);
}

void
hl_form_spins_keep_on_bad_input (GtkWidget *root)
{
  if (GTK_IS_SPIN_BUTTON (root))
    {
      guard_scroll (GTK_SPIN_BUTTON (root));
      keep_on_bad_input (GTK_SPIN_BUTTON (root));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    hl_form_spins_keep_on_bad_input (c);
}

GtkWidget *
hl_form_spin_new (double lower, double upper, double step, guint digits,
                  const char *accessible_label)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  guard_scroll (GTK_SPIN_BUTTON (spin));
  keep_on_bad_input (GTK_SPIN_BUTTON (spin));
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), FALSE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  if (accessible_label != NULL)
    hl_form_set_label (spin, accessible_label);
  return spin;
}

/* Text for an exact config value: all its digits, so that reading the text
 * back (GTK does on leaving the field) gives the same number. */
static char *
exact_text (double v)
{
  return hl_format_double (v);
}

/* Sets the text, widening the field to show all of it ("1.234567e-07" was
 * cut to "1.234567e-0"). */
static void
show_text (GtkSpinButton *spin, const char *text)
{
  int len = (int) g_utf8_strlen (text, -1);

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  if (gtk_editable_get_width_chars (GTK_EDITABLE (spin)) < len)
    gtk_editable_set_width_chars (GTK_EDITABLE (spin), len);
}

/* The adjustment moves in log10 space; show and parse the real value. */
static gboolean
log_spin_output (GtkSpinButton *spin, gpointer user_data)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const Exact *e = exact_of (spin);
  double v = pow (10.0, gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)));
  g_autofree char *text = e != NULL ? exact_text (e->value) : NULL;

  g_snprintf (buf, sizeof buf, "%.4g", v);
  show_text (spin, text != NULL ? text : buf);
  return TRUE;
}

static int
log_spin_input (GtkSpinButton *spin, double *new_value, gpointer user_data)
{
  double v = 0;
  const Exact *e = exact_of (spin);

  /* Not a positive number: keep the value (GTK_INPUT_ERROR made it 10^0,
   * clamped: epsilon "-3" became 0.01; found by a review). */
  if (!hl_form_parse_number (gtk_editable_get_text (GTK_EDITABLE (spin)), &v) || v <= 0)
    {
      *new_value = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
      return TRUE;
    }
  /* the config's own value, as shown: the same position (log10 would round) */
  *new_value = e != NULL && v == e->value ? e->shown : log10 (v);
  hl_form_spin_take_typed (spin, v, *new_value);
  return TRUE;
}

static gboolean
compact_spin_output (GtkSpinButton *spin, gpointer user_data)
{
  const Exact *e = exact_of (spin);
  double v = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
  g_autofree char *text = NULL;

  /* a config's value in full (also where the range clamps it); stepped
   * values with float noise from stepping (0.1 + 0.2) snapped away */
  if (e != NULL)
    text = exact_text (e->value);
  else
    text = g_strdup_printf ("%.6g", fabs (v) < 1e-12 ? 0.0 : v);
  show_text (spin, text);
  return TRUE;
}

void
hl_form_spin_set_compact (GtkSpinButton *spin)
{
  gtk_spin_button_set_digits (spin, 8);
  g_signal_connect (spin, "output", G_CALLBACK (compact_spin_output), NULL);
}

void
hl_form_spin_set_log_scale (GtkSpinButton *spin, double min, double max, double step)
{
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (spin);

  g_return_if_fail (min > 0 && max >= min);
  g_signal_handlers_disconnect_by_func (spin, plain_spin_input, NULL);
  g_object_set_data (G_OBJECT (spin), INPUT_KEY, NULL);
  g_object_set_data (G_OBJECT (spin), LOG_KEY, GINT_TO_POINTER (1));
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 6);
  gtk_adjustment_configure (adj, log10 (min), log10 (min), log10 (max), step, step * 4, 0);
  g_signal_connect (spin, "output", G_CALLBACK (log_spin_output), NULL);
  g_signal_connect (spin, "input", G_CALLBACK (log_spin_input), NULL);
}

double
hl_form_spin_get_real (GtkSpinButton *spin)
{
  const Exact *e = exact_of (spin);
  double v = gtk_spin_button_get_value (spin);

  if (e != NULL)
    return e->value;
  if (g_object_get_data (G_OBJECT (spin), LOG_KEY) != NULL)
    return pow (10.0, v);
  return v;
}

gboolean
hl_form_spin_touched (GtkSpinButton *spin)
{
  return g_object_get_data (G_OBJECT (spin), TOUCHED_KEY) != NULL
         || (g_object_get_data (G_OBJECT (spin), EXACT_KEY) != NULL && exact_of (spin) == NULL);
}

/* Decimals that show v in full (0.125: 3), at most 9; 0 for exponents. */
static guint
decimals_of (double v)
{
  g_autofree char *text = hl_format_double (v);
  const char *dot = strchr (text, '.');

  if (dot == NULL || strchr (text, 'e') != NULL)
    return 0;
  return MIN (strlen (dot + 1), 9);
}

void
hl_form_spin_set_real (GtkSpinButton *spin, double value)
{
  gboolean log_scale = g_object_get_data (G_OBJECT (spin), LOG_KEY) != NULL;
  gboolean compact = g_signal_handler_find (spin, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                            compact_spin_output, NULL) != 0;
  double adj = log_scale ? (value > 0 ? log10 (value) : -INFINITY) : value;

  if (!isfinite (adj))
    return;
  if (!log_scale && !compact)
    {
      /* enough decimals for the value (0.125 in a 2-decimal spin showed 0.12) */
      guint base = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), DIGITS_KEY));

      if (base == 0)
        {
          base = gtk_spin_button_get_digits (spin) + 1;
          g_object_set_data (G_OBJECT (spin), DIGITS_KEY, GUINT_TO_POINTER (base));
        }
      gtk_spin_button_set_digits (spin, MAX (base - 1, decimals_of (value)));
    }
  if (!log_scale && !compact && g_object_get_data (G_OBJECT (spin), PLAIN_OUTPUT_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (spin), PLAIN_OUTPUT_KEY, GINT_TO_POINTER (1));
      g_signal_connect (spin, "output", G_CALLBACK (plain_spin_output), NULL);
    }
  hl_form_spin_set_exact (spin, value, adj);
}

void
hl_form_spin_set_exact (GtkSpinButton *spin, double value, double shown)
{
  Exact *e;

  if (g_object_get_data (G_OBJECT (spin), EXACT_HANDLERS_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (spin), EXACT_HANDLERS_KEY, GINT_TO_POINTER (1));
      g_signal_connect (spin, "value-changed", G_CALLBACK (on_exact_value_changed), NULL);
    }
  /* remembered before the value is set: the output handlers read it */
  e = g_new0 (Exact, 1);
  e->value = value;
  e->shown = CLAMP (shown, gtk_adjustment_get_lower (gtk_spin_button_get_adjustment (spin)),
                    gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (spin)));
  e->setting = TRUE;
  g_object_set_data_full (G_OBJECT (spin), EXACT_KEY, e, g_free);
  g_object_set_data (G_OBJECT (spin), TOUCHED_KEY, NULL);
  /* the clamp, not the value: an adjustment still at its initial 0 below
   * the range (Units) kept a 0 as it was, and the update that follows
   * clamped it, forgetting the config's own (units 0 showed and saved 1) */
  gtk_spin_button_set_value (spin, e->shown);
  e->shown = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
  gtk_spin_button_update (spin);
  e->setting = FALSE;
}

gboolean
hl_form_spin_get_exact (GtkSpinButton *spin, double *value)
{
  const Exact *e = exact_of (spin);

  if (e != NULL && value != NULL)
    *value = e->value;
  return e != NULL;
}

GtkWidget *
hl_form_action_row_new (const char *title, const char *subtitle, GtkWidget *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);   /* a plugin's own text */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), suffix);
      hl_form_set_label (suffix, title);
    }
  return row;
}

void
hl_form_set_label (GtkWidget *widget, const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Ctrl+Return trained the value from before the typing, with the typed
 * one in the field (found driving the window by keyboard). */
void
hl_form_commit_focused_spin (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *spin = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON) : NULL;

  if (spin != NULL)
    gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
}
