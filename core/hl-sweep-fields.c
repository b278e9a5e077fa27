/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-sweep-fields.c - how a sweep file's fields are checked and their
 * problems said ("FILE: field: …"), for the parts of the parser
 * (hl-sweep.c, hl-sweep-space.c). */
#include <math.h>
#include <glib/gi18n-lib.h>
#include "hl-sweep.h"
#include "hl-config-private.h"
#include "hl-error.h"
#include "hl-sweep-private.h"

gboolean
hl_sweep_fail (HlSweepCtx *cx, HlSweepError code, const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (cx->file != NULL)
    {
      g_autofree char *shown = g_filename_display_name (cx->file);
      g_set_error (cx->error, HL_SWEEP_ERROR, code, "%s: %s", shown, msg);
    }
  else
    g_set_error_literal (cx->error, HL_SWEEP_ERROR, code, msg);
  return FALSE;
}

gboolean
hl_sweep_type_fail (HlSweepCtx *cx, const char *field, JsonNode *got, const char *want)
{
  g_autofree char *shown = hl_json_describe (got);

  /* TRANSLATORS: a field path, what it takes (such as "a string"), then the value given */
  return hl_sweep_fail (cx, HL_SWEEP_ERROR_TYPE, _("%s: expected %s (got %s)"), field, _(want), shown);
}

gboolean
hl_sweep_check_fields (HlSweepCtx *cx, JsonObject *o, const char *where, const char *const *known)
{
  g_autoptr(GList) members = json_object_get_members (o);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const char *close;
      g_autofree char *field = NULL;

      if (g_strv_contains (known, name))
        continue;
      close = hl_closest_string (name, known);
      field = g_strconcat (where, *where ? "." : "", name, NULL);
      if (close != NULL)
        /* TRANSLATORS: a field path, then the closest known field name */
        return hl_sweep_fail (cx, HL_SWEEP_ERROR_UNKNOWN_FIELD, _("%s: unknown field (did you mean “%s”?)"),
                              field, close);
      /* TRANSLATORS: %s is a field path */
      return hl_sweep_fail (cx, HL_SWEEP_ERROR_UNKNOWN_FIELD, _("%s: unknown field"), field);
    }
  return TRUE;
}

/* A whole number in [min, max] at o.name (absent: *v unchanged). */
gboolean
hl_sweep_read_uint (HlSweepCtx *cx, JsonObject *o, const char *where, const char *name, guint64 min,
           guint64 max, guint64 *v)
{
  JsonNode *n = json_object_get_member (o, name);
  g_autofree char *field = g_strconcat (where, *where ? "." : "", name, NULL);
  double d;

  if (n == NULL)
    return TRUE;
  if (!hl_json_is_number (n))
    return hl_sweep_type_fail (cx, field, n, N_("a whole number"));
  d = json_node_get_double (n);
  if (d != floor (d) || !isfinite (d))
    return hl_sweep_type_fail (cx, field, n, N_("a whole number"));
  if (d < (double) min || d > (double) max)
    /* TRANSLATORS: a field path, the bounds, then the value given */
    return hl_sweep_fail (cx, HL_SWEEP_ERROR_RANGE, _("%s: must be between %llu and %llu (got %.17g)"), field,
                          (unsigned long long) min, (unsigned long long) max, d);
  *v = (guint64) d;
  return TRUE;
}
