/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-dataset-group.c - the Dataset form group. */
#include <string.h>
#include <glib/gi18n.h>
#include "hl-form-util.h"
#include "hl-scatter-preview.h"
#include "hl-dataset-group.h"
#include "hl-format.h"

#define RELOAD_DELAY_MS 200
#define MAX_PREVIEW_POINTS 2000

/* Order of the "kinds" string list in the template. */
static const char *const kinds[] = {
  "spiral", "circles", "xor", "gaussians", "moons", "sine",
  "fashion-mnist", "mnist", "csv", "idx",
};
enum { KIND_CSV = 8, KIND_IDX = 9 };

struct _HlDatasetGroup
{
  AdwPreferencesGroup parent_instance;

  /* template widgets */
  AdwComboRow      *kind_row;
  AdwActionRow     *file_row;
  GtkWidget        *samples_row;
  GtkSpinButton    *samples_spin;
  GtkWidget        *noise_row;
  GtkSpinButton    *noise_spin;
  GtkWidget        *classes_row;
  GtkSpinButton    *classes_spin;
  AdwEntryRow      *target_row;
  AdwComboRow      *task_row;
  GtkWidget        *val_split_row;
  GtkSpinButton    *val_split_spin;
  GtkWidget        *test_split_row;
  GtkSpinButton    *test_split_spin;
  GtkWidget        *preview_box;
  HlScatterPreview *preview;
  GtkSpinner       *spinner;
  GtkLabel         *counts_label;
  gboolean          error_on_row;   /* the load error shows on a row of the form */

  /* borrowed */
  HlConfig         *config;

  /* owned */
  HlDatasetInfo     info;
  GError           *error;
  char             *loaded_key;     /* dataset fields of the last load request */
  GCancellable     *cancellable;    /* of the load in flight */
  guint             reload_id;
  guint             previous_kind;  /* to go back when a file dialog is cancelled */
  gboolean          updating;
  gboolean          guess_pending;  /* a CSV file was picked: guess its target and task */
  GtkNativeDialog  *chooser;
};

G_DEFINE_FINAL_TYPE (HlDatasetGroup, hl_dataset_group, ADW_TYPE_PREFERENCES_GROUP)

enum { CHANGED, INFO_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- loading on a worker ---------------------------------------------- */

typedef struct {
  HlDatasetInfo info;
  float        *xy;        /* n × 2 preview points */
  guint32      *labels;
  guint         n;
  char         *target;    /* guessed for a file just picked, or NULL */
  HlTask        task;      /* with target */
  GError       *error;     /* the load failed after a guess */
} LoadResult;

typedef struct {
  HlConfig *config;        /* a copy */
  gboolean  guess;         /* a CSV file was just picked: guess target and task */
} LoadRequest;

static void
load_request_free (LoadRequest *q)
{
  hl_config_free (q->config);
  g_free (q);
}

static void
load_result_free (LoadResult *r)
{
  g_free (r->xy);
  g_free (r->labels);
  g_free (r->target);
  g_clear_error (&r->error);
  g_free (r);
}

/* Preview points: 2-D features, or (x, target) for 1-D regression. */
static void
take_preview (LoadResult *r, const HlDataset *ds)
{
  const HlSplit *s = &ds->train;
  guint step;

  if (s->x == NULL || s->n == 0 || ds->n_features > 2
      || (ds->n_features == 1 && (ds->task != HL_TASK_REGRESSION || s->targets == NULL)))
    return;
  step = MAX (1, s->n / MAX_PREVIEW_POINTS);
  r->xy = g_new (float, 2 * (s->n / step + 1));
  r->labels = s->labels ? g_new (guint32, s->n / step + 1) : NULL;
  for (guint i = 0; i < s->n; i += step, r->n++)
    {
      r->xy[2 * r->n] = s->x[(gsize) i * ds->n_features];
      r->xy[2 * r->n + 1] = ds->n_features == 2 ? s->x[(gsize) i * 2 + 1]
                            : (float) (s->targets[i * ds->n_outputs] + ds->target_shift);
      if (r->labels)
        r->labels[r->n] = s->labels[i];
    }
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadRequest *q = task_data;
  HlConfig *cfg = q->config;
  g_autoptr (GError) error = NULL;
  g_autoptr (HlDataset) ds = NULL;
  g_autofree char *target = NULL;
  HlTask guessed_task = cfg->dataset.task;
  LoadResult *r;

  /* A file picked without a "target" column failed until the column was
   * typed in, and a regression target loaded as hundreds of classes (found
   * by a GUI review): guess both from the file, then load with them. */
  if (q->guess && cfg->dataset.path != NULL)
    {
      g_autofree char *path = hl_config_resolve_path (cfg, cfg->dataset.path);

      if (hl_dataset_csv_guess (path, cfg->dataset.target, &target, &guessed_task,
                                cancellable, NULL))
        {
          g_free (cfg->dataset.target);
          cfg->dataset.target = g_strdup (target);
          cfg->dataset.task = guessed_task;
        }
    }
  ds = hl_dataset_load (cfg, cancellable, &error);
  if (ds == NULL && target == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  r = g_new0 (LoadResult, 1);
  r->target = g_steal_pointer (&target);
  r->task = guessed_task;
  if (ds == NULL)
    {
      /* the guess is kept (the form shows it) with the load's error */
      r->error = g_steal_pointer (&error);
      g_task_return_pointer (task, r, (GDestroyNotify) load_result_free);
      return;
    }
  r->info = (HlDatasetInfo) { TRUE, ds->train.n, ds->val.n, ds->test.n,
                              ds->n_features, ds->n_outputs, ds->n_classes, ds->task };
  take_preview (r, ds);
  g_task_return_pointer (task, r, (GDestroyNotify) load_result_free);
}

static void
update_counts (HlDatasetGroup *self)
{
  const HlDatasetInfo *i = &self->info;
  g_autofree char *total = NULL, *split = NULL, *text = NULL;
  g_autofree char *train = NULL, *val = NULL, *test = NULL, *features = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->counts_label), self->error == NULL || !self->error_on_row);
  if (self->error != NULL)
    {
      /* in the form's words: "(Test Split 0.5, …)", not "(dataset.test_split 0.5, …)" */
      HlConfigIssue issue = { NULL, self->error, NULL };
      GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
      g_autofree char *message = hl_form_issue_text_in (root ? root : GTK_WIDGET (self), &issue);

      /* under the Dataset heading: "dataset: " says it again */
      gtk_label_set_text (self->counts_label, g_str_has_prefix (message, "dataset: ")
                                              ? message + strlen ("dataset: ") : message);
      gtk_widget_add_css_class (GTK_WIDGET (self->counts_label), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->counts_label), "error");
  if (!i->known)
    {
      gtk_label_set_text (self->counts_label, _("Loading…"));
      return;
    }
  total = hl_format_count ((guint64) i->n_train + i->n_val + i->n_test);
  /* counts grouped as the total is ("54000" next to "70,000"), features
   * in the singular for one */
  train = hl_format_count (i->n_train);
  val = hl_format_count (i->n_val);
  test = hl_format_count (i->n_test);
  features = g_strdup_printf (ngettext ("%u feature", "%u features", i->n_features), i->n_features);
  if (i->task == HL_TASK_CLASSIFICATION)
    text = g_strdup_printf (_("%s samples · %u classes · %s"), total, i->n_classes, features);
  else
    text = g_strdup_printf (_("%s samples · regression · %s"), total, features);
  split = g_strdup_printf (_("%s for training, %s for validation, %s for testing"), train, val, test);
  g_free (total);
  total = g_strdup_printf ("%s\n%s", text, split);
  gtk_label_set_text (self->counts_label, total);
}

static void refresh (HlDatasetGroup *self);
static char *dataset_key (const HlConfig *c);

/* The guessed target and task into the form; the data loaded with them
 * are this load's, so nothing is loaded again. */
static void
apply_guess (HlDatasetGroup *self, const char *target, HlTask task)
{
  HlDatasetConfig *d = &self->config->dataset;

  if (g_strcmp0 (d->target, target) == 0 && d->task == task)
    return;
  g_free (d->target);
  d->target = g_strdup (target);
  d->task = task;
  refresh (self);
  g_free (self->loaded_key);
  self->loaded_key = dataset_key (self->config);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (HlDatasetGroup) self = user_data;
  g_autoptr (GError) error = NULL;
  LoadResult *r = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer load is on its way */
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  g_clear_error (&self->error);
  /* only while nothing was typed in or loaded since the file was picked:
   * a guess from a load already running overwrote an edit made meanwhile
   * (found by a code review) */
  if (r != NULL && r->target != NULL && self->guess_pending)
    apply_guess (self, r->target, r->task);
  self->guess_pending = FALSE;
  if (r != NULL && r->error != NULL)
    {
      error = g_steal_pointer (&r->error);
      g_clear_pointer (&r, load_result_free);
    }
  if (r == NULL)
    {
      self->info = (HlDatasetInfo) { 0 };
      self->error = g_steal_pointer (&error);
      hl_scatter_preview_clear (self->preview);
    }
  else
    {
      self->info = r->info;
      hl_scatter_preview_set_graph (self->preview, r->info.n_features == 1);
      hl_scatter_preview_set_points (self->preview, r->xy, r->labels, r->n, r->info.n_classes);
      load_result_free (r);
    }
  gtk_widget_set_visible (self->preview_box, hl_scatter_preview_get_n_points (self->preview) > 0);
  update_counts (self);
  g_signal_emit (self, signals[INFO_CHANGED], 0);
}

static gboolean
reload_now (gpointer user_data)
{
  HlDatasetGroup *self = user_data;
  g_autoptr (GTask) task = NULL;

  self->reload_id = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, on_loaded, g_object_ref (self));
  g_task_set_source_tag (task, reload_now);
  {
    LoadRequest *q = g_new0 (LoadRequest, 1);
    q->config = hl_config_copy (self->config);
    q->guess = self->guess_pending && g_strcmp0 (self->config->dataset.kind, "csv") == 0;
    g_task_set_task_data (task, q, (GDestroyNotify) load_request_free);
  }
  g_task_run_in_thread (task, load_thread);
  gtk_spinner_start (self->spinner);
  return G_SOURCE_REMOVE;
}

/* Everything that changes the loaded data, as one comparable string. */
static char *
dataset_key (const HlConfig *c)
{
  const HlDatasetConfig *d = &c->dataset;

  return g_strdup_printf ("%s|%u|%g|%u|%s|%s|%d|%s|%s|%s|%s|%g|%g|%u|%" G_GUINT64_FORMAT "|%s",
                          d->kind, d->samples, d->noise, d->classes, d->path, d->target,
                          d->task, d->train_images, d->train_labels, d->test_images,
                          d->test_labels, d->validation_split, d->test_split, d->limit,
                          c->seed, c->base_dir);
}

void
hl_dataset_group_config_changed (HlDatasetGroup *self)
{
  g_autofree char *key = NULL;

  g_return_if_fail (HL_IS_DATASET_GROUP (self));
  if (self->config == NULL)
    return;
  key = dataset_key (self->config);
  if (g_strcmp0 (key, self->loaded_key) == 0)
    return;
  g_free (self->loaded_key);
  self->loaded_key = g_steal_pointer (&key);
  self->info.known = FALSE;
  g_clear_error (&self->error);
  update_counts (self);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_now, self);
}

/* ---- widgets <-> config ------------------------------------------------ */

static guint
kind_index (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i], kind) == 0)
      return i;
  return 0;
}

static char *
file_subtitle (const HlConfig *c)
{
  const char *path = g_str_equal (c->dataset.kind, "csv") ? c->dataset.path : c->dataset.train_images;

  if (path == NULL || *path == '\0')
    return g_strdup (_("No file chosen"));
  return g_path_get_basename (path);
}

static void
update_visibility (HlDatasetGroup *self)
{
  const char *kind = self->config->dataset.kind;
  gboolean toy = hl_dataset_kind_is_toy (kind) || g_strcmp0 (kind, "sine") == 0;
  gboolean csv = g_strcmp0 (kind, "csv") == 0;
  gboolean idx = g_strcmp0 (kind, "idx") == 0;
  gboolean classes = g_strcmp0 (kind, "spiral") == 0 || g_strcmp0 (kind, "gaussians") == 0;
  g_autofree char *subtitle = file_subtitle (self->config);

  gtk_widget_set_visible (GTK_WIDGET (self->file_row), csv || idx);
  gtk_widget_set_visible (self->samples_row, toy);
  gtk_widget_set_visible (self->noise_row, toy);
  gtk_widget_set_visible (self->classes_row, classes);
  gtk_widget_set_visible (GTK_WIDGET (self->target_row), csv);
  gtk_widget_set_visible (GTK_WIDGET (self->task_row), csv);
  gtk_widget_set_visible (self->test_split_row, !hl_dataset_kind_is_idx_family (kind));
  hl_form_set_subtitle (GTK_WIDGET (self->file_row), subtitle);
  hl_form_set_path (GTK_WIDGET (self->file_row), csv ? "dataset.path" : "dataset.train_images", FALSE);
}

static void
refresh (HlDatasetGroup *self)
{
  const HlDatasetConfig *d = &self->config->dataset;

  self->updating = TRUE;
  self->previous_kind = kind_index (d->kind);
  adw_combo_row_set_selected (self->kind_row, self->previous_kind);
  hl_form_spin_set_real (self->samples_spin, d->samples);
  hl_form_spin_set_real (self->noise_spin, d->noise);
  hl_form_spin_set_real (self->classes_spin, d->classes);
  gtk_editable_set_text (GTK_EDITABLE (self->target_row), d->target ? d->target : "");
  adw_combo_row_set_selected (self->task_row, d->task == HL_TASK_REGRESSION ? 1 : 0);
  hl_form_spin_set_real (self->val_split_spin, d->validation_split);
  hl_form_spin_set_real (self->test_split_spin, d->test_split);
  update_visibility (self);
  self->updating = FALSE;
}

static void
read_widgets (HlDatasetGroup *self)
{
  HlDatasetConfig *d = &self->config->dataset;
  const char *target = gtk_editable_get_text (GTK_EDITABLE (self->target_row));

  d->samples = (guint) hl_form_spin_get_real (self->samples_spin);
  d->noise = hl_form_spin_get_real (self->noise_spin);
  d->classes = (guint) hl_form_spin_get_real (self->classes_spin);
  g_free (d->target);
  d->target = g_strdup (target);
  d->task = adw_combo_row_get_selected (self->task_row) == 1 ? HL_TASK_REGRESSION
                                                              : HL_TASK_CLASSIFICATION;
  d->validation_split = hl_form_spin_get_real (self->val_split_spin);
  d->test_split = hl_form_spin_get_real (self->test_split_spin);
}

static void
emit_changed (HlDatasetGroup *self)
{
  update_visibility (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_value_changed (HlDatasetGroup *self)
{
  if (self->updating || self->config == NULL)
    return;
  self->guess_pending = FALSE;   /* the target or task typed in wins */
  read_widgets (self);
  emit_changed (self);
}

static void
set_kind (HlDatasetGroup *self, guint index)
{
  g_free (self->config->dataset.kind);
  self->config->dataset.kind = g_strdup (kinds[index]);
  self->previous_kind = index;
  emit_changed (self);
}

/* IDX files are told apart by their file name: train/t10k and
 * images/labels (the folder's name counted too: four files in ".../latest/"
 * were all taken for test files). */
void
hl_dataset_group_assign_idx_file (HlDatasetConfig *d, const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *base = g_ascii_strdown (name, -1);
  gboolean test = strstr (base, "t10k") != NULL || strstr (base, "test") != NULL;
  gboolean labels = strstr (base, "label") != NULL || strstr (base, "idx1") != NULL;
  char **slot = test ? (labels ? &d->test_labels : &d->test_images)
                     : (labels ? &d->train_labels : &d->train_images);

  g_free (*slot);
  *slot = g_strdup (path);
}

void
hl_dataset_group_pick_csv (HlDatasetGroup *self, const char *path)
{
  g_return_if_fail (HL_IS_DATASET_GROUP (self) && path != NULL);
  g_free (self->config->dataset.path);
  self->config->dataset.path = g_strdup (path);
  self->guess_pending = TRUE;
  set_kind (self, KIND_CSV);
}

static void
on_chooser_response (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  HlDatasetGroup *self = user_data;
  g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
  guint wanted = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "kind"));
  guint n = g_list_model_get_n_items (files);

  if (response != GTK_RESPONSE_ACCEPT || n == 0)
    {
      /* go back to what was shown before the dialog */
      self->updating = TRUE;
      adw_combo_row_set_selected (self->kind_row, kind_index (self->config->dataset.kind));
      self->updating = FALSE;
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (wanted == KIND_CSV)
            {
              hl_dataset_group_pick_csv (self, path);
              break;
            }
          hl_dataset_group_assign_idx_file (&self->config->dataset, path);
        }
      if (wanted != KIND_CSV)
        set_kind (self, wanted);
    }
  g_clear_object (&self->chooser);
}

static void
choose_files (HlDatasetGroup *self, guint kind)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (kind == KIND_CSV ? _("Open CSV File") : _("Open IDX Files"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  if (kind == KIND_CSV)
    {
      g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

      /* separated by commas, semicolons or tabs (the loader tells them apart) */
      gtk_file_filter_set_name (filter, _("CSV and TSV files"));
      gtk_file_filter_add_suffix (filter, "csv");
      gtk_file_filter_add_suffix (filter, "tsv");
      gtk_file_filter_add_mime_type (filter, "text/csv");
      gtk_file_filter_add_mime_type (filter, "text/tab-separated-values");
      /* exports named .txt or .dat */
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
      gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  else
    {
      gtk_file_filter_set_name (filter, _("IDX files (images and labels)"));
      gtk_file_filter_add_pattern (filter, "*-ubyte");
      gtk_file_filter_add_pattern (filter, "*-ubyte.gz");
      gtk_file_filter_add_pattern (filter, "*.idx*");
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  g_object_set_data (G_OBJECT (chooser), "kind", GUINT_TO_POINTER (kind));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
on_kind_selected (HlDatasetGroup *self)
{
  guint sel = adw_combo_row_get_selected (self->kind_row);

  if (self->updating || self->config == NULL || sel >= G_N_ELEMENTS (kinds))
    return;
  if (sel == KIND_CSV || sel == KIND_IDX)
    choose_files (self, sel);
  else
    set_kind (self, sel);
}

static void
on_file_clicked (HlDatasetGroup *self)
{
  choose_files (self, g_str_equal (self->config->dataset.kind, "csv") ? KIND_CSV : KIND_IDX);
}

/* ---- GObject ----------------------------------------------------------- */

static void
hl_dataset_group_dispose (GObject *object)
{
  HlDatasetGroup *self = HL_DATASET_GROUP (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  G_OBJECT_CLASS (hl_dataset_group_parent_class)->dispose (object);
}

static void
hl_dataset_group_finalize (GObject *object)
{
  HlDatasetGroup *self = HL_DATASET_GROUP (object);

  g_clear_error (&self->error);
  g_free (self->loaded_key);
  G_OBJECT_CLASS (hl_dataset_group_parent_class)->finalize (object);
}

static void
hl_dataset_group_class_init (HlDatasetGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hl_dataset_group_dispose;
  object_class->finalize = hl_dataset_group_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[INFO_CHANGED] = g_signal_new ("info-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (HL_TYPE_SCATTER_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/hyperlab/Hyperlab/ui/hl-dataset-group.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HlDatasetGroup, name)
  BIND (kind_row); BIND (file_row); BIND (samples_row); BIND (samples_spin);
  BIND (noise_row); BIND (noise_spin); BIND (classes_row); BIND (classes_spin);
  BIND (target_row); BIND (task_row); BIND (val_split_row); BIND (val_split_spin);
  BIND (test_split_row); BIND (test_split_spin); BIND (preview_box); BIND (preview);
  BIND (spinner); BIND (counts_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_kind_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_value_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_file_clicked);
}

/* The Data row shows the chosen kind without the menu's "…" ("CSV File",
 * not "CSV File…": the file is chosen already).  The popup keeps
 * libadwaita's own items, with their check mark. */
static void
kind_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer unused)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (item, label);
}

static void
kind_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer unused)
{
  const char *name = gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_list_item_get_item (item)));
  g_autofree char *shown = g_strdup (name);

  if (g_str_has_suffix (shown, "…"))
    shown[strlen (shown) - strlen ("…")] = '\0';
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), shown);
}

static void
kind_row_show_without_ellipsis (AdwComboRow *row)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  adw_combo_row_set_list_factory (row, adw_combo_row_get_factory (row));
  g_signal_connect (factory, "setup", G_CALLBACK (kind_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (kind_bind), NULL);
  adw_combo_row_set_factory (row, factory);
}

static void
hl_dataset_group_init (HlDatasetGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kind_row_show_without_ellipsis (self->kind_row);
  hl_form_spins_keep_on_bad_input (GTK_WIDGET (self));
  hl_form_set_path (GTK_WIDGET (self->kind_row), "dataset.kind", FALSE);
  hl_form_set_path (self->samples_row, "dataset.samples", FALSE);
  hl_form_set_path (self->noise_row, "dataset.noise", FALSE);
  hl_form_set_path (self->classes_row, "dataset.classes", FALSE);
  hl_form_set_path (GTK_WIDGET (self->target_row), "dataset.target", FALSE);
  hl_form_set_path (GTK_WIDGET (self->task_row), "dataset.task", FALSE);
  hl_form_set_path (self->val_split_row, "dataset.validation_split", FALSE);
  hl_form_set_path (self->test_split_row, "dataset.test_split", FALSE);
  hl_form_set_label (GTK_WIDGET (self->samples_spin), _("Samples"));
  hl_form_set_label (GTK_WIDGET (self->noise_spin), _("Noise"));
  hl_form_set_label (GTK_WIDGET (self->classes_spin), _("Classes"));
  hl_form_set_label (GTK_WIDGET (self->val_split_spin), _("Validation split"));
  hl_form_set_label (GTK_WIDGET (self->test_split_spin), _("Test split"));
  hl_form_set_label (GTK_WIDGET (self->preview), _("Scatter plot of the dataset"));
  gtk_widget_set_visible (self->preview_box, FALSE);
}

void
hl_dataset_group_set_config (HlDatasetGroup *self, HlConfig *config)
{
  g_return_if_fail (HL_IS_DATASET_GROUP (self));
  self->config = config;
  self->guess_pending = FALSE;
  refresh (self);
  hl_dataset_group_config_changed (self);
}

const HlDatasetInfo *
hl_dataset_group_get_info (HlDatasetGroup *self)
{
  g_return_val_if_fail (HL_IS_DATASET_GROUP (self), NULL);
  return &self->info;
}

const GError *
hl_dataset_group_get_error (HlDatasetGroup *self)
{
  g_return_val_if_fail (HL_IS_DATASET_GROUP (self), NULL);
  return self->error;
}

void
hl_dataset_group_apply_pending (HlDatasetGroup *self)
{
  const char *shown;

  g_return_if_fail (HL_IS_DATASET_GROUP (self));
  if (self->config == NULL)
    return;
  shown = gtk_editable_get_text (GTK_EDITABLE (self->target_row));
  if (g_strcmp0 (shown, self->config->dataset.target ? self->config->dataset.target : "") != 0)
    on_value_changed (self);
}

const char *
hl_dataset_group_get_caption (HlDatasetGroup *self)
{
  g_return_val_if_fail (HL_IS_DATASET_GROUP (self), NULL);
  return gtk_label_get_text (self->counts_label);
}

void
hl_dataset_group_set_error_on_row (HlDatasetGroup *self, gboolean on_row)
{
  g_return_if_fail (HL_IS_DATASET_GROUP (self));
  if (self->error_on_row == !!on_row)
    return;
  self->error_on_row = !!on_row;
  update_counts (self);
}

gboolean
hl_dataset_group_is_loading (HlDatasetGroup *self)
{
  g_return_val_if_fail (HL_IS_DATASET_GROUP (self), FALSE);
  return self->reload_id != 0 || self->cancellable != NULL;
}

guint
hl_dataset_info_train_samples (const HlDatasetInfo *info, const HlConfig *config)
{
  const HlDatasetConfig *d = &config->dataset;
  double keep;

  if (info != NULL && info->known)
    return info->n_train;
  if (!hl_dataset_kind_is_toy (d->kind) && g_strcmp0 (d->kind, "sine") != 0)
    return 0;
  keep = 1.0 - d->validation_split - d->test_split;
  /* splits below 0 in a file opened with its problems marked: more than
   * all the samples overflowed the count */
  return keep > 0 ? (guint) (d->samples * MIN (keep, 1.0)) : 0;
}

guint64
hl_dataset_info_steps_per_epoch (const HlDatasetInfo *info, const HlConfig *config)
{
  guint n = hl_dataset_info_train_samples (info, config);
  guint b = config->training.batch_size;

  if (n == 0)
    return 0;
  if (b == HL_BATCH_ALL || b >= n)
    return 1;
  return (n + b - 1) / b;
}

GtkWidget *
hl_dataset_group_get_preview (HlDatasetGroup *self)
{
  g_return_val_if_fail (HL_IS_DATASET_GROUP (self), NULL);
  return GTK_WIDGET (self->preview);
}
