/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-dataset-csv.c - CSV files: a header row, one target column, numeric features.
 *
 * Fields follow RFC 4180 (quoted fields may hold commas, "" and newlines);
 * LF or CRLF line ends, or CR alone in a file without LF (classic Mac OS,
 * and Excel for Mac's "CSV" until 2016); blank lines are skipped.  Errors
 * give the physical line where the offending record starts.
 *
 * The separator is the one of ',', ';' and tab that the header row holds
 * most often outside quotes (comma when it holds none).  Spreadsheets in
 * locales that write a decimal comma save ';'-separated files with numbers
 * like "3,5": with ';' or tab as separator, a number may use one comma as
 * its decimal point.
 *
 * Class labels: the distinct target values, sorted — numerically when every
 * value is a number (so 0..K-1 map to themselves and "10" follows "9"),
 * otherwise by byte order — are the classes 0..K-1.  Sorting, rather than
 * order of appearance, keeps the mapping independent of row order.  The
 * numbering stays byte order (L0, L1, L10, L2 …): the outputs, and so the
 * results of a config and of a resumed run, depend on it; a confusion
 * matrix shows such labels in natural order (hl_confusion_display_order).
 */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hl-dataset-private.h"
#include "hl-error.h"

#define CSV_MAX_FILE_BYTES (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)
#define CSV_CANCEL_EVERY   4096u

typedef struct {
  const char *path;        /* for messages */
  const char *p, *end;     /* unread input */
  guint       line;        /* physical line of p (1-based) */
  GPtrArray  *fields;      /* of char*, the current record */
  GString    *buf;
  char        sep;         /* ',', ';' or '\t' (csv_sniff) */
  gboolean    decimal_comma;
} CsvReader;

/* Messages quote names and values from the file, which may hold any bytes;
 * GError messages are UTF-8 (the GUI shows them), so invalid bytes become
 * U+FFFD. */
G_GNUC_PRINTF (3, 4) static void
csv_error (GError **error, int code, const char *format, ...)
{
  g_autofree char *msg = NULL;
  g_autofree char *valid = NULL;
  va_list ap;

  va_start (ap, format);
  msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  valid = g_utf8_make_valid (msg, -1);
  g_set_error_literal (error, HL_DATASET_ERROR, code, valid);
}

/* A file whose lines end in CR alone (classic Mac OS) holds no LF: read
 * as it was, it was one header row, refused for a "duplicate column name"
 * of some number (found by a QA pass).  Its CRs become LFs, byte for byte,
 * so the lines keep their numbers. */
static void
csv_mac_line_ends (char *p, gsize length)
{
  if (memchr (p, '\n', length) != NULL)
    return;
  for (gsize i = 0; i < length; i++)
    if (p[i] == '\r')
      p[i] = '\n';
}

/* Reads one field into r->buf; returns FALSE on an unterminated quote. */
static gboolean
csv_read_field (CsvReader *r)
{
  g_string_truncate (r->buf, 0);
  if (r->p < r->end && *r->p == '"')
    {
      for (r->p++; ; r->p++)
        {
          if (r->p >= r->end)
            return FALSE;
          if (*r->p == '"')
            {
              if (r->p + 1 < r->end && r->p[1] == '"')
                r->p++;
              else
                {
                  r->p++;
                  break;
                }
            }
          else if (*r->p == '\n')
            r->line++;
          g_string_append_c (r->buf, *r->p);
        }
    }
  /* Unquoted text (or stray text after a closing quote) up to the separator. */
  while (r->p < r->end && *r->p != r->sep && *r->p != '\n')
    {
      if (!(*r->p == '\r' && (r->p + 1 == r->end || r->p[1] == '\n')))
        g_string_append_c (r->buf, *r->p);
      r->p++;
    }
  return TRUE;
}

static gboolean
csv_line_is_blank (const char *p, const char *end)
{
  for (; p < end && *p != '\n'; p++)
    if (*p != '\r' && *p != ' ' && *p != '\t')
      return FALSE;
  return TRUE;
}

/* Picks r->sep from the first non-blank line (the header), outside quotes. */
static void
csv_sniff (CsvReader *r)
{
  static const char seps[] = { ',', ';', '\t' };
  guint count[G_N_ELEMENTS (seps)] = { 0 }, best = 0;
  gboolean quoted = FALSE;
  const char *p = r->p;

  while (p < r->end && csv_line_is_blank (p, r->end))
    {
      const char *nl = memchr (p, '\n', r->end - p);
      p = nl ? nl + 1 : r->end;
    }
  for (; p < r->end && (quoted || *p != '\n'); p++)
    if (*p == '"')
      quoted = !quoted;
    else if (!quoted)
      for (guint k = 0; k < G_N_ELEMENTS (seps); k++)
        count[k] += *p == seps[k];
  for (guint k = 1; k < G_N_ELEMENTS (seps); k++)
    if (count[k] > count[best])
      best = k;
  r->sep = seps[best];
  r->decimal_comma = r->sep != ',';
}

/* Reads the next non-blank record into r->fields; sets *start_line.
 * Returns FALSE at the end of input or on error (then *error is set). */
static gboolean
csv_next_record (CsvReader *r, guint *start_line, GError **error)
{
  while (r->p < r->end && csv_line_is_blank (r->p, r->end))
    {
      const char *nl = memchr (r->p, '\n', r->end - r->p);
      r->p = nl ? nl + 1 : r->end;
      r->line++;
    }
  if (r->p >= r->end)
    return FALSE;

  *start_line = r->line;
  g_ptr_array_set_size (r->fields, 0);
  for (;;)
    {
      if (!csv_read_field (r))
        {
          csv_error (error, HL_DATASET_ERROR_CSV_RAGGED,
                     _("%s:%u: unterminated quoted field (is the file truncated?)"),
                     r->path, *start_line);
          return FALSE;
        }
      g_ptr_array_add (r->fields, g_strdup (r->buf->str));
      if (r->p < r->end && *r->p == r->sep)
        {
          r->p++;
          continue;
        }
      if (r->p < r->end)   /* '\n' */
        r->p++;
      r->line++;
      return TRUE;
    }
}

/* Parses a whole field as a decimal number (surrounding blanks allowed;
 * overflow to inf parses, the caller rejects it).  strtod alone also took
 * "0x10", "nan" and "inf" (found by a review). */
static gboolean
csv_parse_number (const char *s, gboolean decimal_comma, double *out)
{
  char *endp;
  const char *comma;

  while (*s == ' ' || *s == '\t')
    s++;
  /* "3,5" for 3.5: one comma and no point, in a file that does not separate with commas */
  if (decimal_comma && (comma = strchr (s, ',')) != NULL && strchr (comma + 1, ',') == NULL
      && strchr (s, '.') == NULL)
    {
      g_autofree char *dot = g_strdup (s);
      dot[comma - s] = '.';
      return csv_parse_number (dot, FALSE, out);
    }
  if (*s == '\0' || s[strspn (s, "0123456789+-.eE \t")] != '\0' || strpbrk (s, "0123456789") == NULL)
    return FALSE;
  *out = g_ascii_strtod (s, &endp);
  while (*endp == ' ' || *endp == '\t')
    endp++;
  return endp != s && *endp == '\0';
}

static gboolean
csv_header (CsvReader *r, const char *target, guint *target_col, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint line = 1;
  GPtrArray *f = r->fields;
  GError *local = NULL;

  if (!csv_next_record (r, &line, &local))
    {
      if (local)
        g_propagate_error (error, local);
      else
        csv_error (error, HL_DATASET_ERROR_EMPTY,
                   _("%s: the file is empty (expected a header row and data rows)"), r->path);
      return FALSE;
    }
  *target_col = G_MAXUINT;
  for (guint c = 0; c < f->len; c++)
    {
      const char *name = g_strstrip ((char *) g_ptr_array_index (f, c));

      if (g_hash_table_contains (seen, name))
        {
          csv_error (error, HL_DATASET_ERROR_CSV_HEADER,
                     _("%s:%u: duplicate column name \"%s\" (columns %u and %u)"), r->path,
                     line, name, GPOINTER_TO_UINT (g_hash_table_lookup (seen, name)), c + 1);
          return FALSE;
        }
      g_hash_table_insert (seen, (gpointer) name, GUINT_TO_POINTER (c + 1));
      if (g_strcmp0 (name, target) == 0)
        *target_col = c;
    }
  if (*target_col == G_MAXUINT)
    {
      g_ptr_array_add (f, NULL);
      const char *near = hl_closest_string (target, (const char *const *) f->pdata);
      g_autofree char *all = g_strjoinv ("\", \"", (char **) f->pdata);
      g_ptr_array_set_size (f, f->len - 1);
      if (near)
        csv_error (error, HL_DATASET_ERROR_CSV_HEADER,
                   /* TRANSLATORS: a file name and line number, the column name given, the closest
                    * column; keep "(dataset.target)": the form puts the message on that row */
                   _("%s:%u: no target column \"%s\"; did you mean \"%s\"? (dataset.target)"),
                   r->path, line, target, near);
      else
        csv_error (error, HL_DATASET_ERROR_CSV_HEADER,
                   _("%s:%u: no target column \"%s\" (dataset.target); columns are \"%s\""),
                   r->path, line, target, all);
      return FALSE;
    }
  if (f->len < 2)
    {
      csv_error (error, HL_DATASET_ERROR_CSV_HEADER,
                 _("%s:%u: no feature columns besides the target \"%s\""), r->path, line, target);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  GArray     *x;          /* float, N × F */
  GArray     *targets;    /* double (regression): as read, shifted when stored */
  GArray     *label_ids;  /* guint32 index into label_names (classification) */
  GPtrArray  *label_names;
  GHashTable *label_index; /* name -> id + 1 */
  gboolean    decimal_comma;
} CsvData;

static gboolean
csv_row (CsvReader *r, guint line, GStrv names, guint target_col, HlTask task,
         CsvData *d, GError **error)
{
  GPtrArray *f = r->fields;

  for (guint c = 0; c < f->len; c++)
    {
      const char *s = g_ptr_array_index (f, c);
      double v;

      if (c == target_col && task == HL_TASK_CLASSIFICATION)
        {
          g_autofree char *label = g_strstrip (g_strdup (s));
          guint id = GPOINTER_TO_UINT (g_hash_table_lookup (d->label_index, label));

          if (*label == '\0')
            {
              csv_error (error, HL_DATASET_ERROR_CSV_VALUE,
                         _("%s:%u: column \"%s\": empty class label"), r->path, line, names[c]);
              return FALSE;
            }
          if (id == 0)
            {
              g_ptr_array_add (d->label_names, g_steal_pointer (&label));
              id = d->label_names->len;
              g_hash_table_insert (d->label_index,
                                   g_ptr_array_index (d->label_names, id - 1),
                                   GUINT_TO_POINTER (id));
            }
          id--;
          g_array_append_val (d->label_ids, id);
          continue;
        }
      if (s[strspn (s, " \t")] == '\0')
        {
          csv_error (error, HL_DATASET_ERROR_CSV_VALUE,
                     _("%s:%u: column \"%s\": missing value (fill it in or remove the row)"),
                     r->path, line, names[c]);
          return FALSE;
        }
      if (!csv_parse_number (s, r->decimal_comma, &v) || !isfinite (v))
        {
          csv_error (error, HL_DATASET_ERROR_CSV_VALUE,
                     csv_parse_number (s, r->decimal_comma, &v)
                     /* TRANSLATORS: a file name and line, a column name, then the value */
                     ? _("%s:%u: column \"%s\": non-finite value \"%s\"")
                     : _("%s:%u: column \"%s\": non-numeric value \"%s\""), r->path, line, names[c], s);
          return FALSE;
        }
      float fv = (float) v;
      if (!isfinite (fv))
        {
          csv_error (error, HL_DATASET_ERROR_CSV_VALUE,
                     _("%s:%u: column \"%s\": value \"%s\" is out of float range"),
                     r->path, line, names[c], s);
          return FALSE;
        }
      if (c == target_col)
        g_array_append_val (d->targets, v);
      else
        g_array_append_val (d->x, fv);
    }
  return TRUE;
}

/* By value, read as the file writes numbers: with a decimal comma, "0,5"
 * and "0,7" were both 0 to g_ascii_strtod, and so one class. */
static int
label_cmp_numeric (gconstpointer a, gconstpointer b, gpointer decimal_comma)
{
  double x = 0, y = 0;

  csv_parse_number (*(const char *const *) a, GPOINTER_TO_INT (decimal_comma), &x);
  csv_parse_number (*(const char *const *) b, GPOINTER_TO_INT (decimal_comma), &y);
  return (x > y) - (x < y);
}

static int
label_cmp_bytes (gconstpointer a, gconstpointer b, gpointer unused)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Renumbers label ids so classes follow the documented sorted order; when
 * every label is a number, equal numbers are one class ("1", "1.0" and "01"
 * were three; found by a review), named as the first of them in that order.
 * *names: the classes' names in class order (new, NULL-terminated). */
static guint32 *
csv_sorted_labels (CsvData *d, guint *n_classes, GStrv *names)
{
  g_autoptr(GPtrArray) class_names = g_ptr_array_new ();
  guint K = d->label_names->len;
  g_autofree guint32 *remap = g_new (guint32, K);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  gboolean numeric = TRUE;
  gsize n = 0;
  guint32 *labels;

  for (guint k = 0; k < K; k++)
    {
      double v;
      g_ptr_array_add (sorted, g_ptr_array_index (d->label_names, k));
      /* 1e999 and 2e999 are not one class "inf": such labels are words */
      numeric = numeric && csv_parse_number (g_ptr_array_index (d->label_names, k), d->decimal_comma, &v) && isfinite (v);
    }
  g_ptr_array_sort_with_data (sorted, numeric ? label_cmp_numeric : label_cmp_bytes,
                              GINT_TO_POINTER (d->decimal_comma));
  *n_classes = 0;
  for (guint k = 0; k < K; k++)
    {
      gpointer id = g_hash_table_lookup (d->label_index, g_ptr_array_index (sorted, k));

      if (k == 0 || !numeric
          || label_cmp_numeric (&sorted->pdata[k - 1], &sorted->pdata[k], GINT_TO_POINTER (d->decimal_comma)) != 0)
        {
          (*n_classes)++;
          g_ptr_array_add (class_names, g_strdup (g_ptr_array_index (sorted, k)));
        }
      remap[GPOINTER_TO_UINT (id) - 1] = *n_classes - 1;
    }
  g_ptr_array_add (class_names, NULL);
  *names = (GStrv) g_ptr_array_steal (class_names, NULL);
  labels = (guint32 *) g_array_steal (d->label_ids, &n);
  for (gsize i = 0; i < n; i++)
    labels[i] = remap[labels[i]];
  return labels;
}

static void
csv_data_clear (CsvData *d)
{
  g_clear_pointer (&d->x, g_array_unref);
  g_clear_pointer (&d->targets, g_array_unref);
  g_clear_pointer (&d->label_ids, g_array_unref);
  g_clear_pointer (&d->label_index, g_hash_table_unref);
  g_clear_pointer (&d->label_names, g_ptr_array_unref);
}

static gboolean
csv_body (CsvReader *r, GStrv names, guint target_col, HlTask task, CsvData *d,
          GCancellable *cancellable, GError **error)
{
  guint n_cols = g_strv_length (names);
  guint line = 0;
  guint n = 0;

  for (;;)
    {
      GError *local = NULL;

      if (!csv_next_record (r, &line, &local))
        {
          if (local)
            {
              g_propagate_error (error, local);
              return FALSE;
            }
          break;
        }
      if (r->fields->len != n_cols)
        {
          csv_error (error, HL_DATASET_ERROR_CSV_RAGGED,
                     /* TRANSLATORS: a file name and line number, then two counts */
                     _("%s:%u: expected %u fields, got %u"), r->path, line, n_cols,
                     r->fields->len);
          return FALSE;
        }
      if (!csv_row (r, line, names, target_col, task, d, error))
        return FALSE;
      if (++n % CSV_CANCEL_EVERY == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (n > HL_DATASET_MAX_SAMPLES)
        {
          csv_error (error, HL_DATASET_ERROR_LIMIT,
                     _("%s:%u: more than %u rows"), r->path, line, HL_DATASET_MAX_SAMPLES);
          return FALSE;
        }
    }
  if (n == 0)
    {
      csv_error (error, HL_DATASET_ERROR_EMPTY,
                 _("%s: only a header row, no data rows"), r->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
csv_parse (CsvReader *r, const char *target, HlTask task, HlDatasetParts *parts,
           GCancellable *cancellable, GError **error)
{
  CsvData d = { .decimal_comma = r->decimal_comma };
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) class_names = NULL;
  g_autofree guint32 *labels = NULL;
  guint target_col, n_classes = 0;
  gboolean ok;

  if (!csv_header (r, target, &target_col, error))
    return FALSE;
  g_ptr_array_add (r->fields, NULL);
  names = (GStrv) g_ptr_array_steal (r->fields, NULL);   /* leaves r->fields empty */

  d.x = g_array_new (FALSE, FALSE, sizeof (float));
  d.targets = g_array_new (FALSE, FALSE, sizeof (double));
  d.label_ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  d.label_names = g_ptr_array_new_with_free_func (g_free);
  d.label_index = g_hash_table_new (g_str_hash, g_str_equal);
  ok = csv_body (r, names, target_col, task, &d, cancellable, error);
  if (ok && task == HL_TASK_CLASSIFICATION)
    labels = csv_sorted_labels (&d, &n_classes, &class_names);
  if (ok && task == HL_TASK_CLASSIFICATION && n_classes > HL_DATASET_MAX_CLASSES)
    {
      csv_error (error, HL_DATASET_ERROR_LIMIT,
                 _("%s: target column \"%s\" has %u distinct values, more than %u classes "
                   "(is dataset.task \"regression\"?)"), r->path, target,
                 n_classes, HL_DATASET_MAX_CLASSES);
      ok = FALSE;
    }
  /* one class gives a loss of 0 and an accuracy of 1 with nothing learnt */
  if (ok && task == HL_TASK_CLASSIFICATION && n_classes < 2)
    {
      csv_error (error, HL_DATASET_ERROR_INVALID,
                 _("%s: target column \"%s\" holds a single class (\"%s\"); classification needs "
                   "at least two (is dataset.task \"regression\"?)"), r->path, target,
                 (const char *) g_ptr_array_index (d.label_names, 0));
      ok = FALSE;
    }
  if (ok)
    {
      guint n_cols = g_strv_length (names);
      gsize n = 0;

      parts->task = task;
      parts->n_features = n_cols - 1;
      parts->pool.x = (float *) g_array_steal (d.x, &n);
      parts->pool.n = n / parts->n_features;
      if (task == HL_TASK_CLASSIFICATION)
        {
          parts->pool.labels = g_steal_pointer (&labels);
          parts->n_classes = n_classes;
          parts->n_outputs = parts->n_classes;
          parts->class_names = g_steal_pointer (&class_names);
        }
      else
        {
          /* Stored as float less the column's mean: at 1e9 a float is 64
           * apart from the next, and targets of 1e9 ± 100 lost their
           * spread before they were z-scored (found by a QA pass). */
          const double *t = (const double *) d.targets->data;
          const guint n_t = d.targets->len;
          double mean = 0.0;

          for (guint i = 0; i < n_t; i++)
            mean += t[i] / n_t;
          parts->pool.targets = g_new (float, n_t);
          for (guint i = 0; i < n_t; i++)
            parts->pool.targets[i] = (float) (t[i] - mean);
          parts->target_shift = mean;
          parts->n_outputs = 1;
        }
      parts->standardise = TRUE;
    }
  csv_data_clear (&d);
  return ok;
}

gboolean
hl_dataset_csv_load (const char *path, const char *target, HlTask task,
                     HlDatasetParts *parts, GCancellable *cancellable, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) local = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize length = 0;
  CsvReader r = { 0 };
  gboolean ok;

  /* A device or a pipe (/dev/zero) would be read without end: only files
   * (it read until the address space gave out, then said "Bad address"). */
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      csv_error (error, HL_DATASET_ERROR_IO, _("%s: not a regular file (dataset.path)"), display);
      return FALSE;
    }
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        csv_error (error, HL_DATASET_ERROR_NOT_FOUND,
                   _("%s: no such file (dataset.path)"), display);
      else
        csv_error (error, HL_DATASET_ERROR_IO, "%s: %s (dataset.path)", display, local->message);
      return FALSE;
    }
  if (length > CSV_MAX_FILE_BYTES)
    {
      csv_error (error, HL_DATASET_ERROR_LIMIT,
                 _("%s: file too large (%llu bytes)"), display, (unsigned long long) length);
      return FALSE;
    }
  csv_mac_line_ends (contents, length);
  r.path = display;
  r.p = contents;
  if (length >= 3 && memcmp (contents, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;   /* UTF-8 byte order mark written by spreadsheets */
  r.end = contents + length;
  r.line = 1;
  r.fields = g_ptr_array_new_with_free_func (g_free);
  r.buf = g_string_new (NULL);
  csv_sniff (&r);
  ok = csv_parse (&r, target ? target : "target", task, parts, cancellable, error);
  g_ptr_array_unref (r.fields);
  g_string_free (r.buf, TRUE);
  return ok;
}

/* ---- a guess for a file just picked ------------------------------------- */

#define CSV_GUESS_MAX_BYTES (1024 * 1024)

/* The column a target is most likely in: `prefer` if the file has it, else
 * one named as targets usually are, else the last (iris, wine, housing). */
static guint
guess_target_column (GPtrArray *names, const char *prefer)
{
  static const char *const usual[] = { "target", "label", "class", "y", "species", "outcome", NULL };

  for (guint c = 0; prefer != NULL && c < names->len; c++)
    if (g_strcmp0 (g_ptr_array_index (names, c), prefer) == 0)
      return c;
  for (guint u = 0; usual[u] != NULL; u++)
    for (guint c = 0; c < names->len; c++)
      if (g_ascii_strcasecmp (g_ptr_array_index (names, c), usual[u]) == 0)
        return c;
  return names->len - 1;
}

gboolean
hl_dataset_csv_guess (const char *path, const char *prefer, char **target, HlTask *task,
                      GCancellable *cancellable, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *buf = g_malloc (CSV_GUESS_MAX_BYTES);
  g_autofree char *display = g_filename_display_name (path);
  gsize length = 0;
  const char *last_nl;
  CsvReader r = { 0 };
  guint line, col, rows = 0;
  gboolean numeric = TRUE, whole = TRUE, ok = FALSE;
  g_autoptr(GHashTable) distinct = g_hash_table_new_full (g_double_hash, g_double_equal, g_free, NULL);
  GError *local = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      csv_error (error, HL_DATASET_ERROR_NOT_FOUND, _("%s: no such file (dataset.path)"), display);
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      csv_error (error, HL_DATASET_ERROR_IO, _("%s: not a regular file (dataset.path)"), display);
      return FALSE;
    }
  in = g_file_read (file, cancellable, &local);
  if (in == NULL || !g_input_stream_read_all (G_INPUT_STREAM (in), buf, CSV_GUESS_MAX_BYTES,
                                              &length, cancellable, &local))
    {
      csv_error (error, HL_DATASET_ERROR_IO, "%s: %s (dataset.path)", display, local->message);
      g_error_free (local);
      return FALSE;
    }
  csv_mac_line_ends (buf, length);
  /* whole lines only: a cut record would be read as ragged */
  if (length == CSV_GUESS_MAX_BYTES)
    {
      for (last_nl = buf + length; last_nl > buf && last_nl[-1] != '\n'; last_nl--)
        ;
      length = last_nl - buf;
    }
  r.path = display;
  r.p = buf;
  if (length >= 3 && memcmp (buf, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;
  r.end = buf + length;
  r.line = 1;
  r.fields = g_ptr_array_new_with_free_func (g_free);
  r.buf = g_string_new (NULL);
  csv_sniff (&r);
  if (!csv_next_record (&r, &line, &local))
    {
      if (local != NULL)
        g_propagate_error (error, local);
      else
        csv_error (error, HL_DATASET_ERROR_EMPTY,
                   _("%s: the file is empty (expected a header row and data rows)"), display);
      goto out;
    }
  for (guint c = 0; c < r.fields->len; c++)
    g_ptr_array_add (names, g_strdup (g_strstrip ((char *) g_ptr_array_index (r.fields, c))));
  if (names->len < 2)
    {
      csv_error (error, HL_DATASET_ERROR_CSV_HEADER,
                 _("%s:%u: one column only: a target and at least one feature are needed"),
                 display, line);
      goto out;
    }
  col = guess_target_column (names, prefer);
  /* Regression when the column holds numbers and not only whole ones, or
   * whole numbers of many values (prices in whole dollars: thousands of
   * "classes"; found by a code review); a class label is a word or one of
   * a few integers.  A ragged or cut row ends the look, the full load
   * reports it. */
  while (rows < 1000 && csv_next_record (&r, &line, NULL) && r.fields->len == names->len)
    {
      double v;
      if (!csv_parse_number (g_ptr_array_index (r.fields, col), r.decimal_comma, &v) || !isfinite (v))
        numeric = FALSE;
      else
        {
          if (v != floor (v))
            whole = FALSE;
          if (g_hash_table_size (distinct) <= 1000)
            g_hash_table_add (distinct, g_memdup2 (&v, sizeof v));
        }
      rows++;
    }
  *target = g_strdup (g_ptr_array_index (names, col));
  {
    const guint k = g_hash_table_size (distinct);
    const gboolean many = k > 100 || (k > 20 && 2 * k > rows);

    *task = rows > 0 && numeric && (!whole || many) ? HL_TASK_REGRESSION : HL_TASK_CLASSIFICATION;
  }
  ok = TRUE;
out:
  g_ptr_array_unref (r.fields);
  g_string_free (r.buf, TRUE);
  return ok;
}
