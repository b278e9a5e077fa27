/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-idx.c - IDX files, plain and gzip.
 *
 * Input: one flag byte, then the file(s).
 *   bit 0: gzip the file(s) first, so the fuzzer explores IDX headers behind
 *          a valid gzip stream (raw inputs starting 1f 8b exercise broken
 *          gzip data).
 *   bit 1: a labels + images pair loaded by hl_dataset_load (kind "idx"):
 *          two bytes (little-endian) give the labels file's length, the rest
 *          is the images file; otherwise one file read by hl_idx_read().
 *   bit 2: (pair) the same two files are the test set too.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz-common.h"

static HlConfig *configs[2];
static volatile guint sink;   /* keeps the checking reads */

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      HlConfig *c = hl_config_new ();

      g_free (c->dataset.kind);
      c->dataset.kind = g_strdup ("idx");
      c->dataset.train_images = g_build_filename (fuzz_dir (), "images.idx", NULL);
      c->dataset.train_labels = g_build_filename (fuzz_dir (), "labels.idx", NULL);
      if (i == 1)
        {
          c->dataset.test_images = g_strdup (c->dataset.train_images);
          c->dataset.test_labels = g_strdup (c->dataset.train_labels);
        }
      configs[i] = c;
    }
  return 0;
}

static const char *
write_file (const char *name, const uint8_t *data, size_t size, gboolean gz)
{
  g_autoptr(GBytes) packed = NULL;
  gsize len;
  const void *bytes;

  if (!gz)
    return fuzz_write (name, data, size);
  packed = fuzz_gzip (data, size);
  bytes = g_bytes_get_data (packed, &len);
  return fuzz_write (name, bytes, len);
}

static void
read_one (const uint8_t *data, size_t size, gboolean gz)
{
  const char *path = write_file ("one.idx", data, size, gz);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *payload = NULL;
  guint32 dims[HL_IDX_MAX_DIMS];
  guint n_dims = 0;
  guint64 total = 1;

  if (!hl_idx_read (path, &payload, dims, &n_dims, NULL, &error))
    {
      fuzz_check_error (error, HL_DATASET_ERROR, "one.idx", NULL);
      if (payload != NULL)
        abort ();
      return;
    }
  if (n_dims < 1 || n_dims > HL_IDX_MAX_DIMS || payload == NULL)
    abort ();
  for (guint d = 0; d < n_dims; d++)
    total *= dims[d];
  /* Every claimed byte must be there (ASan checks the reads). */
  for (guint64 i = 0; i < total; i++)
    sink += payload[i];
}

static void
check_dataset (const HlDataset *ds)
{
  const HlSplit *splits[] = { &ds->train, &ds->val, &ds->test };

  if (ds->task != HL_TASK_CLASSIFICATION || ds->n_classes == 0 || ds->n_features == 0
      || ds->train.n == 0)
    abort ();
  for (guint s = 0; s < G_N_ELEMENTS (splits); s++)
    for (guint i = 0; i < splits[s]->n; i++)
      {
        if (splits[s]->labels[i] >= ds->n_classes)
          abort ();
        /* The last byte of each row is there (ASan checks the read). */
        sink += splits[s]->x_u8[(gsize) (i + 1) * ds->n_features - 1];
      }
}

static void
read_pair (const uint8_t *data, size_t size, gboolean gz, gboolean with_test)
{
  gsize n_labels;
  g_autoptr(GError) error = NULL;
  g_autoptr(HlDataset) ds = NULL;

  if (size < 2)
    return;
  n_labels = MIN ((gsize) (data[0] | data[1] << 8), size - 2);
  write_file ("labels.idx", data + 2, n_labels, gz);
  write_file ("images.idx", data + 2 + n_labels, size - 2 - n_labels, gz);
  ds = hl_dataset_load (configs[with_test], NULL, &error);
  if (ds == NULL)
    fuzz_check_error (error, HL_DATASET_ERROR, ".idx", "dataset");
  else
    check_dataset (ds);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint8 flags;

  if (size < 1)
    return 0;
  flags = data[0];
  if (flags & 2)
    read_pair (data + 1, size - 1, flags & 1, (flags & 4) != 0);
  else
    read_one (data + 1, size - 1, flags & 1);
  return 0;
}
