/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store-scan.c - reads a run file's summary fast: the metric arrays, which
 * are nearly all of the bytes, are skipped by a byte scanner instead of being
 * built into a JSON tree, so a store of 1,000 long runs lists in well under a
 * second.  Metrics are loaded on demand with hl_run_load. */
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "hl-error.h"
#include "hl-config-private.h"
#include "hl-run-private.h"
#include "hl-store-private.h"

/* An empty metrics object stands in for the real one. */
static const char empty_metrics[] =
  "{\"step\":[],\"epoch\":[],\"lr\":[],\"train_loss\":[],"
  "\"val_loss\":[],\"val_accuracy\":[]}";

static const char *
skip_ws (const char *p, const char *end)
{
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
}

/* p at the opening quote; returns the byte after the closing one, or NULL. */
static const char *
skip_string (const char *p, const char *end)
{
  for (p++; p < end; p++)
    {
      if (*p == '\\')
        p++;
      else if (*p == '"')
        return p + 1;
    }
  return NULL;
}

/* Skips any JSON value without checking its grammar in depth: full
 * validation happens when the run is loaded.  *end must be '\0'. */
static const char *
skip_value (const char *p, const char *end)
{
  int depth = 0;

  if (p >= end)
    return NULL;
  if (*p == '"')
    return skip_string (p, end);
  if (*p != '{' && *p != '[')
    {
      const char *start = p;
      while (p < end && !strchr (",}] \t\r\n", *p))
        p++;
      return p > start ? p : NULL;
    }
  /* The text is NUL-terminated (g_file_get_contents), so strcspn, which
   * glibc vectorises, can jump over the digits that make up most of it. */
  for (; p < end; p++)
    {
      p += strcspn (p, "\"{}[]");
      if (p >= end)
        break;
      switch (*p)
        {
        case '"':
          p = skip_string (p, end);
          if (p == NULL)
            return NULL;
          p--;
          break;
        case '{': case '[':
          depth++;
          break;
        case '}': case ']':
          if (--depth == 0)
            return p + 1;
          break;
        default:
          break;
        }
    }
  return NULL;
}

/* Finds the value of the top-level "metrics" member.  FALSE when the text is
 * not a well-formed object at the top level (the caller then lets the full
 * parser produce the precise error). */
static gboolean
find_metrics (const char *text, gsize length, const char **start, const char **stop)
{
  const char *end = text + length;
  const char *p = skip_ws (text, end);

  *start = *stop = NULL;
  if (p >= end || *p != '{')
    return FALSE;
  p = skip_ws (p + 1, end);
  if (p < end && *p == '}')
    return skip_ws (p + 1, end) == end;
  while (p < end)
    {
      const char *key = p, *key_end, *value;

      if (*p != '"' || (key_end = skip_string (p, end)) == NULL)
        return FALSE;
      p = skip_ws (key_end, end);
      if (p >= end || *p != ':')
        return FALSE;
      value = skip_ws (p + 1, end);
      p = skip_value (value, end);
      if (p == NULL)
        return FALSE;
      if (key_end - key == 9 && memcmp (key, "\"metrics\"", 9) == 0)
        {
          *start = value;
          *stop = p;
        }
      p = skip_ws (p, end);
      if (p < end && *p == '}')
        return skip_ws (p + 1, end) == end;
      if (p >= end || *p != ',')
        return FALSE;
      p = skip_ws (p + 1, end);
    }
  return FALSE;
}

static HlRun *
parse_without_metrics (const char *text, gsize length, const char *path, GError **error)
{
  const char *start, *stop;
  g_autoptr(GString) stub = NULL;
  g_autoptr(JsonParser) parser = NULL;

  /* malformed: the full parser says why (from the text in hand: reading
   * the file again held it twice in memory) */
  if (!hl_json_precheck (text, length, NULL, NULL, NULL) || !find_metrics (text, length, &start, &stop))
    return hl_run_load_data (text, length, path, error);
  stub = g_string_sized_new (length < 65536 ? length + 128 : 65536);
  if (start != NULL)
    {
      g_string_append_len (stub, text, start - text);
      g_string_append (stub, empty_metrics);
      g_string_append_len (stub, stop, text + length - stop);
    }
  else
    g_string_append_len (stub, text, length);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, stub->str, stub->len, NULL))
    return hl_run_load_data (text, length, path, error);
  return hl_run_from_json (json_parser_get_root (parser), path, error);
}

/* Whether a regular file's first bytes can begin a run record: a UTF-8
 * byte order mark (json-glib takes one), blanks, then "{".  A file of
 * anything else is no record whatever follows, so it is refused from its
 * first bytes: a 300 MB garbage file in the store was read whole (twice,
 * 620 MB) to find it was not JSON (found by a QA pass).  There is no size
 * limit instead: a record's metrics grow with the run (log_every_steps 1
 * over 10^7 steps is a legitimate record of a gigabyte).  TRUE when the
 * file is to be read as before (it begins with "{", or cannot be opened
 * here: hl_file_read then says why). */
static gboolean
begins_as_record (const char *path, GError **error)
{
  char buf[4096];
  guint line = 1, column = 0;
  gboolean first = TRUE;
  struct stat st;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);

  if (fd < 0)
    return TRUE;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return TRUE;
    }
  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);
      ssize_t i = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;   /* blanks only, or a read error: the full read says which */
      if (first && n >= 3 && memcmp (buf, "\xef\xbb\xbf", 3) == 0)
        i = 3;
      first = FALSE;
      for (; i < n; i++)
        {
          g_autofree char *shown = NULL;

          column++;
          if (buf[i] == '\n')
            line++, column = 0;
          if (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r')
            continue;
          close (fd);
          if (buf[i] == '{')
            return TRUE;
          shown = g_filename_display_name (path);
          g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_PARSE,
                       /* TRANSLATORS: a file name, line and column */
                       _("%s:%u:%u: not a run record: a run record is a JSON object, which begins with “{”"),
                       shown, line, column);
          return FALSE;
        }
    }
  close (fd);
  return TRUE;
}

HlRunInfo *
hl_store_scan_file (const char *path, gboolean *loads, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  HlRun *run;
  HlRunInfo *info;

  if (loads != NULL)
    *loads = FALSE;
  if (!begins_as_record (path, error)
      || !hl_file_read (path, &text, &length, HL_RUN_ERROR, HL_RUN_ERROR_IO, error))
    return NULL;
  /* A run that fails here fails hl_run_load too: the stub differs from the
   * text only in its metrics, which are checked last. */
  run = parse_without_metrics (text, length, path, error);
  if (run == NULL)
    return NULL;
  /* an id the store cannot act on (`runs rm ../evil`: "invalid run id") is
   * not listed, but reported like any other bad file (found by a review) */
  if (!hl_store_id_is_valid (run->id))
    {
      g_autofree char *shown = g_filename_display_name (path);
      g_set_error (error, HL_RUN_ERROR, HL_RUN_ERROR_CORRUPT,
                   _("%s: id: “%s” is not a run id (letters, digits, “.”, “_” and “-”)"), shown, run->id);
      hl_run_free (run);
      /* a run all the same when its metrics read too (rare: read in full) */
      if (loads != NULL)
        {
          g_autoptr(HlRun) full = hl_run_load_data (text, length, path, NULL);
          *loads = full != NULL;
        }
      return NULL;
    }
  if (loads != NULL)
    *loads = TRUE;
  info = hl_run_info_from_run (run, path);
  hl_run_free (run);
  return info;
}

static char *
layers_string (const HlConfig *config)
{
  GString *s = g_string_new (NULL);
  GArray *layers = config->model.layers;

  for (guint i = 0; layers != NULL && i < layers->len; i++)
    g_string_append_printf (s, "%s%u", i ? "-" : "",
                            g_array_index (layers, HlLayerConfig, i).units);
  return g_string_free (s, FALSE);
}

static char *
dataset_string (const HlConfig *config)
{
  const HlDatasetConfig *d = &config->dataset;
  const char *file = d->path ? d->path : d->train_images;

  if (d->kind == NULL)
    return g_strdup ("");
  if (file != NULL && !hl_dataset_kind_is_toy (d->kind) && !hl_dataset_kind_is_idx_family (d->kind))
    {
      g_autofree char *base = g_path_get_basename (file);
      return g_strdup_printf ("%s (%s)", d->kind, base);
    }
  return g_strdup (d->kind);
}

HlRunInfo *
hl_run_info_from_run (const HlRun *run, const char *path)
{
  HlRunInfo *info = g_new0 (HlRunInfo, 1);
  const HlConfig *c = run->config;

  info->id = g_strdup (run->id);
  info->path = g_strdup (path);
  /* records from before hyperlab-cli named unnamed configs */
  info->name = c == NULL ? g_strdup ("") : c->name != NULL && *c->name != '\0' ? g_strdup (c->name)
               : hl_config_auto_name (c);
  info->status = info->saved_status = run->status;
  info->dataset = c ? dataset_string (c) : g_strdup ("");
  info->optimizer = g_strdup (c && c->optimizer.name ? c->optimizer.name : "");
  info->learning_rate = c ? c->optimizer.learning_rate : NAN;
  info->batch_size = c ? c->training.batch_size : 0;
  info->layers = c ? layers_string (c) : g_strdup ("");
  info->best_val_loss = run->summary.best_val_loss;
  info->test_accuracy = run->summary.test_accuracy;
  info->test_loss = run->summary.test_loss;
  info->pruned = hl_run_was_pruned (run->status, run->summary.stop_reason);
  info->seconds = run->summary.seconds;
  info->steps = run->summary.steps;
  info->created = run->created;
  info->group = g_strdup (run->group);
  return info;
}

gboolean
hl_store_is_record_name (const char *name)
{
  return name != NULL && hl_store_is_candidate_name (name);
}

gboolean
hl_store_is_candidate_name (const char *name)
{
  return name[0] != '.' && g_str_has_suffix (name, ".json") &&
         strcmp (name, HL_STORE_INDEX_NAME) != 0;
}

GError *
hl_store_problem_error (const char *path, const GError *error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *line = g_strdup (error->message);
  GError *copy;

  g_strdelimit (line, "\r\n", ' ');
  if (strstr (line, base) != NULL)
    copy = g_error_new_literal (error->domain, error->code, line);
  else
    copy = g_error_new (error->domain, error->code, "%s: %s", base, line);
  return copy;
}
