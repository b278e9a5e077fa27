/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-prune.c - asynchronous successive halving: rungs, the values
 * trials record there, the decision to stop one.  The state lives in
 * memory, or in a file several processes share (a sweep's SLURM array
 * tasks), read and written under flock(). */
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "hl-sweep.h"
#include "hl-sweep-private.h"
#include "hl-config-private.h"
#include "hl-error.h"

struct _HlSweepPruner {
  GMutex      lock;
  double      min;        /* the first rung: steps, or epochs */
  gboolean    epochs;
  guint       eta;
  gboolean    maximize;
  GPtrArray  *rungs;      /* GArray of double per rung: the values recorded there */
  GHashTable *next_rung;  /* trial -> its next rung */
  char       *path;       /* shared state, or NULL */
};

HlSweepPruner *
hl_sweep_pruner_new (double min, gboolean epochs, guint reduction_factor, gboolean maximize)
{
  HlSweepPruner *self;

  g_return_val_if_fail (min > 0 && isfinite (min) && reduction_factor >= 2, NULL);
  self = g_new0 (HlSweepPruner, 1);
  g_mutex_init (&self->lock);
  self->min = min;
  self->epochs = epochs;
  self->eta = reduction_factor;
  self->maximize = maximize;
  self->rungs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->next_rung = g_hash_table_new (NULL, NULL);
  return self;
}

void
hl_sweep_pruner_free (HlSweepPruner *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->lock);
  g_ptr_array_unref (self->rungs);
  g_hash_table_unref (self->next_rung);
  g_free (self->path);
  g_free (self);
}

/* ---- shared state ----------------------------------------------------------
 * {"rungs": [[0.52, 0.61, null], …], "next": {"3": 1, …}}: null is a trial
 * that had no finite value (the worst). */

static void
load_state (HlSweepPruner *self, const char *data, gsize len)
{
  g_autoptr(JsonNode) root = len > 0 ? json_from_string (data, NULL) : NULL;
  JsonObject *o = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *rungs = o != NULL ? json_object_get_member (o, "rungs") : NULL;
  JsonNode *next = o != NULL ? json_object_get_member (o, "next") : NULL;
  const double worst = self->maximize ? -INFINITY : INFINITY;

  g_ptr_array_set_size (self->rungs, 0);
  g_hash_table_remove_all (self->next_rung);
  if (rungs != NULL && JSON_NODE_HOLDS_ARRAY (rungs))
    for (guint k = 0; k < json_array_get_length (json_node_get_array (rungs)); k++)
      {
        JsonNode *r = json_array_get_element (json_node_get_array (rungs), k);
        GArray *values = g_array_new (FALSE, FALSE, sizeof (double));

        for (guint i = 0; JSON_NODE_HOLDS_ARRAY (r) && i < json_array_get_length (json_node_get_array (r)); i++)
          {
            JsonNode *v = json_array_get_element (json_node_get_array (r), i);
            double d = hl_json_is_number (v) ? json_node_get_double (v) : worst;
            g_array_append_val (values, d);
          }
        g_ptr_array_add (self->rungs, values);
      }
  if (next != NULL && JSON_NODE_HOLDS_OBJECT (next))
    {
      g_autoptr(GList) trials = json_object_get_members (json_node_get_object (next));
      for (GList *l = trials; l != NULL; l = l->next)
        {
          JsonNode *v = json_object_get_member (json_node_get_object (next), l->data);
          if (hl_json_is_number (v))
            g_hash_table_insert (self->next_rung, GUINT_TO_POINTER ((guint) g_ascii_strtoull (l->data, NULL, 10)),
                                 GUINT_TO_POINTER ((guint) json_node_get_int (v)));
        }
    }
}

static char *
save_state (const HlSweepPruner *self)
{
  GString *out = g_string_new ("{\"rungs\": [");
  GHashTableIter it;
  gpointer key, value;
  gboolean first = TRUE;

  for (guint k = 0; k < self->rungs->len; k++)
    {
      const GArray *values = self->rungs->pdata[k];

      g_string_append (out, k ? ", [" : "[");
      for (guint i = 0; i < values->len; i++)
        {
          double v = g_array_index (values, double, i);
          g_string_append (out, i ? ", " : "");
          if (isfinite (v))
            hl_string_append_double (out, v);
          else
            g_string_append (out, "null");
        }
      g_string_append (out, "]");
    }
  g_string_append (out, "], \"next\": {");
  g_hash_table_iter_init (&it, self->next_rung);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      g_string_append_printf (out, "%s\"%u\": %u", first ? "" : ", ", GPOINTER_TO_UINT (key),
                              GPOINTER_TO_UINT (value));
      first = FALSE;
    }
  g_string_append (out, "}}\n");
  return g_string_free (out, FALSE);
}

HlSweepPruner *
hl_sweep_pruner_new_shared (const char *path, double min, gboolean epochs, guint reduction_factor,
                            gboolean maximize, GError **error)
{
  HlSweepPruner *self;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *shown = g_filename_display_name (path);
      g_set_error (error, HL_SWEEP_ERROR, HL_SWEEP_ERROR_IO, _("%s: cannot share the pruning state: %s"),
                   shown, g_strerror (saved));
      return NULL;
    }
  close (fd);
  self = hl_sweep_pruner_new (min, epochs, reduction_factor, maximize);
  self->path = g_strdup (path);
  return self;
}

/* The shared file, locked: its state in memory while `locked` runs.  A
 * file that cannot be read or written leaves the decision to this
 * process's own state (a trial is never stopped for an I/O error). */
static int
lock_shared (HlSweepPruner *self)
{
  int fd = g_open (self->path, O_RDWR | O_CLOEXEC, 0);
  GString *buf;
  char chunk[4096];
  gssize n;

  if (fd < 0 || flock (fd, LOCK_EX) != 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  buf = g_string_new (NULL);
  while ((n = read (fd, chunk, sizeof chunk)) > 0)
    g_string_append_len (buf, chunk, n);
  load_state (self, buf->str, buf->len);
  g_string_free (buf, TRUE);
  return fd;
}

static HlSweepPrunerWriteHook write_hook;

void
hl_sweep_pruner_set_write_hook (HlSweepPrunerWriteHook hook)
{
  write_hook = hook;
}

/* The new state is written over the old in place and the file never
 * truncated first: truncating and then writing left it empty when the
 * process was killed between the two (a sweep's pruning state is written
 * at every validation, so a kill -9 often landed there), and the resumed
 * sweep had lost every rung: trials the uninterrupted sweep pruned trained
 * to the end (found by a QA pass).  The state only grows; were it ever
 * shorter than the file, spaces pad it (JSON reads them as whitespace). */
static void
unlock_shared (HlSweepPruner *self, int fd)
{
  g_autofree char *state = save_state (self);
  GString *data = g_string_new (state);
  struct stat st;
  gsize done = 0;

  if (fstat (fd, &st) == 0 && st.st_size > 0 && (gsize) st.st_size > data->len)
    {
      const gsize pad = (gsize) st.st_size - data->len;
      g_string_set_size (data, (gsize) st.st_size);
      memset (data->str + data->len - pad, ' ', pad);
    }
  if (write_hook != NULL)
    write_hook (self->path);
  while (done < data->len)
    {
      gssize n = pwrite (fd, data->str + done, data->len - done, (off_t) done);
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  g_string_free (data, TRUE);
  flock (fd, LOCK_UN);
  close (fd);
}

/* min · η^k (infinite past the doubles) */
static double
rung_at (const HlSweepPruner *self, guint k)
{
  return self->min * pow (self->eta, k);
}

gboolean
hl_sweep_pruner_report (HlSweepPruner *self, guint trial, double done, double best, char **why)
{
  guint k;
  gboolean keep = TRUE;
  int fd;

  g_mutex_lock (&self->lock);
  fd = self->path != NULL ? lock_shared (self) : -1;
  k = GPOINTER_TO_UINT (g_hash_table_lookup (self->next_rung, GUINT_TO_POINTER (trial)));
  /* a trial with no finite value yet is the worst */
  if (isnan (best))
    best = self->maximize ? -INFINITY : INFINITY;
  /* epochs are step / steps_per_epoch: 0.25 may come out a hair short */
  while (keep && done >= rung_at (self, k) * (1.0 - 1e-9))
    {
      GArray *values;
      guint n, better = 0, top;

      if (k >= self->rungs->len)
        g_ptr_array_add (self->rungs, g_array_new (FALSE, FALSE, sizeof (double)));
      values = self->rungs->pdata[k];
      g_array_append_val (values, best);
      n = values->len;
      for (guint i = 0; i < n; i++)
        {
          double v = g_array_index (values, double, i);
          better += self->maximize ? v > best : v < best;
        }
      top = n / self->eta;
      /* until η trials have reached the rung there is nothing to halve */
      if (n >= self->eta && better >= top)
        {
          keep = FALSE;
          if (why != NULL)
            {
              g_autofree char *where = self->epochs
                ? g_strdup_printf ("after %g epoch%s", rung_at (self, k), rung_at (self, k) == 1 ? "" : "s")
                : g_strdup_printf ("at step %.0f", rung_at (self, k));
              *why = g_strdup_printf (HL_RUN_PRUNED_REASON ": %s it ranked %u of the %u trials "
                                      "that got there (the best %u go on)", where, better + 1, n, top);
            }
        }
      k++;
    }
  g_hash_table_insert (self->next_rung, GUINT_TO_POINTER (trial), GUINT_TO_POINTER (k));
  if (fd >= 0)
    unlock_shared (self, fd);
  g_mutex_unlock (&self->lock);
  return keep;
}

