/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-list-columns.c - the runs table's columns: what each cell shows
 * and how each column sorts. */
#include <math.h>
#include <glib/gi18n.h>
#include "hl-format.h"
#include "hl-run-list-private.h"

typedef enum {
  COL_NAME, COL_STATUS, COL_DATASET, COL_OPTIMIZER, COL_LR, COL_BATCH, COL_LAYERS,
  COL_BEST_VAL, COL_TEST_ACC, COL_TEST_LOSS, COL_DURATION, COL_DATE, N_COLS
} Column;

/* What a column's sorter needs: the list (borrowed: it owns the column
 * view, which owns the sorter) says which way the column sorts.  Its
 * cells' bind handler has one too (the list counts the cells made). */
typedef struct {
  HlRunList *list;
  Column     column;
} ColumnSort;

/* chars: the width a cell never shrinks below, so ellipsizing cells do not
 * squeeze the name to nothing (the list scrolls sideways instead).  The
 * status column has none: it fits its longest status as translated
 * (fit_status_width). */
static const struct {
  const char *title;
  gboolean    numeric;
  gboolean    expand;
  int         chars;
} columns[N_COLS] = {
  [COL_NAME]      = { N_("Name"), FALSE, TRUE, 15 },
  [COL_STATUS]    = { N_("Status"), FALSE, FALSE, 0 },
  [COL_DATASET]   = { N_("Dataset"), FALSE, FALSE, 7 },
  [COL_OPTIMIZER] = { N_("Optimizer"), FALSE, FALSE, 7 },
  [COL_LR]        = { N_("Learning Rate"), TRUE, FALSE, 6 },
  [COL_BATCH]     = { N_("Batch"), TRUE, FALSE, 4 },
  [COL_LAYERS]    = { N_("Layers"), FALSE, FALSE, 6 },
  [COL_BEST_VAL]  = { N_("Best Val. Loss"), TRUE, FALSE, 7 },
  /* short titles: the twelve columns fit a 1280 px window */
  [COL_TEST_ACC]  = { N_("Test Acc."), TRUE, FALSE, 7 },
  /* a regression's test result (it had "—" under Test Accuracy alone;
   * found by a QA pass) */
  [COL_TEST_LOSS] = { N_("Test Loss"), TRUE, FALSE, 7 },
  [COL_DURATION]  = { N_("Duration"), TRUE, FALSE, 7 },
  [COL_DATE]      = { N_("Date"), TRUE, FALSE, 12 },
};

static char *
format_date (gint64 usec)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (usec <= 0)
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  if (dt == NULL)
    return g_strdup ("—");
  /* this year's runs need no year: the column stays narrow */
  if (g_date_time_get_year (dt) == g_date_time_get_year (now))
    return g_date_time_format (dt, "%d %b %H:%M");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

static char *
format_number (double v)
{
  /* significant digits: losses of 5e-6 and 1.5e-6 both read 0.0000 */
  return isfinite (v) ? hl_format_loss (v) : g_strdup ("—");
}

const char *
hl_run_list_status_label (const HlRunInfo *r)
{
  return r->pruned ? _("Pruned") : hl_run_status_to_label (r->status);
}

static char *
format_cell (const HlRunInfo *r, Column col)
{
  switch (col)
    {
    case COL_NAME:      return g_strdup (*r->name ? r->name : r->id);
    case COL_STATUS:    return g_strdup (hl_run_list_status_label (r));
    case COL_DATASET:   return g_strdup (r->dataset);
    case COL_OPTIMIZER: return g_strdup (r->optimizer);
    case COL_LR:        return isfinite (r->learning_rate) ? g_strdup_printf ("%g", r->learning_rate) : g_strdup ("—");
    case COL_BATCH:     return r->batch_size == HL_BATCH_ALL ? g_strdup (_("all")) : g_strdup_printf ("%u", r->batch_size);
    case COL_LAYERS:    return g_strdup (r->layers);
    case COL_BEST_VAL:  return format_number (r->best_val_loss);
    case COL_TEST_ACC:  return hl_format_percent (r->test_accuracy);
    case COL_TEST_LOSS: return format_number (r->test_loss);
    case COL_DURATION:  return hl_format_duration (r->seconds);
    case COL_DATE:      return format_date (r->created);
    case N_COLS:
    default:            return g_strdup ("");
    }
}

char *
hl_run_list_name_tooltip (const HlRunInfo *info)
{
  g_autofree char *name = format_cell (info, COL_NAME);

  return g_strdup_printf ("%s\n%s", name, info->path);
}

static double
numeric_cell (const HlRunInfo *r, Column col)
{
  switch (col)
    {
    case COL_LR:       return r->learning_rate;
    case COL_BATCH:    return r->batch_size == HL_BATCH_ALL ? INFINITY : r->batch_size;
    case COL_BEST_VAL: return r->best_val_loss;
    case COL_TEST_ACC: return r->test_accuracy;
    case COL_TEST_LOSS: return r->test_loss;
    case COL_DURATION: return r->seconds;
    case COL_DATE:     return (double) r->created;
    default:           return NAN;
    }
}

/* A probe for column col: every number 1 but col's, which is v. */
static void
probe_info (HlRunInfo *r, Column col, double v)
{
  *r = (HlRunInfo) { .id = "", .path = "", .name = "", .dataset = "", .optimizer = "",
                     .layers = "", .group = "", .learning_rate = 1, .batch_size = 1,
                     .best_val_loss = 1, .test_accuracy = 1, .test_loss = 1, .seconds = 1,
                     .created = 1 };
  switch (col)
    {
    case COL_LR:        r->learning_rate = v; break;
    case COL_BATCH:     r->batch_size = (guint) v; break;
    case COL_BEST_VAL:  r->best_val_loss = v; break;
    case COL_TEST_ACC:  r->test_accuracy = v; break;
    case COL_TEST_LOSS: r->test_loss = v; break;
    case COL_DURATION:  r->seconds = v; break;
    case COL_DATE:      r->created = (gint64) v; break;
    default:            break;
    }
}

/* GTK 4.8 sorts a column descending by negating its sorter's answer and
 * tells no one which way a column sorts (the getters are 4.10), so each
 * numeric column's way is learnt from the column view's sorter on two
 * runs that differ in that column alone. */
static void
learn_sort_ways (GtkSorter *sorter, GtkSorterChange change, HlRunList *self)
{
  self->descending = 0;
  for (Column col = 0; col < N_COLS; col++)
    {
      HlRunInfo a, b;
      g_autoptr(HlRunItem) x = NULL, y = NULL;

      if (!columns[col].numeric)
        continue;
      probe_info (&a, col, 1);
      probe_info (&b, col, 2);
      x = hl_run_item_new (&a);
      y = hl_run_item_new (&b);
      if (gtk_sorter_compare (sorter, x, y) == GTK_ORDERING_LARGER)
        self->descending |= 1u << col;
    }
}

/* A column clicked shows its first rows: the list kept the run that was
 * at the top in view, now somewhere in the middle, so sorting by best
 * validation loss showed 0.76 at the top with the best runs above, out
 * of sight (found by a review).  After the sort model has resorted. */
static void
on_sorted (HlRunList *self)
{
  hl_run_list_scroll_to_top (self);
}

/* Missing values (NAN) sort after every number, whichever way the column
 * sorts (sorted descending, they came first). */
static int
compare_cells (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const ColumnSort *sort = user_data;
  Column col = sort->column;
  const HlRunInfo *x = hl_run_item_get_info ((HlRunItem *) a);
  const HlRunInfo *y = hl_run_item_get_info ((HlRunItem *) b);

  if (columns[col].numeric)
    {
      double u = numeric_cell (x, col), v = numeric_cell (y, col);
      if (isnan (u) || isnan (v))
        return (isnan (u) - isnan (v)) * (sort->list->descending & (1u << col) ? -1 : 1);
      return u < v ? GTK_ORDERING_SMALLER : u > v ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
    }
  {
    g_autofree char *s = format_cell (x, col), *t = format_cell (y, col);
    int c = g_utf8_collate (s, t);
    return c < 0 ? GTK_ORDERING_SMALLER : c > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
  }
}

#define STATUS_FONT_KEY "hl-status-font"

static int
text_width (GtkWidget *label, const char *text)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (label, text);
  int width = 0;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* A status cell is never cut: it is as wide as the widest status any run
 * can show (a pruned trial's too), in the user's language and the cell's
 * own font.  (13 characters, for the English "Early stopped", cut the
 * German "Fehlgeschlagen".)  Measured as a cell is bound (it is in the
 * column view by then, with its font), again only if that font changed. */
static void
fit_status_width (GtkWidget *label)
{
  PangoContext *context = gtk_widget_get_pango_context (label);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  const PangoFontDescription *measured = g_object_get_data (G_OBJECT (label), STATUS_FONT_KEY);
  int widest;

  if (measured != NULL && font != NULL && pango_font_description_equal (measured, font))
    return;
  widest = text_width (label, _("Pruned"));
  for (HlRunStatus s = HL_RUN_STATUS_RUNNING; s <= HL_RUN_STATUS_INTERRUPTED; s++)
    widest = MAX (widest, text_width (label, hl_run_status_to_label (s)));
  gtk_widget_set_size_request (label, widest, -1);
  g_object_set_data_full (G_OBJECT (label), STATUS_FONT_KEY,
                          font != NULL ? pango_font_description_copy (font) : NULL,
                          (GDestroyNotify) pango_font_description_free);
}

gssize
hl_run_list_trial_part (const char *name)
{
  const gssize seed = hl_store_replicate_suffix (name);

  /* a seed replicate's "(seed <digits>)" at the end: Repeat…'s runs
   * differ only there */
  if (seed >= 0)
    return seed + 1;
  /* the last " #<digits> · " (or " #<digits>" at the end): a sweep's own
   * name may hold a "#" */
  for (const char *p = g_strrstr (name, " #"); p != NULL;
       p = p > name ? g_strrstr_len (name, p - name, " #") : NULL)
    {
      const char *q = p + 2;

      while (g_ascii_isdigit (*q))
        q++;
      if (q > p + 2 && (*q == '\0' || g_str_has_prefix (q, " · ")))
        return p + 1 - name;
    }
  return -1;
}

/* The longest a trial's own part keeps whole before it is cut: "#12 ·
 * lr=0.003296, batch=32" needs more, but its number and first setting
 * stay. */
#define TRIAL_PART_CHARS 16

/* A name cell: a sweep's trials differ at the end of their names ("spiral
 * sweep 2 #3 · lr=0.01"), which a cut at the end took from every one of
 * them at 1280 px ("spiral sweep 2 #…").  A trial's own part has a label
 * of its own that keeps its width, the sweep's name before it is cut
 * instead; any other name is one label, cut at its end. */
static GtkWidget *
name_cell_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  for (int i = 0; i < 2; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

static void
show_name (GtkWidget *box, const HlRunInfo *info)
{
  GtkWidget *head = gtk_widget_get_first_child (box);
  GtkWidget *tail = gtk_widget_get_next_sibling (head);
  g_autofree char *name = format_cell (info, COL_NAME);
  gssize at = hl_run_list_trial_part (name);

  gtk_widget_set_visible (tail, at > 0);
  if (at <= 0)
    {
      gtk_label_set_text (GTK_LABEL (head), name);
      gtk_label_set_width_chars (GTK_LABEL (head), columns[COL_NAME].chars);
      return;
    }
  gtk_label_set_text (GTK_LABEL (tail), name + at);
  gtk_label_set_width_chars (GTK_LABEL (tail), (int) MIN (g_utf8_strlen (name + at, -1), TRIAL_PART_CHARS));
  name[at - 1] = '\0';   /* the space before "#" is the box's */
  gtk_label_set_text (GTK_LABEL (head), name);
  gtk_label_set_width_chars (GTK_LABEL (head), -1);
}

/* The whole name (a long one is cut in the column), then the file: made
 * when the pointer rests on the cell.  Set as each row was bound, a
 * tooltip cost an X round trip (GTK asks the pointer's place), for every
 * row bound again after a change to the list (found by a review). */
static gboolean
on_name_query_tooltip (GtkWidget *label, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                       GtkListItem *item)
{
  HlRunItem *run = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (run == NULL)
    return FALSE;
  text = hl_run_list_name_tooltip (hl_run_item_get_info (run));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  Column col = GPOINTER_TO_INT (user_data);
  GtkWidget *label;

  if (col == COL_NAME)
    {
      label = name_cell_new ();
      /* on the labels: the tooltip is the one of the widget under the pointer */
      for (GtkWidget *c = gtk_widget_get_first_child (label); c != NULL; c = gtk_widget_get_next_sibling (c))
        {
          gtk_widget_set_has_tooltip (c, TRUE);
          g_signal_connect_object (c, "query-tooltip", G_CALLBACK (on_name_query_tooltip), item, 0);
        }
    }
  else
    {
      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), columns[col].numeric ? 1.0f : 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), columns[col].chars);
    }
  if (columns[col].numeric)
    gtk_widget_add_css_class (label, "numeric");
  /* which row a cell is in: hl_run_list_focus_row looks for it (the item
   * owns the label, so it outlives it) */
  g_object_set_data (G_OBJECT (label), "hl-list-item", item);
  gtk_list_item_set_child (item, label);
}

#define BOUND_KEY "hl-bound-run"

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  const ColumnSort *cell = user_data;
  Column col = cell->column;
  HlRunItem *run = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const HlRunInfo *info = hl_run_item_get_info (run);
  g_autofree char *text = NULL;

  if (col == COL_STATUS)
    fit_status_width (label);
  /* GTK 4.8 binds a row again when only its position changed: each of the
   * ~200 rows it keeps, after any change above them (a run that came at
   * the top).  A cell that shows this run already keeps its text: making
   * it again was three quarters of that time.  An item never changes (a
   * record rewritten gets a new one); the cell holds it, so its address
   * is no other item's. */
  if (g_object_get_data (G_OBJECT (label), BOUND_KEY) == run)
    return;
  g_object_set_data_full (G_OBJECT (label), BOUND_KEY, g_object_ref (run), g_object_unref);
  cell->list->cells_made++;
  if (col == COL_NAME)
    {
      show_name (label, info);
      return;
    }
  text = format_cell (info, col);
  gtk_label_set_text (GTK_LABEL (label), text);
  if (col == COL_STATUS && info->status == HL_RUN_STATUS_INTERRUPTED)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
}

void
hl_run_list_add_columns (HlRunList *self)
{
  for (int col = 0; col < N_COLS; col++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;
      ColumnSort *sort;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (col));
      sort = g_new (ColumnSort, 1);
      *sort = (ColumnSort) { self, col };
      g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cell), g_memdup2 (sort, sizeof *sort),
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      column = gtk_column_view_column_new (_(columns[col].title), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_cells, sort, g_free));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[col].expand);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (sorter);
      g_object_unref (column);
    }
  /* before the sort model follows the sorter: it resorts knowing the ways */
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (learn_sort_ways), self, 0);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorted), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}
