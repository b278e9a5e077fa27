/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-checkpoint.c - write and read the binary resume sidecar (format in hl-checkpoint.h). */
#include <glib/gi18n-lib.h>
#include <string.h>
#include "hl-error.h"
#include "hl-checkpoint.h"
#include "hl-config-private.h"
#include "hl-config-private.h"

#define MAGIC        "HLCKPT\r\n"
#define VERSION      1u
#define HL_CKPT_BOM   0x01020304u
#define DIGEST_LEN   32   /* SHA-256 */

enum {
  TAG_SHAPE = 1, TAG_IDS, TAG_PARAMS, TAG_BEST, TAG_PERM, TAG_LOOP, TAG_OPT, TAG_SCHED,
  TAG_RUN,   /* the run's id: a sidecar copied beside another run is refused */
  TAG_TARGET, /* target mean and sd, two doubles */
  TAG_CONFIG, /* the run's config digest: an edited config is not resumed */
};

/* The shape fields, as one fixed block. */
typedef struct {
  guint32 n_inputs, n_outputs;
  guint64 n_params, n_train, batch, steps_per_epoch;
} Shape;

char *
hl_checkpoint_path_for_run (const char *run_path)
{
  g_return_val_if_fail (run_path != NULL, NULL);
  if (g_str_has_suffix (run_path, ".run.json"))
    {
      g_autofree char *stem = g_strndup (run_path, strlen (run_path) - strlen (".run.json"));
      return g_strconcat (stem, ".ckpt", NULL);
    }
  return g_strconcat (run_path, ".ckpt", NULL);
}

static void
put_section (GByteArray *out, guint32 tag, gconstpointer data, guint64 len)
{
  g_byte_array_append (out, (const guint8 *) &tag, sizeof tag);
  g_byte_array_append (out, (const guint8 *) &len, sizeof len);
  if (len > 0)
    g_byte_array_append (out, data, (guint) len);
}

static void
put_bytes (GByteArray *out, guint32 tag, GBytes *b)
{
  gsize len = 0;
  gconstpointer data = b != NULL ? g_bytes_get_data (b, &len) : NULL;

  put_section (out, tag, data, len);
}

gboolean
hl_checkpoint_save (const HlCheckpoint *ck, const char *path, GError **error)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint32 head[2] = { VERSION, HL_CKPT_BOM };
  Shape shape = { ck->n_inputs, ck->n_outputs, ck->n_params, ck->n_train, ck->batch,
                  ck->steps_per_epoch };
  const gsize opt_len = strlen (ck->optimizer_id), sched_len = strlen (ck->schedule_id);
  g_autofree char *ids = g_malloc (opt_len + 1 + sched_len);   /* "opt\0sched" */
  guint8 digest[DIGEST_LEN];
  gsize digest_len = DIGEST_LEN;
  const HlWriteOptions options = { 0644, TRUE, NULL, NULL };

  memcpy (ids, ck->optimizer_id, opt_len + 1);
  memcpy (ids + opt_len + 1, ck->schedule_id, sched_len);
  g_byte_array_append (out, (const guint8 *) MAGIC, 8);
  g_byte_array_append (out, (const guint8 *) head, sizeof head);
  put_section (out, TAG_SHAPE, &shape, sizeof shape);
  put_section (out, TAG_IDS, ids, opt_len + 1 + sched_len);
  put_section (out, TAG_PARAMS, ck->params, ck->n_params * sizeof (float));
  if (ck->best_params != NULL)
    put_section (out, TAG_BEST, ck->best_params, ck->n_params * sizeof (float));
  put_section (out, TAG_PERM, ck->perm, ck->n_train * sizeof (guint32));
  put_bytes (out, TAG_LOOP, ck->loop_state);
  put_bytes (out, TAG_OPT, ck->optimizer_state);
  put_bytes (out, TAG_SCHED, ck->schedule_state);
  if (ck->run_id != NULL)
    put_section (out, TAG_RUN, ck->run_id, strlen (ck->run_id));
  if (ck->config_digest != NULL)
    put_section (out, TAG_CONFIG, ck->config_digest, strlen (ck->config_digest));
  if (ck->has_target_scale)
    {
      const double target[2] = { ck->target_mean, ck->target_sd };
      put_section (out, TAG_TARGET, target, sizeof target);
    }
  g_checksum_update (sum, out->data, out->len);
  g_checksum_get_digest (sum, digest, &digest_len);
  g_byte_array_append (out, digest, DIGEST_LEN);

  return hl_file_write_atomic (path, (const char *) out->data, out->len, &options, HL_RUN_ERROR,
                               HL_RUN_ERROR_IO, error);
}

static gboolean
corrupt (GError **error, const char *path, const char *why)
{
  /* TRANSLATORS: a file name, then what is wrong with it (such as "is truncated or damaged") */
  g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT, _("%s: checkpoint %s"), path, _(why));
  return FALSE;
}

static gpointer
dup_exact (const guint8 *data, guint64 len, guint64 want)
{
  return len == want ? g_memdup2 (data, (gsize) len) : NULL;
}

/* Store one section; FALSE if its size does not match the shape. */
static gboolean
take_section (HlCheckpoint *ck, guint32 tag, const guint8 *data, guint64 len, gboolean *have_shape)
{
  switch (tag)
    {
    case TAG_SHAPE:
      {
        Shape s;
        if (len != sizeof s)
          return FALSE;
        memcpy (&s, data, sizeof s);
        ck->n_inputs = s.n_inputs;
        ck->n_outputs = s.n_outputs;
        ck->n_params = s.n_params;
        ck->n_train = s.n_train;
        ck->batch = s.batch;
        ck->steps_per_epoch = s.steps_per_epoch;
        *have_shape = TRUE;
        return TRUE;
      }
    case TAG_IDS:
      {
        const guint8 *nul = memchr (data, 0, (gsize) len);
        if (nul == NULL)
          return FALSE;
        ck->optimizer_id = g_strndup ((const char *) data, nul - data);
        ck->schedule_id = g_strndup ((const char *) nul + 1, (gsize) len - (nul - data) - 1);
        return TRUE;
      }
    case TAG_PARAMS:
      ck->params = ck->owned_params = dup_exact (data, len, ck->n_params * sizeof (float));
      return *have_shape && ck->params != NULL;
    case TAG_BEST:
      ck->best_params = ck->owned_best = dup_exact (data, len, ck->n_params * sizeof (float));
      return *have_shape && ck->best_params != NULL;
    case TAG_PERM:
      ck->perm = ck->owned_perm = dup_exact (data, len, ck->n_train * sizeof (guint32));
      return *have_shape && ck->perm != NULL;
    case TAG_LOOP:
      ck->loop_state = g_bytes_new (data, (gsize) len);
      return TRUE;
    case TAG_OPT:
      ck->optimizer_state = g_bytes_new (data, (gsize) len);
      return TRUE;
    case TAG_SCHED:
      ck->schedule_state = g_bytes_new (data, (gsize) len);
      return TRUE;
    case TAG_TARGET:
      {
        double target[2];
        if (len != sizeof target)
          return FALSE;
        memcpy (target, data, sizeof target);
        ck->target_mean = target[0];
        ck->target_sd = target[1];
        ck->has_target_scale = TRUE;
        return TRUE;
      }
    case TAG_CONFIG:
      g_free (ck->config_digest);
      ck->config_digest = g_strndup ((const char *) data, (gsize) len);
      return TRUE;
    case TAG_RUN:
      g_free (ck->run_id);
      ck->run_id = g_strndup ((const char *) data, (gsize) len);
      return TRUE;
    default:
      return TRUE;   /* a section from a newer minor version: skipped */
    }
}

HlCheckpoint *
hl_checkpoint_load (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0, pos;
  g_autoptr (GError) local = NULL;
  g_autoptr (HlCheckpoint) ck = NULL;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[DIGEST_LEN];
  gsize digest_len = DIGEST_LEN;
  guint32 head[2];
  gboolean have_shape = FALSE;
  guint32 seen = 0;   /* bit per known tag */
  const guint8 *p;

  if (!hl_file_read (path, &contents, &length, HL_RUN_ERROR, HL_RUN_ERROR_CHECKPOINT, error))
    return NULL;
  p = (const guint8 *) contents;
  if (length < 16 + DIGEST_LEN || memcmp (p, MAGIC, 8) != 0)
    return corrupt (error, path, N_("is not a Hyperlab checkpoint")), NULL;
  g_checksum_update (sum, p, length - DIGEST_LEN);
  g_checksum_get_digest (sum, digest, &digest_len);
  if (memcmp (digest, p + length - DIGEST_LEN, DIGEST_LEN) != 0)
    return corrupt (error, path, N_("is truncated or damaged (checksum mismatch)")), NULL;
  memcpy (head, p + 8, sizeof head);
  if (head[1] != HL_CKPT_BOM)
    return corrupt (error, path, N_("was written on a machine of another byte order")), NULL;
  if (head[0] != VERSION)
    return corrupt (error, path, N_("has an unknown version")), NULL;

  ck = g_new0 (HlCheckpoint, 1);
  ck->target_sd = 1.0;   /* files from before targets were scaled */
  length -= DIGEST_LEN;
  for (pos = 16; pos < length;)
    {
      guint32 tag;
      guint64 len;
      if (length - pos < sizeof tag + sizeof len)
        return corrupt (error, path, N_("has a truncated section")), NULL;
      memcpy (&tag, p + pos, sizeof tag);
      memcpy (&len, p + pos + sizeof tag, sizeof len);
      pos += sizeof tag + sizeof len;
      /* A second copy would overwrite (and leak) the first, or change the
       * shape under sections already sized by it. */
      if (tag < 32 && (seen & (1u << tag)) != 0)
        return corrupt (error, path, N_("has a section twice")), NULL;
      if (tag < 32)
        seen |= 1u << tag;
      if (len > length - pos || !take_section (ck, tag, p + pos, len, &have_shape))
        return corrupt (error, path, N_("has a section that does not fit its shape")), NULL;
      pos += (gsize) len;
    }
  if (!have_shape || ck->params == NULL || ck->perm == NULL || ck->loop_state == NULL
      || ck->optimizer_id == NULL)
    return corrupt (error, path, N_("lacks required sections")), NULL;
  if (ck->optimizer_state == NULL)
    ck->optimizer_state = g_bytes_new (NULL, 0);
  if (ck->schedule_state == NULL)
    ck->schedule_state = g_bytes_new (NULL, 0);
  return g_steal_pointer (&ck);
}

void
hl_checkpoint_free (HlCheckpoint *ck)
{
  if (ck == NULL)
    return;
  g_free (ck->optimizer_id);
  g_free (ck->schedule_id);
  g_free (ck->run_id);
  g_free (ck->config_digest);
  g_free (ck->owned_params);
  g_free (ck->owned_best);
  g_free (ck->owned_perm);
  g_clear_pointer (&ck->loop_state, g_bytes_unref);
  g_clear_pointer (&ck->optimizer_state, g_bytes_unref);
  g_clear_pointer (&ck->schedule_state, g_bytes_unref);
  g_free (ck);
}
