/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config-set.c - "--set PATH=VALUE" on a config's JSON tree before it is
 * parsed, so overrides get exactly the checks a file gets. */
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include "hl-config.h"
#include "hl-config-private.h"

typedef struct {
  char  *key;     /* NULL for an index */
  guint  index;
} Step;

static void
step_clear (gpointer p)
{
  g_free (((Step *) p)->key);
}

static gboolean
path_error (GError **error, const char *path, const char *why)
{
  /* The path may be any bytes from the command line; messages are UTF-8. */
  g_autofree char *shown = g_utf8_make_valid (path, -1);

  g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PATH, "--set %s: %s", shown, why);
  return FALSE;
}

static gboolean
parse_index (const char **p, const char *path, GArray *steps, GError **error)
{
  char *end;
  guint64 v;
  Step s = { NULL, 0 };

  (*p)++;   /* '[' */
  if (!g_ascii_isdigit (**p))
    return path_error (error, path, _("expected a number inside [ ]"));
  v = g_ascii_strtoull (*p, &end, 10);
  if (*end != ']' || v > G_MAXUINT)
    return path_error (error, path, _("expected a number inside [ ]"));
  s.index = (guint) v;
  g_array_append_val (steps, s);
  *p = end + 1;
  return TRUE;
}

/* "model.layers[1].units" -> key model, key layers, index 1, key units. */
static GArray *
parse_path (const char *path, GError **error)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, TRUE, sizeof (Step));
  const char *p = path;

  g_array_set_clear_func (steps, step_clear);
  while (TRUE)
    {
      gsize n = strcspn (p, ".[");
      Step s = { NULL, 0 };

      if (n == 0)
        {
          path_error (error, path, _("empty field name in the path"));
          return NULL;
        }
      s.key = g_strndup (p, n);
      g_array_append_val (steps, s);
      p += n;
      while (*p == '[')
        if (!parse_index (&p, path, steps, error))
          return NULL;
      if (*p == '\0')
        break;
      if (*p != '.')
        {
          path_error (error, path, _("expected “.” or “[” after “]”"));
          return NULL;
        }
      p++;
    }
  return g_steal_pointer (&steps);
}

/* NULL (with *why) for what json-glib must not see: see hl_json_precheck. */
static JsonNode *
parse_value (const char *text, const char **why)
{
  JsonNode *v = NULL;
  const char *start = text;

  while (g_ascii_isspace (*start))
    start++;
  /* JSON where it looks like JSON; other text is words (a path such as
   * /data/2024 was read as 2024 by json-glib's lenient scanner) */
  if (strchr ("{[\"-0123456789", *start) != NULL && *start != '\0')
    {
      if (!hl_json_precheck (text, strlen (text), NULL, NULL, why))
        {
          /* 0x10 as a number is words; inside brackets it is an error */
          if (!hl_json_why_is_not_json (*why) || *start == '{' || *start == '[')
            return NULL;
        }
      else
        v = json_from_string (text, NULL);
    }
  else
    {
      g_autofree char *word = g_strstrip (g_strdup (text));

      if (g_str_equal (word, "true") || g_str_equal (word, "false") || g_str_equal (word, "null"))
        v = json_from_string (word, NULL);
    }

  /* Not JSON (or empty): the words themselves, e.g. dataset.kind=moons. */
  if (v == NULL)
    {
      v = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (v, text);
    }
  return v;
}

static char *
path_upto (const GArray *steps, guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const Step *st = &g_array_index (steps, Step, i);

      if (st->key)
        g_string_append_printf (s, "%s%s", i ? "." : "", st->key);
      else
        g_string_append_printf (s, "[%u]", st->index);
    }
  return g_string_free (s, FALSE);
}

/* The child of node for step; a missing object member is created as {}
 * when the path goes on through it, or as an array of {} reaching the index
 * that follows, so the config check names the field (and a misspelt one
 * gets its "did you mean") instead of "is not an array". */
static JsonNode *
descend (JsonNode *node, const GArray *steps, guint i, const char *assignment, GError **error)
{
  const Step *st = &g_array_index (steps, Step, i);
  g_autofree char *msg = NULL;

  if (st->key)
    {
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *parent = path_upto (steps, i);
          /* TRANSLATORS: a field path, then a field name */
          msg = g_strdup_printf (_("%s is not an object, so it has no field “%s”"), parent, st->key);
          path_error (error, assignment, msg);
          return NULL;
        }
      o = json_node_get_object (node);
      if (!json_object_has_member (o, st->key))
        {
          const Step *next = i + 1 < steps->len ? &g_array_index (steps, Step, i + 1) : NULL;
          if (next != NULL && next->key == NULL && next->index < 1024)
            {
              JsonArray *a = json_array_new ();
              for (guint k = 0; k <= next->index; k++)
                json_array_add_object_element (a, json_object_new ());
              json_object_set_array_member (o, st->key, a);
            }
          else
            json_object_set_object_member (o, st->key, json_object_new ());
        }
      return json_object_get_member (o, st->key);
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *parent = path_upto (steps, i);
      /* TRANSLATORS: %s is a field path */
      msg = g_strdup_printf (_("%s is not an array"), parent);
      path_error (error, assignment, msg);
      return NULL;
    }
  if (st->index >= json_array_get_length (json_node_get_array (node)))
    {
      g_autofree char *parent = path_upto (steps, i);
      /* TRANSLATORS: an index, a field path, the number of elements it has */
      msg = g_strdup_printf (_("index %u is out of range (%s has %u elements)"), st->index, parent,
                             json_array_get_length (json_node_get_array (node)));
      path_error (error, assignment, msg);
      return NULL;
    }
  return json_array_get_element (json_node_get_array (node), st->index);
}

/* JsonArray cannot replace an element, and re-initialising the element node
 * in place (json_node_init_*) is a use-after-free in json-glib 1.6: it drops
 * the old content without clearing the pointer, which json_node_set_* then
 * unrefs or writes through again.  So the array is rebuilt; takes @value. */
static void
array_replace (JsonNode *array_node, guint index, JsonNode *value)
{
  JsonArray *old = json_node_get_array (array_node);
  guint n = json_array_get_length (old);
  JsonArray *replaced = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_element (replaced, i == index ? value
                                                 : json_node_copy (json_array_get_element (old, i)));
  json_node_take_array (array_node, replaced);
}

static gboolean
assign (JsonNode *parent, const Step *st, JsonNode *value, const char *assignment,
        const GArray *steps, GError **error)
{
  g_autofree char *where = path_upto (steps, steps->len - 1);
  g_autofree char *msg = NULL;

  if (st->key && JSON_NODE_HOLDS_OBJECT (parent))
    {
      json_object_set_member (json_node_get_object (parent), st->key, value);
      return TRUE;
    }
  if (!st->key && JSON_NODE_HOLDS_ARRAY (parent)
      && st->index < json_array_get_length (json_node_get_array (parent)))
    {
      array_replace (parent, st->index, value);
      return TRUE;
    }
  if (st->key)
    msg = g_strdup_printf (_("%s is not an object, so it has no field “%s”"), *where ? where : _("the config"), st->key);
  else if (!JSON_NODE_HOLDS_ARRAY (parent))
    msg = g_strdup_printf (_("%s is not an array"), where);
  else
    msg = g_strdup_printf (_("index %u is out of range (%s has %u elements)"), st->index, where,
                           json_array_get_length (json_node_get_array (parent)));
  json_node_unref (value);
  return path_error (error, assignment, msg);
}

gboolean
hl_config_json_set (JsonNode *root, const char *assignment, GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GArray) steps = NULL;
  const char *eq, *why;
  JsonNode *node = root, *value;

  g_return_val_if_fail (root != NULL && assignment != NULL, FALSE);
  /* Config text is UTF-8 JSON; other bytes would end up in names, messages
   * and run records that no longer parse. */
  if (!g_utf8_validate (assignment, -1, NULL))
    return path_error (error, assignment, _("not valid UTF-8 text"));
  eq = strchr (assignment, '=');
  if (eq == NULL)
    return path_error (error, assignment, _("expected PATH=VALUE, e.g. optimizer.learning_rate=0.01"));
  path = g_strstrip (g_strndup (assignment, eq - assignment));
  if (*path == '\0')
    return path_error (error, assignment, _("empty path before “=”"));
  steps = parse_path (path, error);
  if (steps == NULL)
    return FALSE;
  for (guint i = 0; i + 1 < steps->len; i++)
    {
      node = descend (node, steps, i, path, error);
      if (node == NULL)
        return FALSE;
    }
  value = parse_value (eq + 1, &why);
  if (value == NULL)
    {
      g_set_error (error, HL_CONFIG_ERROR, HL_CONFIG_ERROR_PARSE, /* TRANSLATORS: --set is an option, %s a field path, then what is wrong */
                   _("--set %s: invalid value: %s"), path, _(why));
      return FALSE;
    }
  return assign (node, &g_array_index (steps, Step, steps->len - 1), value, path, steps, error);
}
