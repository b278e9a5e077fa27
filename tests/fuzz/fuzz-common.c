/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.c - shared helpers of the libFuzzer harnesses. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "fuzz-common.h"

static char *scratch;
static GHashTable *paths;   /* name -> full path */

static GLogWriterOutput
fatal_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (level, fields, n_fields, data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;   /* debug and info are noise at 10⁵ runs/s */
}

static void
remove_scratch (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (scratch == NULL || (dir = g_dir_open (scratch, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (scratch, name, NULL);
      g_remove (p);
    }
  g_rmdir (scratch);
}

void
fuzz_init (void)
{
  g_autoptr(GError) error = NULL;

  if (scratch != NULL)
    return;
  g_log_set_writer_func (fatal_writer, NULL, NULL);
  scratch = g_dir_make_tmp ("hl-fuzz-XXXXXX", &error);
  if (scratch == NULL)
    {
      fprintf (stderr, "fuzz: no scratch folder: %s\n", error->message);
      abort ();
    }
  paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  atexit (remove_scratch);
}

const char *
fuzz_dir (void)
{
  return scratch;
}

const char *
fuzz_write (const char *name, const void *data, gsize size)
{
  g_autoptr(GError) error = NULL;
  char *path = g_hash_table_lookup (paths, name);

  if (path == NULL)
    {
      path = g_build_filename (scratch, name, NULL);
      g_hash_table_insert (paths, g_strdup (name), path);
    }
  if (!g_file_set_contents (path, data, (gssize) size, &error))
    {
      fprintf (stderr, "fuzz: cannot write %s: %s\n", path, error->message);
      abort ();
    }
  return path;
}

char *
fuzz_expand (const void *data, gsize size, const char *const *pairs)
{
  GString *s = g_string_new_len (data, (gssize) size);

  for (guint i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    g_string_replace (s, pairs[i], pairs[i + 1], 0);
  return g_string_free (s, FALSE);
}

void
fuzz_file_stamps (const char *path, char **size, char **mtime_ns, char **ino)
{
  struct stat st;

  if (stat (path, &st) != 0)
    abort ();
  *size = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) st.st_size);
  *mtime_ns = g_strdup_printf ("%" G_GINT64_FORMAT,
                               (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
  *ino = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) st.st_ino);
}

GBytes *
fuzz_gzip (const void *data, gsize size)
{
  g_autoptr(GZlibCompressor) gz = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (gz));
  gsize written;

  if (!g_output_stream_write_all (out, data, size, &written, NULL, NULL)
      || !g_output_stream_close (out, NULL, NULL))
    abort ();
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

void
fuzz_check_error (const GError *error, GQuark domain, const char *name, const char *alt)
{
  const GQuark domains[] = {
    HL_CONFIG_ERROR, HL_DATASET_ERROR, HL_PLUGIN_ERROR, HL_RUN_ERROR, HL_TRAIN_ERROR,
  };
  gboolean known = FALSE;
  const char *msg;

  if (error == NULL)
    {
      fprintf (stderr, "fuzz: failed without a GError\n");
      abort ();
    }
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    known = known || error->domain == domains[i];
  msg = error->message ? error->message : "";
  if (!known || (domain != 0 && error->domain != domain) || *msg == '\0'
      || !g_utf8_validate (msg, -1, NULL)
      || (name != NULL && strstr (msg, name) == NULL && (alt == NULL || strstr (msg, alt) == NULL)))
    {
      fprintf (stderr, "fuzz: error breaks the contract: domain %s, code %d, message \"%s\" "
               "(expected domain %s, valid UTF-8, non-empty, naming \"%s\" or \"%s\")\n",
               g_quark_to_string (error->domain), error->code, msg,
               domain ? g_quark_to_string (domain) : "any Hyperlab one",
               name ? name : "", alt ? alt : "");
      abort ();
    }
}
