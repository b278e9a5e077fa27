/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-dataset-idx.c - IDX files (the MNIST family), plain or gzip, through GIO.
 *
 * Header: 0x00 0x00 <type> <n_dims>, then n_dims big-endian u32 sizes, then
 * the bytes.  The claimed size is checked against what the file can hold
 * before any allocation, so a 100-byte file that claims 10⁹ images fails at
 * once; gzip data is inflated into a buffer that grows only as bytes arrive.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "hl-dataset-private.h"
#include "hl-error.h"

#define IDX_TYPE_U8        0x08
#define IDX_MAX_ITEM_BYTES (1u << 24)          /* one image: 16 MiB */
#define IDX_CHUNK          (4u << 20)          /* read granularity (cancellation) */
#define GZ_MAX_RATIO       1032u               /* deflate's best compression */

typedef struct {
  GInputStream *in;
  guint64       file_size;
  gboolean      gz;
} IdxStream;

static void
idx_error_from_io (GError **error, GError *local, const char *display)
{
  gint code = HL_DATASET_ERROR_IO;

  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, local);
      return;
    }
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_NOT_FOUND,
                 _("%s: no such file"), display);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_TRUNCATED,
                 /* TRANSLATORS: a file name, then the decompressor's message */
                 _("%s: truncated gzip data (%s)"), display, local->message);
  else
    g_set_error (error, HL_DATASET_ERROR, code, "%s: %s", display, local->message);
  g_error_free (local);
}

/* Opens @path; a gzip stream (sniffed by its magic) is wrapped in a decompressor. */
static gboolean
idx_open (const char *path, const char *display, IdxStream *s,
          GCancellable *cancellable, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) fin = NULL;
  g_autoptr(GFileInfo) info = NULL;
  guint8 sniff[2] = { 0, 0 };
  gsize got = 0;
  GError *local = NULL;

  fin = g_file_read (file, cancellable, &local);
  if (fin)
    info = g_file_input_stream_query_info (fin, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                           cancellable, &local);
  if (info)
    g_input_stream_read_all (G_INPUT_STREAM (fin), sniff, 2, &got, cancellable, &local);
  if (!local)
    g_seekable_seek (G_SEEKABLE (fin), 0, G_SEEK_SET, cancellable, &local);
  if (local)
    {
      idx_error_from_io (error, local, display);
      return FALSE;
    }
  s->file_size = g_file_info_get_size (info);
  s->gz = got == 2 && sniff[0] == 0x1f && sniff[1] == 0x8b;
  if (s->gz)
    {
      g_autoptr(GZlibDecompressor) dec =
        g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      s->in = g_converter_input_stream_new (G_INPUT_STREAM (fin), G_CONVERTER (dec));
    }
  else
    s->in = G_INPUT_STREAM (g_steal_pointer (&fin));
  return TRUE;
}

/* Reads exactly @len bytes; a short read is a truncated file. */
static gboolean
idx_read_exact (IdxStream *s, guint8 *buf, gsize len, gsize *got,
                const char *display, GCancellable *cancellable, GError **error)
{
  GError *local = NULL;

  *got = 0;
  if (!g_input_stream_read_all (s->in, buf, len, got, cancellable, &local))
    {
      idx_error_from_io (error, local, display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
idx_read_header (IdxStream *s, const char *display, guint expect_dims,
                 guint32 *dims, guint *n_dims, GCancellable *cancellable, GError **error)
{
  guint8 head[4 + 4 * HL_IDX_MAX_DIMS];
  guint32 magic;
  gsize got;

  if (!idx_read_exact (s, head, 4, &got, display, cancellable, error))
    return FALSE;
  magic = (guint32) head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3];
  if (got < 4)
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_MAGIC,
                   _("%s: not an IDX file (%llu bytes, shorter than a header)"),
                   display, (unsigned long long) got);
      return FALSE;
    }
  if (head[0] != 0 || head[1] != 0)
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_MAGIC,
                   _("%s: not an IDX file (magic 0x%08x)"), display, magic);
      return FALSE;
    }
  if (head[2] != IDX_TYPE_U8)
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_MAGIC,
                   _("%s: unsupported IDX element type 0x%02x (magic 0x%08x; only unsigned "
                     "bytes, 0x08, are supported)"), display, head[2], magic);
      return FALSE;
    }
  if (head[3] == 0 || head[3] > HL_IDX_MAX_DIMS || (expect_dims && head[3] != expect_dims))
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_MAGIC,
                   /* TRANSLATORS: a file name, its magic number, what it should be
                    * ("a label file"), the magic number that has */
                   _("%s: magic 0x%08x: expected %s (magic 0x%08x)"), display, magic,
                   expect_dims == 1 ? _("a label file") : expect_dims == 3 ? _("an image file")
                   : _("1 to 4 dimensions"), 0x800u | (expect_dims ? expect_dims : 3));
      return FALSE;
    }
  *n_dims = head[3];
  if (!idx_read_exact (s, head + 4, 4 * *n_dims, &got, display, cancellable, error))
    return FALSE;
  if (got < 4 * *n_dims)
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_TRUNCATED,
                   _("%s: file ends inside its header"), display);
      return FALSE;
    }
  for (guint d = 0; d < *n_dims; d++)
    {
      const guint8 *b = head + 4 + 4 * d;
      dims[d] = (guint32) b[0] << 24 | (guint32) b[1] << 16 | (guint32) b[2] << 8 | b[3];
    }
  return TRUE;
}

/* Checks the claimed payload against the file size and the limits. */
static gboolean
idx_check_size (const IdxStream *s, const char *display, const guint32 *dims,
                guint n_dims, guint64 *total, GError **error)
{
  guint64 item = 1;
  guint64 header = 4 + 4 * n_dims;
  guint64 room;

  for (guint d = 1; d < n_dims; d++)
    {
      item *= dims[d];
      if (item > IDX_MAX_ITEM_BYTES)
        break;
    }
  if (item == 0 || item > IDX_MAX_ITEM_BYTES)
    {
      g_autoptr(GString) shape = g_string_new (NULL);
      for (guint d = 0; d < n_dims; d++)
        g_string_append_printf (shape, "%s%u", d ? " x " : "", dims[d]);
      g_set_error (error, HL_DATASET_ERROR,
                   item ? HL_DATASET_ERROR_LIMIT : HL_DATASET_ERROR_EMPTY,
                   item ? _("%s: unreasonable dimensions %s (each sample above 16 MiB)")
                        : _("%s: unreasonable dimensions %s (each sample empty)"), display, shape->str);
      return FALSE;
    }
  *total = item * dims[0];
  room = s->gz ? s->file_size * GZ_MAX_RATIO + 4096
               : (s->file_size > header ? s->file_size - header : 0);
  if (*total > room)
    {
      if (s->gz)
        g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_TRUNCATED,
                     _("%s: truncated: header claims %u samples (%llu bytes) but %llu compressed bytes "
                       "expand to at most %llu"), display, dims[0], (unsigned long long) *total,
                     (unsigned long long) s->file_size, (unsigned long long) room);
      else
        g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_TRUNCATED,
                     _("%s: truncated: header claims %u samples (%llu bytes) but the file holds %llu"),
                     display, dims[0], (unsigned long long) *total, (unsigned long long) room);
      return FALSE;
    }
  if (*total > HL_DATASET_MAX_BYTES)
    {
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_LIMIT,
                   _("%s: %llu bytes of data is more than this program accepts"), display,
                   (unsigned long long) *total);
      return FALSE;
    }
  return TRUE;
}

/* Reads @total payload bytes.  The buffer grows with what actually arrives
 * (gzip), starting near the size the file can plausibly hold. */
static guint8 *
idx_read_payload (IdxStream *s, const char *display, guint64 total,
                  GCancellable *cancellable, GError **error)
{
  gsize alloc = MIN (total, s->gz ? MAX (s->file_size * 2, 1u << 20) : total);
  g_autofree guint8 *buf = g_malloc (MAX (alloc, 1));
  gsize have = 0;

  while (have < total)
    {
      gsize got;

      if (have == alloc)
        {
          alloc = MIN (total, (guint64) alloc * 2);
          buf = g_realloc (buf, alloc);
        }
      if (!idx_read_exact (s, buf + have, MIN (alloc - have, IDX_CHUNK), &got,
                           display, cancellable, error))
        return NULL;
      if (got == 0)
        {
          g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_TRUNCATED,
                       _("%s: truncated: header claims %llu bytes of data, file holds %llu"), display,
                       (unsigned long long) total, (unsigned long long) have);
          return NULL;
        }
      have += got;
    }
  return g_steal_pointer (&buf);
}

static gboolean
idx_read_expect (const char *path, guint expect_dims, guint8 **data, guint32 *dims,
                 guint *n_dims, GCancellable *cancellable, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  IdxStream s = { 0 };
  guint64 total = 0;
  gboolean ok;

  if (!idx_open (path, display, &s, cancellable, error))
    return FALSE;
  ok = idx_read_header (&s, display, expect_dims, dims, n_dims, cancellable, error)
       && idx_check_size (&s, display, dims, *n_dims, &total, error)
       && (*data = idx_read_payload (&s, display, total, cancellable, error)) != NULL;
  g_object_unref (s.in);
  return ok;
}

gboolean
hl_idx_read (const char *path, guint8 **data, guint32 *dims, guint *n_dims,
             GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (path && data && dims && n_dims, FALSE);
  *data = NULL;
  return idx_read_expect (path, 0, data, dims, n_dims, cancellable, error);
}

typedef struct {
  guint8  *x;       /* N × F */
  guint32 *labels;  /* N */
  guint    n, rows, cols;
} IdxPair;

/* Reads one images/labels pair and checks that the counts agree. */
static gboolean
idx_read_pair (const char *images, const char *labels, IdxPair *p,
               GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *lab = NULL;
  guint32 dims[HL_IDX_MAX_DIMS];
  guint32 n_labels;
  guint n_dims;

  if (!idx_read_expect (labels, 1, &lab, dims, &n_dims, cancellable, error))
    return FALSE;
  n_labels = dims[0];
  if (!idx_read_expect (images, 3, &p->x, dims, &n_dims, cancellable, error))
    return FALSE;
  p->n = dims[0];
  p->rows = dims[1];
  p->cols = dims[2];
  if (n_labels != p->n)
    {
      g_autofree char *di = g_filename_display_name (images);
      g_autofree char *dl = g_filename_display_name (labels);
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_MISMATCH,
                   /* TRANSLATORS: a label file name and its count, then an image file name and its count */
                   _("%s holds %u labels but %s holds %u images"), dl, n_labels, di, p->n);
      return FALSE;
    }
  p->labels = g_new (guint32, MAX (p->n, 1));
  for (guint i = 0; i < p->n; i++)
    p->labels[i] = lab[i];
  return TRUE;
}

static gboolean
idx_check_labels (const IdxPair *p, const char *labels, guint n_classes, GError **error)
{
  for (guint i = 0; i < p->n; i++)
    if (p->labels[i] >= n_classes)
      {
        g_autofree char *dl = g_filename_display_name (labels);
        g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_MISMATCH,
                     _("%s: label %u of sample %u is outside the %u classes"), dl,
                     p->labels[i], i, n_classes);
        return FALSE;
      }
  return TRUE;
}

static guint
idx_count_classes (const IdxPair *p)
{
  guint32 top = 0;

  for (guint i = 0; i < p->n; i++)
    top = MAX (top, p->labels[i]);
  return top + 1;
}

gboolean
hl_dataset_idx_load (const char *train_images, const char *train_labels,
                     const char *test_images, const char *test_labels,
                     guint n_classes, HlDatasetParts *parts,
                     GCancellable *cancellable, GError **error)
{
  IdxPair tr = { 0 }, te = { 0 };
  gboolean has_test = test_images != NULL;
  gboolean ok;

  ok = idx_read_pair (train_images, train_labels, &tr, cancellable, error)
       && (!has_test || idx_read_pair (test_images, test_labels, &te, cancellable, error));
  if (ok && has_test && (tr.rows != te.rows || tr.cols != te.cols))
    {
      g_autofree char *d1 = g_filename_display_name (train_images);
      g_autofree char *d2 = g_filename_display_name (test_images);
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_IDX_MISMATCH,
                   /* TRANSLATORS: a file name and its image size (rows x columns), then another */
                   _("%s holds %ux%u images but %s holds %ux%u images"), d1, tr.rows,
                   tr.cols, d2, te.rows, te.cols);
      ok = FALSE;
    }
  if (ok && n_classes == 0)
    n_classes = idx_count_classes (&tr);
  /* one class trains to loss 0 and accuracy 1 with nothing learnt, as the
   * CSV loader already refused (found by a review) */
  if (ok && tr.n > 0)
    {
      guint i = 1;

      while (i < tr.n && tr.labels[i] == tr.labels[0])
        i++;
      if (i == tr.n)
        {
          g_autofree char *dl = g_filename_display_name (train_labels);
          g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_INVALID,
                       _("%s: every training label is %u; classification needs at least two classes"),
                       dl, tr.labels[0]);
          ok = FALSE;
        }
    }
  ok = ok && idx_check_labels (&tr, train_labels, n_classes, error)
       && (!has_test || idx_check_labels (&te, test_labels, n_classes, error));
  if (!ok)
    {
      g_free (tr.x);
      g_free (tr.labels);
      g_free (te.x);
      g_free (te.labels);
      return FALSE;
    }
  parts->task = HL_TASK_CLASSIFICATION;
  parts->n_features = tr.rows * tr.cols;
  parts->n_classes = parts->n_outputs = n_classes;
  parts->pool = (HlRows) { .n = tr.n, .x_u8 = tr.x, .labels = tr.labels };
  parts->test = (HlRows) { .n = te.n, .x_u8 = te.x, .labels = te.labels };
  parts->has_test = has_test;
  return TRUE;
}

static const char *const idx_family_files[] = {
  "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
};

/* The plain file if present (faster to read), else the .gz one, else NULL. */
static char *
idx_family_file (const char *dir, const char *base)
{
  g_autofree char *plain = g_build_filename (dir, base, NULL);
  g_autofree char *gz = g_strconcat (plain, ".gz", NULL);

  if (g_file_test (plain, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&plain);
  if (g_file_test (gz, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&gz);
  return NULL;
}

/* The named IDX families (the same file names each). */
static const char *const idx_families[] = { "fashion-mnist", "mnist", NULL };

gboolean
hl_dataset_is_idx_family (const char *kind)
{
  return kind != NULL && g_strv_contains (idx_families, kind);
}

static void
add_dir_once (GPtrArray *dirs, char *dir)
{
  for (guint i = 0; i < dirs->len; i++)
    if (g_str_equal (dirs->pdata[i], dir))
      {
        g_free (dir);
        return;
      }
  g_ptr_array_add (dirs, dir);
}

/* path, with the home folder written "~" (takes path) */
static char *
tilde (char *path)
{
  const char *home = g_get_home_dir ();
  const gsize n = strlen (home);

  if (n > 1 && strncmp (path, home, n) == 0 && path[n] == G_DIR_SEPARATOR)
    {
      char *t = g_strconcat ("~", path + n, NULL);
      g_free (path);
      return t;
    }
  return path;
}

/* Candidate folders in search order, for lookup and for the error message. */
static GPtrArray *
idx_family_dirs (const char *name)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("HYPERLAB_DATA_DIRS");

  if (env)
    {
      g_auto(GStrv) parts = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
      for (guint i = 0; parts[i]; i++)
        {
          g_autofree char *base = NULL;
          if (*parts[i] == '\0')
            continue;
          g_ptr_array_add (dirs, g_build_filename (parts[i], name, NULL));
          /* The folder itself may hold the files, unless it is named after
           * the other family: both use the same file names, and "mnist"
           * must not train on a folder called fashion-mnist. */
          base = g_path_get_basename (parts[i]);
          if (g_str_equal (base, name) || !hl_dataset_is_idx_family (base))
            g_ptr_array_add (dirs, g_strdup (parts[i]));
        }
    }
  /* then the XDG data folders: ~/.local/share/datasets/<name> needs no root */
  add_dir_once (dirs, g_build_filename (g_get_user_data_dir (), "datasets", name, NULL));
  for (const char *const *sys = g_get_system_data_dirs (); *sys != NULL; sys++)
    add_dir_once (dirs, g_build_filename (*sys, "datasets", name, NULL));
  /* where Debian's dataset-* packages install, whatever XDG_DATA_DIRS says */
  add_dir_once (dirs, g_build_filename ("/usr/share/datasets", name, NULL));
  return dirs;
}

char *
hl_dataset_find_named (const char *name)
{
  g_autoptr(GPtrArray) dirs = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  dirs = idx_family_dirs (name);
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *f = idx_family_file (g_ptr_array_index (dirs, i), idx_family_files[0]);
      if (f)
        return g_strdup (g_ptr_array_index (dirs, i));
    }
  return NULL;
}

gboolean
hl_dataset_idx_load_named (const char *name, HlDatasetParts *parts,
                           GCancellable *cancellable, GError **error)
{
  g_autofree char *dir = hl_dataset_find_named (name);
  char *files[G_N_ELEMENTS (idx_family_files)] = { NULL };
  gboolean ok = TRUE;

  if (!dir)
    {
      g_autoptr(GPtrArray) dirs = idx_family_dirs (name);
      g_autofree char *user = tilde (g_build_filename (g_get_user_data_dir (), "datasets", name, NULL));
      g_autofree char *list = NULL;

      for (guint i = 0; i < dirs->len; i++)
        dirs->pdata[i] = tilde (dirs->pdata[i]);
      g_ptr_array_add (dirs, NULL);
      list = g_strjoinv (", ", (char **) dirs->pdata);
      /* what to do first, where it looked last; Debian packages
       * Fashion-MNIST (dataset-fashion-mnist), not MNIST */
      g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_NOT_FOUND,
                   g_str_equal (name, "fashion-mnist")
                   /* TRANSLATORS: a dataset name, a file name, a folder, then the folders looked in;
                    * HYPERLAB_DATA_DIRS is an environment variable */
                   ? _("dataset \"%s\" not found: install Debian's dataset-fashion-mnist package, or put "
                       "its four IDX files (%s(.gz), …) in %s or in a folder named in HYPERLAB_DATA_DIRS "
                       "(looked in %s)")
                   /* TRANSLATORS: a dataset name, a file name, a folder, then the folders looked in;
                    * HYPERLAB_DATA_DIRS is an environment variable */
                   : _("dataset \"%s\" not found: put its four IDX files (%s(.gz), …) in %s or in a "
                       "folder named in HYPERLAB_DATA_DIRS (looked in %s)"),
                   name, idx_family_files[0], user, list);
      return FALSE;
    }
  for (guint i = 0; ok && i < G_N_ELEMENTS (idx_family_files); i++)
    {
      files[i] = idx_family_file (dir, idx_family_files[i]);
      if (!files[i])
        {
          g_set_error (error, HL_DATASET_ERROR, HL_DATASET_ERROR_NOT_FOUND,
                       /* TRANSLATORS: a dataset name, a folder, a file name */
                       _("dataset \"%s\": %s has no %s(.gz)"), name, dir, idx_family_files[i]);
          ok = FALSE;
        }
    }
  /* The MNIST family always has the ten classes 0..9. */
  ok = ok && hl_dataset_idx_load (files[0], files[1], files[2], files[3], 10, parts,
                                  cancellable, error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_free (files[i]);
  return ok;
}
