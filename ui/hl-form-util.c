/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-form-util.c - helpers shared by the form groups. */
#include <string.h>

#include <math.h>
#include <glib/gi18n.h>
#include "hyperlab.h"
#include "hl-form-util.h"

#define PATH_KEY     "hl-config-path"
#define PREFIX_KEY   "hl-config-path-prefix"
#define MESSAGE_ROW_KEY "hl-message-row"   /* an entry row's message, under it */
#define SUBTITLE_KEY "hl-original-subtitle"
#define MARKED_KEY   "hl-marked"
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

/* Plain spins show a config's value in full, also where the range clamps
 * it (dropout 0.995 showed 0.99 and was saved as 0.995). */
static gboolean
plain_spin_output (GtkSpinButton *spin, gpointer user_data)
{
  const Exact *e = exact_of (spin);
  g_autofree char *text = NULL;

  if (e == NULL)
    return FALSE;   /* GTK's own, with the spin's digits */
  text = hl_format_double (e->value);
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
  Exact *e;

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
  if (g_object_get_data (G_OBJECT (spin), EXACT_HANDLERS_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (spin), EXACT_HANDLERS_KEY, GINT_TO_POINTER (1));
      g_signal_connect (spin, "value-changed", G_CALLBACK (on_exact_value_changed), NULL);
      if (!log_scale && !compact)
        g_signal_connect (spin, "output", G_CALLBACK (plain_spin_output), NULL);
    }
  /* remembered before the value is set: the output handlers read it */
  e = g_new0 (Exact, 1);
  e->value = value;
  e->shown = CLAMP (adj, gtk_adjustment_get_lower (gtk_spin_button_get_adjustment (spin)),
                    gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (spin)));
  e->setting = TRUE;
  g_object_set_data_full (G_OBJECT (spin), EXACT_KEY, e, g_free);
  g_object_set_data (G_OBJECT (spin), TOUCHED_KEY, NULL);
  gtk_spin_button_set_value (spin, adj);
  e->shown = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
  gtk_spin_button_update (spin);
  e->setting = FALSE;
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
hl_form_set_path (GtkWidget *row, const char *path, gboolean prefix)
{
  /* Titles and subtitles are plain text: messages ("must be <= 10"), file
   * names and plugin descriptions are shown as given (as Pango markup, a
   * "<" left the message out with a GTK warning; found by a test). */
  if (ADW_IS_PREFERENCES_ROW (row))
    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), PATH_KEY, g_strdup (path), g_free);
  g_object_set_data (G_OBJECT (row), PREFIX_KEY, GINT_TO_POINTER (prefix));
}

const char *
hl_form_get_path (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), PATH_KEY);
}

/* An entry row has no subtitle, and its title is cut to one line ("…"):
 * its message goes in full, wrapped, on a row of its own just under it,
 * as an action row's wraps under its title (the message put in the title
 * was cut; in German, most of it).  Shown while the entry row is marked
 * and shown. */
static void
sync_message_row (GtkWidget *row)
{
  GtkWidget *message = g_object_get_data (G_OBJECT (row), MESSAGE_ROW_KEY);

  if (message != NULL)
    gtk_widget_set_visible (message, gtk_widget_get_visible (row)
                                     && g_object_get_data (G_OBJECT (row), MARKED_KEY) != NULL);
}

static GtkLabel *
message_label_for (GtkWidget *row)
{
  GtkWidget *message = g_object_get_data (G_OBJECT (row), MESSAGE_ROW_KEY);
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *label;

  if (message != NULL)
    return GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (message)));
  if (!GTK_IS_LIST_BOX (list))
    return NULL;
  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);   /* long file paths */
  gtk_widget_add_css_class (label, "subtitle");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 8);
  message = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (message), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (message), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (message), FALSE);
  gtk_widget_set_can_focus (message, FALSE);   /* words, not a Tab stop */
  gtk_widget_add_css_class (message, "error");
  gtk_widget_add_css_class (message, "hl-row-message");
  gtk_widget_set_visible (message, FALSE);
  gtk_list_box_insert (GTK_LIST_BOX (list), message,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
  g_object_set_data_full (G_OBJECT (row), MESSAGE_ROW_KEY, g_object_ref (message), g_object_unref);
  g_signal_connect (row, "notify::visible", G_CALLBACK (sync_message_row), NULL);
  return GTK_LABEL (label);
}

static void
unmark_row (GtkWidget *row)
{
  if (g_object_get_data (G_OBJECT (row), MARKED_KEY) == NULL)
    return;
  gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, NULL);
  if (ADW_IS_ACTION_ROW (row))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 g_object_get_data (G_OBJECT (row), SUBTITLE_KEY));
  else if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row),
                                   g_object_get_data (G_OBJECT (row), SUBTITLE_KEY));
  g_object_set_data (G_OBJECT (row), MARKED_KEY, NULL);
  if (ADW_IS_ENTRY_ROW (row))
    {
      gtk_widget_remove_css_class (row, "hl-has-message");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      sync_message_row (row);
    }
}

/* message without a leading "<title>: " (the row's own, or `other`). */
static const char *
without_title (const char *message, const char *title, const char *other)
{
  const char *titles[] = { title, other };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (titles[i] != NULL && *titles[i] != '\0' && g_str_has_prefix (message, titles[i])
        && g_str_has_prefix (message + strlen (titles[i]), ": "))
      return message + strlen (titles[i]) + 2;
  return message;
}

/* other: the title of the row the issue names first, when this row is its
 * "also" (the other split): its message is not prefixed with that title. */
static void
mark_row (GtkWidget *row, const char *message, const char *other)
{
  const char *subtitle = NULL;

  if (g_object_get_data (G_OBJECT (row), MARKED_KEY) != NULL)
    return;   /* first issue wins; the rest are usually consequences */
  if (ADW_IS_ACTION_ROW (row))
    subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  else if (ADW_IS_EXPANDER_ROW (row))
    subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  g_object_set_data_full (G_OBJECT (row), SUBTITLE_KEY, g_strdup (subtitle), g_free);
  g_object_set_data (G_OBJECT (row), MARKED_KEY, GINT_TO_POINTER (1));
  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, message);
  if (ADW_IS_ACTION_ROW (row) || ADW_IS_EXPANDER_ROW (row))
    {
      /* under the row's title, without it again ("Test Split: …") */
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      const char *shown = without_title (message, title, other);

      if (ADW_IS_ACTION_ROW (row))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown);
      else
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), shown);
    }
  else if (ADW_IS_ENTRY_ROW (row))
    {
      /* no subtitle: the message under the row (see sync_message_row) */
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      const char *path = hl_form_get_path (row);
      GtkLabel *label = message_label_for (row);

      if (path != NULL && g_str_has_prefix (message, path)
          && g_str_has_prefix (message + strlen (path), ": "))
        message += strlen (path) + 2;
      else
        message = without_title (message, title, other);
      if (label != NULL)
        gtk_label_set_text (label, message);
      gtk_widget_add_css_class (row, "hl-has-message");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      sync_message_row (row);
    }
}

static void
collect_rows (GtkWidget *widget, GPtrArray *rows)
{
  if (hl_form_get_path (widget) != NULL)
    {
      unmark_row (widget);
      g_ptr_array_add (rows, widget);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

static gboolean
row_matches (GtkWidget *row, const char *issue_path)
{
  const char *path = hl_form_get_path (row);
  gsize len = strlen (path);

  if (g_str_equal (path, issue_path))
    return TRUE;
  if (!g_object_get_data (G_OBJECT (row), PREFIX_KEY) || !g_str_has_prefix (issue_path, path))
    return FALSE;
  return issue_path[len] == '.' || issue_path[len] == '[';
}

static GtkWidget *
first_mark (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (c))
        continue;
      if (g_object_get_data (G_OBJECT (c), MARKED_KEY) != NULL)
        {
          found = first_mark (c);
          return found != NULL ? found : c;
        }
      if ((found = first_mark (c)) != NULL)
        return found;
    }
  return NULL;
}

/* The row into the visible part of its scrolled window, with a little of
 * what is above or below it (the viewport's own scrolling to a new focus
 * is not to be relied on: see below). */
static void
scroll_to_row (GtkWidget *row)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport = scrolled != NULL ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)) : NULL;
  GtkWidget *content = GTK_IS_VIEWPORT (viewport) ? gtk_viewport_get_child (GTK_VIEWPORT (viewport)) : NULL;
  GtkAdjustment *adj;
  graphene_rect_t bounds;
  double top, page, value;

  /* from the content's top, whatever the scroll now: the focus just given
   * may have scrolled it already, before the rows moved */
  if (content == NULL || !gtk_widget_compute_bounds (row, content, &bounds))
    return;
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  top = bounds.origin.y;
  page = gtk_adjustment_get_page_size (adj);
  value = gtk_adjustment_get_value (adj);
  if (top < value)
    value = top - 12;
  else if (top + bounds.size.height > value + page)
    value = top + bounds.size.height - page + 12;
  /* a wheel's glide still under way would take the form back (off and on
   * again stops it) */
  if (gtk_scrolled_window_get_kinetic_scrolling (GTK_SCROLLED_WINDOW (scrolled)))
    {
      gtk_scrolled_window_set_kinetic_scrolling (GTK_SCROLLED_WINDOW (scrolled), FALSE);
      gtk_scrolled_window_set_kinetic_scrolling (GTK_SCROLLED_WINDOW (scrolled), TRUE);
    }
  gtk_adjustment_set_value (adj, CLAMP (value, gtk_adjustment_get_lower (adj),
                                        gtk_adjustment_get_upper (adj) - page));
}

GtkWidget *
hl_form_focus_first_mark (GtkWidget *root)
{
  GtkWidget *row = first_mark (root);
  GtkWidget *control;

  if (row == NULL)
    return NULL;
  for (GtkWidget *a = gtk_widget_get_parent (row); a != NULL && a != root; a = gtk_widget_get_parent (a))
    if (ADW_IS_EXPANDER_ROW (a) && !adw_expander_row_get_expanded (ADW_EXPANDER_ROW (a)))
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (a), TRUE);
  control = ADW_IS_ACTION_ROW (row) ? adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) : NULL;
  if (!(control != NULL && gtk_widget_grab_focus (control)) && !gtk_widget_grab_focus (row))
    gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
  scroll_to_row (row);
  return row;
}

gboolean
hl_form_has_row_for (GtkWidget *root, const char *issue_path)
{
  if (!gtk_widget_get_visible (root))
    return FALSE;
  if (hl_form_get_path (root) != NULL && row_matches (root, issue_path))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    if (hl_form_has_row_for (c, issue_path))
      return TRUE;
  return FALSE;
}

char *
hl_form_issue_text (const HlConfigIssue *issue)
{
  /* The config's words ("set \"early_stopping\": {\"enabled\": false}")
   * are for files; the form has a switch (found by a GUI review). */
  if (g_strcmp0 (issue->path, "early_stopping.enabled") == 0
      && g_error_matches (issue->error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_INCONSISTENT))
    return g_strdup (_("Early stopping watches the validation loss, but the validation split is 0: "
                       "turn Early Stopping off, or set a Validation Split above 0"));
  return g_strdup (issue->error->message);
}

/* The title a tagged row shows when it is not marked. */
static const char *
row_title (GtkWidget *row)
{
  if (!ADW_IS_PREFERENCES_ROW (row))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
collect_titles (GtkWidget *widget, GPtrArray *rows)
{
  const char *title = hl_form_get_path (widget) != NULL ? row_title (widget) : NULL;

  if (title != NULL && *title != '\0' && !g_object_get_data (G_OBJECT (widget), PREFIX_KEY))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_titles (c, rows);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Every whole-word `name` in text replaced by `title` (a path's dots and
 * brackets count as part of the word: "dataset.test_split" is not
 * "test_split" of another section). */
static void
replace_word (GString *text, const char *name, const char *title)
{
  const gsize len = strlen (name);

  for (gsize at = 0; at + len <= text->len;)
    {
      const char *hit = strstr (text->str + at, name);
      gsize pos;

      if (hit == NULL)
        return;
      pos = hit - text->str;
      if ((pos > 0 && (is_name_char (text->str[pos - 1]) || text->str[pos - 1] == '.'))
          || is_name_char (text->str[pos + len]) || text->str[pos + len] == '['
          || (text->str[pos + len] == '.' && is_name_char (text->str[pos + len + 1])))
        {
          at = pos + 1;
          continue;
        }
      g_string_erase (text, pos, len);
      g_string_insert (text, pos, title);
      at = pos + strlen (title);
    }
}

static int
by_path_length (gconstpointer a, gconstpointer b)
{
  const gsize la = strlen (hl_form_get_path (*(GtkWidget **) a));
  const gsize lb = strlen (hl_form_get_path (*(GtkWidget **) b));

  return la < lb ? 1 : la > lb ? -1 : 0;
}

char *
hl_form_issue_text_in (GtkWidget *root, const HlConfigIssue *issue)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *base = hl_form_issue_text (issue);
  GString *text = g_string_new (base);

  if (root == NULL)
    return g_string_free (text, FALSE);
  collect_titles (root, rows);
  g_ptr_array_sort (rows, by_path_length);
  /* "dataset.test_split" -> "Test Split" */
  for (guint i = 0; i < rows->len; i++)
    replace_word (text, hl_form_get_path (rows->pdata[i]), row_title (rows->pdata[i]));
  /* and a field's own name where it is unique ("validation_split +
   * test_split must leave..."); only names with "_", so that words of the
   * sentence ("samples", "noise") stay words */
  for (guint i = 0; i < rows->len; i++)
    {
      const char *path = hl_form_get_path (rows->pdata[i]);
      const char *name = strrchr (path, '.') ? strrchr (path, '.') + 1 : path;
      gboolean unique = strchr (name, '_') != NULL && strchr (name, '[') == NULL;

      for (guint j = 0; unique && j < rows->len; j++)
        {
          const char *other = hl_form_get_path (rows->pdata[j]);
          const char *other_name = strrchr (other, '.') ? strrchr (other, '.') + 1 : other;
          unique = j == i || g_strcmp0 (name, other_name) != 0;
        }
      if (unique)
        replace_word (text, name, row_title (rows->pdata[i]));
    }
  return g_string_free (text, FALSE);
}

guint
hl_form_mark_issues (GtkWidget *root, GPtrArray *issues)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  guint unplaced = 0;

  collect_rows (root, rows);
  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      const HlConfigIssue *issue = g_ptr_array_index (issues, i);
      gboolean placed = FALSE;

      g_autofree char *text = hl_form_issue_text_in (root, issue);
      g_autofree char *first = NULL;

      for (guint r = 0; r < rows->len && first == NULL; r++)
        if (g_str_equal (hl_form_get_path (rows->pdata[r]), issue->path))
          first = g_strdup (row_title (rows->pdata[r]));
      for (guint r = 0; r < rows->len; r++)
        if (row_matches (g_ptr_array_index (rows, r), issue->path)
            || (issue->also != NULL && row_matches (g_ptr_array_index (rows, r), issue->also)))
          {
            mark_row (g_ptr_array_index (rows, r), text, first);
            placed = TRUE;
          }
      unplaced += !placed;
    }
  return unplaced;
}

void
hl_form_set_subtitle (GtkWidget *row, const char *subtitle)
{
  if (g_object_get_data (G_OBJECT (row), MARKED_KEY) != NULL)
    g_object_set_data_full (G_OBJECT (row), SUBTITLE_KEY, g_strdup (subtitle), g_free);
  else if (ADW_IS_ACTION_ROW (row))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  else if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
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
