/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-form-marks.c - form rows tagged with the config path they edit, and
 * the validator's issues shown on them (split from hl-form-util.c). */
#include <string.h>

#include <glib/gi18n.h>
#include "hyperlab.h"
#include "hl-form-marks.h"

#define PATH_KEY     "hl-config-path"
#define PREFIX_KEY   "hl-config-path-prefix"
#define MESSAGE_ROW_KEY "hl-message-row"   /* an entry row's message, under it */
#define SUBTITLE_KEY "hl-original-subtitle"
#define MARKED_KEY   "hl-marked"   /* MARK_OWN or MARK_ALSO */
#define LABEL_KEY    "hl-message-label"   /* a non-row's message, in a label beside it */
#define TITLE_KEY    "hl-title"           /* a non-row's name in messages */

enum { MARK_OWN = 1, MARK_ALSO = 2 };

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
  else if (g_object_get_data (G_OBJECT (row), LABEL_KEY) != NULL)
    {
      GtkWidget *label = g_object_get_data (G_OBJECT (row), LABEL_KEY);

      gtk_label_set_text (GTK_LABEL (label), g_object_get_data (G_OBJECT (row), SUBTITLE_KEY));
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_add_css_class (label, "dim-label");
    }
  g_object_set_data (G_OBJECT (row), MARKED_KEY, NULL);
  if (ADW_IS_ENTRY_ROW (row))
    {
      gtk_widget_remove_css_class (row, "hl-has-message");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      sync_message_row (row);
    }
}

/* message without a leading "<title>: " (the row's own, or `other` where
 * the rest names it again: "Validation Split + Test Split must leave…"
 * under Validation Split, but "Schedule: “plateau” follows the validation
 * loss…" kept whole there, which without it did not say what "plateau"
 * was). */
static const char *
without_title (const char *message, const char *title, const char *other)
{
  const char *titles[] = { title, other };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (titles[i] != NULL && *titles[i] != '\0' && g_str_has_prefix (message, titles[i])
        && g_str_has_prefix (message + strlen (titles[i]), ": ")
        && (i == 0 || strstr (message + strlen (titles[i]) + 2, titles[i]) != NULL))
      return message + strlen (titles[i]) + 2;
  return message;
}

/* message without " (<title>)", the row's own name that the rewording put
 * for the field ("no target column "x" (Target Column); the columns are
 * …"): under that very row it says nothing.  Elsewhere (the row's and
 * the Train button's tooltips, the toast of Ctrl+Return) it stays. */
static char *
without_own_name (const char *message, const char *title)
{
  g_autofree char *name = NULL;
  const char *hit;
  GString *text;

  if (title == NULL || *title == '\0')
    return g_strdup (message);
  name = g_strdup_printf (" (%s)", title);
  hit = strstr (message, name);
  if (hit == NULL)
    return g_strdup (message);
  text = g_string_new_len (message, hit - message);
  g_string_append (text, hit + strlen (name));
  return g_string_free (text, FALSE);
}

/* other: the title of the row the issue names first, when this row is its
 * "also" (the other split): its message is not prefixed with that title.
 * also: this row is only the issue's "also". */
static void
mark_row (GtkWidget *row, const char *message, const char *other, gboolean also)
{
  const char *subtitle = NULL;
  g_autofree char *own = NULL;

  if (g_object_get_data (G_OBJECT (row), MARKED_KEY) != NULL)
    return;   /* first issue wins; the rest are usually consequences */
  if (ADW_IS_ACTION_ROW (row))
    subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  else if (ADW_IS_EXPANDER_ROW (row))
    subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  else if (g_object_get_data (G_OBJECT (row), LABEL_KEY) != NULL)
    subtitle = gtk_label_get_text (g_object_get_data (G_OBJECT (row), LABEL_KEY));
  g_object_set_data_full (G_OBJECT (row), SUBTITLE_KEY, g_strdup (subtitle), g_free);
  g_object_set_data (G_OBJECT (row), MARKED_KEY, GINT_TO_POINTER (also ? MARK_ALSO : MARK_OWN));
  gtk_widget_add_css_class (row, "error");
  /* the tooltip keeps the row's name: the toast of Ctrl+Return reads it */
  gtk_widget_set_tooltip_text (row, message);
  if (ADW_IS_PREFERENCES_ROW (row))
    message = own = without_own_name (message, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
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
  else if (g_object_get_data (G_OBJECT (row), LABEL_KEY) != NULL)
    {
      /* in the label, without the name it stands under ("Model: …") */
      GtkWidget *label = g_object_get_data (G_OBJECT (row), LABEL_KEY);
      const char *path = hl_form_get_path (row);

      if (path != NULL && g_str_has_prefix (message, path)
          && g_str_has_prefix (message + strlen (path), ": "))
        message += strlen (path) + 2;
      else
        message = without_title (message, g_object_get_data (G_OBJECT (row), TITLE_KEY), other);
      gtk_label_set_text (GTK_LABEL (label), message);
      gtk_widget_remove_css_class (label, "dim-label");   /* as a marked row's subtitle: full strength */
      gtk_widget_add_css_class (label, "error");
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

/* own_only: only rows an issue names itself, not those of its "also". */
static GtkWidget *
first_mark (GtkWidget *root, gboolean own_only)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      int mark = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (c), MARKED_KEY));
      GtkWidget *found;

      if (!gtk_widget_get_visible (c))
        continue;
      if (mark == MARK_OWN || (mark == MARK_ALSO && !own_only))
        {
          found = first_mark (c, own_only);
          return found != NULL ? found : c;
        }
      if ((found = first_mark (c, own_only)) != NULL)
        return found;
    }
  return NULL;
}

/* Kept clear under a row scrolled up from below: the toast that says why
 * Train was refused stands at the bottom of the window, over the form, and
 * covered the very row it had focused (found by a review). */
#define TOAST_ROOM 96

/* The row, and `also` below it (may be NULL), into the visible part of
 * their scrolled window, with a little of what is above, or room for a
 * toast below (the viewport's own scrolling to a new focus is not to be
 * relied on: see below).  FALSE when the form is not laid out yet. */
static gboolean
scroll_to_rows (GtkWidget *row, GtkWidget *also)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport = scrolled != NULL ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)) : NULL;
  GtkWidget *content = GTK_IS_VIEWPORT (viewport) ? gtk_viewport_get_child (GTK_VIEWPORT (viewport)) : NULL;
  GtkAdjustment *adj;
  graphene_rect_t bounds, below;
  double top, page, value;

  /* from the content's top, whatever the scroll now: the focus just given
   * may have scrolled it already, before the rows moved */
  if (content == NULL || !gtk_widget_compute_bounds (row, content, &bounds))
    return FALSE;
  if (also != NULL && gtk_widget_compute_bounds (also, content, &below))
    graphene_rect_union (&bounds, &below, &bounds);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  top = bounds.origin.y;
  page = gtk_adjustment_get_page_size (adj);
  if (page <= 0)
    return FALSE;
  value = gtk_adjustment_get_value (adj);
  if (top < value)
    value = top - 12;
  else if (top + bounds.size.height > value + page - TOAST_ROOM)
    value = top + bounds.size.height - page + TOAST_ROOM;
  /* a wheel's glide still under way would take the form back (off and on
   * again stops it) */
  if (gtk_scrolled_window_get_kinetic_scrolling (GTK_SCROLLED_WINDOW (scrolled)))
    {
      gtk_scrolled_window_set_kinetic_scrolling (GTK_SCROLLED_WINDOW (scrolled), FALSE);
      gtk_scrolled_window_set_kinetic_scrolling (GTK_SCROLLED_WINDOW (scrolled), TRUE);
    }
  gtk_adjustment_set_value (adj, CLAMP (value, gtk_adjustment_get_lower (adj),
                                        gtk_adjustment_get_upper (adj) - page));
  return TRUE;
}

#define FOLLOW_KEY "hl-scroll-follow"   /* the tick id of a Follow */
#define FOLLOW_TIME (2 * G_USEC_PER_SEC)

/* A row scrolled to, kept in view for a moment while the form around it
 * is still laid out: a file opened with --train has its Train refused at
 * once, before its rows are laid out and its dataset's preview is drawn
 * above them, which then pushed the marked row back below the fold. */
typedef struct {
  GWeakRef also;
  double   value;   /* the scroll set; another means the user scrolled */
  gint64   until;
} Follow;

static void
follow_free (gpointer data)
{
  Follow *follow = data;

  g_weak_ref_clear (&follow->also);
  g_free (follow);
}

static GtkAdjustment *
vadjustment_of (GtkWidget *row)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);

  return scrolled != NULL ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)) : NULL;
}

static gboolean
follow_tick (GtkWidget *row, GdkFrameClock *clock, gpointer data)
{
  Follow *follow = data;
  GtkAdjustment *adj = vadjustment_of (row);
  g_autoptr (GtkWidget) also = g_weak_ref_get (&follow->also);   /* rows may be rebuilt meanwhile */

  if (adj == NULL || g_get_monotonic_time () > follow->until
      || (follow->value >= 0 && gtk_adjustment_get_value (adj) != follow->value))
    {
      g_object_set_data (G_OBJECT (row), FOLLOW_KEY, NULL);
      return G_SOURCE_REMOVE;
    }
  if (scroll_to_rows (row, also))
    follow->value = gtk_adjustment_get_value (adj);
  return G_SOURCE_CONTINUE;
}

/* The row (and `also` below it) into view, and kept there while the form
 * settles (see Follow). */
static void
scroll_to_row (GtkWidget *row, GtkWidget *also)
{
  guint tick = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), FOLLOW_KEY));
  Follow *follow = g_new0 (Follow, 1);

  if (tick != 0)
    gtk_widget_remove_tick_callback (row, tick);
  g_weak_ref_init (&follow->also, also);
  follow->value = scroll_to_rows (row, also) ? gtk_adjustment_get_value (vadjustment_of (row)) : -1;
  follow->until = g_get_monotonic_time () + FOLLOW_TIME;
  tick = gtk_widget_add_tick_callback (row, follow_tick, follow, follow_free);
  g_object_set_data (G_OBJECT (row), FOLLOW_KEY, GUINT_TO_POINTER (tick));
}

GtkWidget *
hl_form_focus_first_mark (GtkWidget *root)
{
  /* the row the problem is about before one that only takes part in it:
   * Early Stopping, whose switch its words name first, rather than the
   * Validation Split of 0 above it */
  GtkWidget *row = first_mark (root, TRUE);
  GtkWidget *control, *label;

  if (row == NULL)
    row = first_mark (root, FALSE);
  if (row == NULL)
    return NULL;
  for (GtkWidget *a = gtk_widget_get_parent (row); a != NULL && a != root; a = gtk_widget_get_parent (a))
    if (ADW_IS_EXPANDER_ROW (a) && !adw_expander_row_get_expanded (ADW_EXPANDER_ROW (a)))
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (a), TRUE);
  label = g_object_get_data (G_OBJECT (row), LABEL_KEY);
  if (label != NULL)
    {
      /* a list: its first control (the first layer), unless the focus is
       * in it already; scrolled to its message, above it */
      GtkWidget *focus = gtk_widget_get_root (row) != NULL ? gtk_root_get_focus (gtk_widget_get_root (row)) : NULL;

      GtkWidget *item;

      if (!(focus != NULL && gtk_widget_is_ancestor (focus, row))
          && !gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD))
        gtk_widget_grab_focus (row);
      /* the message and the item focused under it, clear of the toast */
      focus = gtk_widget_get_root (row) != NULL ? gtk_root_get_focus (gtk_widget_get_root (row)) : NULL;
      for (item = focus; item != NULL && gtk_widget_get_parent (item) != row; item = gtk_widget_get_parent (item))
        ;
      scroll_to_row (label, item);
      return row;
    }
  control = ADW_IS_ACTION_ROW (row) ? adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) : NULL;
  if (!(control != NULL && gtk_widget_grab_focus (control)) && !gtk_widget_grab_focus (row))
    gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
  scroll_to_row (row, NULL);
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
    return g_object_get_data (G_OBJECT (row), TITLE_KEY);
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
        {
          gboolean own = row_matches (g_ptr_array_index (rows, r), issue->path);

          if (own || (issue->also != NULL && row_matches (g_ptr_array_index (rows, r), issue->also)))
            {
              mark_row (g_ptr_array_index (rows, r), text, first, !own);
              placed = TRUE;
            }
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
  else if (g_object_get_data (G_OBJECT (row), LABEL_KEY) != NULL)
    gtk_label_set_text (g_object_get_data (G_OBJECT (row), LABEL_KEY), subtitle);
}

void
hl_form_set_message_label (GtkWidget *tagged, GtkWidget *label, const char *title)
{
  g_return_if_fail (GTK_IS_LABEL (label));
  g_object_set_data_full (G_OBJECT (tagged), LABEL_KEY, g_object_ref (label), g_object_unref);
  g_object_set_data_full (G_OBJECT (tagged), TITLE_KEY, g_strdup (title), g_free);
}
