/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config-json.c - JSON text in and out for configs and run records: a
 * writer with shortest round-trip numbers, parsing with file:line:col errors,
 * atomic saves. */
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "hl-config-private.h"
#include "hl-error.h"

void
hl_string_append_double (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    {
      g_string_append (out, "nan");
      return;
    }
  if (isinf (v))
    {
      g_string_append (out, v > 0 ? "inf" : "-inf");
      return;
    }
  /* 15 digits when that reads back exactly (0.1 stays "0.1", not
   * 0.10000000000000001), else 17, which always does. */
  g_ascii_formatd (buf, sizeof buf, "%.15g", v);
  if (g_ascii_strtod (buf, NULL) != v)
    g_ascii_formatd (buf, sizeof buf, "%.17g", v);
  g_string_append (out, buf);
}

char *
hl_format_double (double v)
{
  GString *s = g_string_sized_new (24);

  hl_string_append_double (s, v);
  return g_string_free (s, FALSE);
}

void
hl_csv_append_field (GString *out, const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = field; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

void
hl_json_write_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p; p++)
    {
      if (*p >= 0x80)
        {
          /* A character is copied whole; a byte that starts none (a file
           * name that is not UTF-8, say) becomes U+FFFD, so what is written
           * is always JSON that reads back. */
          const gunichar ch = g_utf8_get_char_validated ((const char *) p, -1);
          if (ch == (gunichar) -1 || ch == (gunichar) -2)
            g_string_append (out, "\\ufffd");
          else
            {
              const char *next = g_utf8_next_char ((const char *) p);
              g_string_append_len (out, (const char *) p, next - (const char *) p);
              p = (const guchar *) next - 1;
            }
          continue;
        }
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
hl_json_write_indent (GString *out, int indent)
{
  g_string_append_c (out, '\n');
  for (int i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

static void
write_value (GString *out, JsonNode *node)
{
  GType t = json_node_get_value_type (node);

  if (t == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (t == G_TYPE_DOUBLE)
    {
      double v = json_node_get_double (node);

      if (isfinite (v))
        hl_string_append_double (out, v);
      else
        g_string_append (out, "null");   /* JSON has no NaN: null means "no value" */
    }
  else if (t == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (t == G_TYPE_STRING)
    hl_json_write_string (out, json_node_get_string (node));
  else
    g_string_append (out, "null");
}

static gboolean
is_container (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node);
}

/* Objects of scalars inside arrays (layers) and arrays of scalars (metrics)
 * go on one line: readable, and a metric array is not a thousand lines. */
static gboolean
is_flat (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (is_container (json_array_get_element (a, i)))
          return FALSE;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter it;
      JsonNode *member;

      json_object_iter_init (&it, json_node_get_object (node));
      while (json_object_iter_next (&it, NULL, &member))
        if (is_container (member))
          return FALSE;
      return TRUE;
    }
  return TRUE;
}

static void write_node (GString *out, JsonNode *node, int indent, gboolean in_array);

static void
write_array (GString *out, JsonArray *a, int indent, gboolean flat)
{
  guint n = json_array_get_length (a);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (a, i);

      if (i > 0)
        g_string_append (out, flat ? ", " : ",");
      if (!flat)
        hl_json_write_indent (out, indent + 1);
      write_node (out, e, (flat || indent < 0) ? -1 : indent + 1, TRUE);
    }
  if (!flat && n > 0)
    hl_json_write_indent (out, indent);
  g_string_append_c (out, ']');
}

static void
write_object (GString *out, JsonObject *o, int indent, gboolean flat)
{
  /* get_members keeps insertion order; JsonObjectIter walks the hash table. */
  g_autoptr(GList) names = json_object_get_members (o);

  g_string_append_c (out, '{');
  for (GList *l = names; l; l = l->next)
    {
      if (l != names)
        g_string_append (out, flat ? ", " : ",");
      if (!flat)
        hl_json_write_indent (out, indent + 1);
      hl_json_write_string (out, l->data);
      g_string_append (out, ": ");
      write_node (out, json_object_get_member (o, l->data), flat ? -1 : indent + 1, FALSE);
    }
  if (!flat && names)
    hl_json_write_indent (out, indent);
  g_string_append_c (out, '}');
}

static void
write_node (GString *out, JsonNode *node, int indent, gboolean in_array)
{
  gboolean compact = indent < 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    g_string_append (out, "null");
  else if (JSON_NODE_HOLDS_ARRAY (node))
    write_array (out, json_node_get_array (node), indent, compact || is_flat (node));
  else if (JSON_NODE_HOLDS_OBJECT (node))
    write_object (out, json_node_get_object (node), indent,
                  compact || (in_array && is_flat (node)));
  else
    write_value (out, node);
}

void
hl_json_write_node (GString *out, JsonNode *node, int indent)
{
  write_node (out, node, indent, FALSE);
}

char *
hl_json_describe (JsonNode *node)
{
  GString *s;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup (_("an array"));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (_("an object"));
  s = g_string_new (NULL);
  /* A number too big for a double (1e999) reads as infinity: say "inf",
   * not the "null" a JSON file would have to hold. */
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    hl_string_append_double (s, json_node_get_double (node));
  else
    write_value (s, node);
  if (s->len > 60)
    {
      gsize keep = 57;

      /* Cut before a character, not inside one: messages stay UTF-8. */
      while (keep > 0 && (s->str[keep] & 0xC0) == 0x80)
        keep--;
      g_string_truncate (s, keep);
      g_string_append (s, "…");
    }
  return g_string_free (s, FALSE);
}

void
hl_error_prefix_file (GError *error, const char *filename)
{
  g_autofree char *shown = NULL;
  char *msg;

  if (error == NULL || filename == NULL || *filename == '\0')
    return;
  /* Messages are UTF-8: a file name in another encoding is shown with
   * U+FFFD where its bytes are not text. */
  shown = g_filename_display_name (filename);
  msg = g_strdup_printf ("%s: %s", shown, error->message);
  g_free (error->message);
  error->message = msg;
}

/* json-glib says "<data>:2:3: Parse error: unexpected …"; say the file. */
static char *
parse_message (const char *msg, const char *filename)
{
  const char *rest = msg;

  if (g_str_has_prefix (rest, "<data>"))
    rest += strlen ("<data>");
  else
    /* TRANSLATORS: a file name, then json-glib's message */
    return g_strdup_printf (_("%s: invalid JSON: %s"), filename, msg);
  if (*rest == ':')
    rest++;
  {
    g_autofree char *loc = NULL;
    const char *colon = strstr (rest, ": ");
    const char *detail;

    if (colon == NULL)
      return g_strdup_printf (_("%s: invalid JSON: %s"), filename, rest);
    loc = g_strndup (rest, colon - rest);
    detail = colon + 2;
    if (g_str_has_prefix (detail, "Parse error: "))
      detail += strlen ("Parse error: ");
    /* TRANSLATORS: a file name, then line:column, then json-glib's message */
    return g_strdup_printf (_("%s:%s: invalid JSON: %s"), filename, loc, detail);
  }
}

/* JSON allows these after a backslash; GScanner, under json-glib 1.6, also
 * reads octal ("\333" becomes the byte 0xDB, which is not UTF-8). */
G_STATIC_ASSERT (HL_JSON_MAX_DEPTH == 128);

/* What json-glib's lenient scanner would read that is not JSON. */
static const char *const not_json[] = {
  N_("a number as JSON does not write it (no hex, octal, leading zeros or trailing dot)"),
  N_("“/” outside a string (JSON has no comments)"),
  N_("a single quote (JSON strings take double quotes)"),
  N_("a stray character outside a string"),
};

gboolean
hl_json_why_is_not_json (const char *why)
{
  for (guint i = 0; i < G_N_ELEMENTS (not_json); i++)
    if (why == not_json[i])
      return TRUE;
  return FALSE;
}   /* the message says 128 */

#define JSON_ESCAPES "\"\\/bfnrtu"

typedef struct {
  guint        depth, line, col;
  gboolean     in_string;
  const char  *problem;   /* with check: the first one found */
  gsize        at;        /* the byte the last character looked at begins: the problem's */
} JsonScan;

/* The value of the 4 hex digits at data[i..i+4), or -1. */
static int
hex4 (const char *data, gsize length, gsize i)
{
  int v = 0;

  if (i + 4 > length)
    return -1;
  for (gsize k = i; k < i + 4; k++)
    {
      const int d = g_ascii_xdigit_value (data[k]);
      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* After "\u" at data[i]: how many characters the escape has past the 'u'
 * (4, or 10 for a surrogate pair), or 0 if it is not one JSON text may
 * carry as UTF-8: bad hex, or half a surrogate pair (json-glib 1.6 turns a
 * lone "\ud800" into bytes that are not UTF-8, and a run record holding
 * them could not be read back). */
static gsize
unicode_escape_length (const char *data, gsize length, gsize i)
{
  const int v = hex4 (data, length, i + 1);

  if (v < 0 || (v >= 0xDC00 && v <= 0xDFFF))
    return 0;
  if (v < 0xD800 || v > 0xDBFF)
    return 4;
  if (i + 6 < length && data[i + 5] == '\\' && data[i + 6] == 'u')
    {
      const int low = hex4 (data, length, i + 7);
      if (low >= 0xDC00 && low <= 0xDFFF)
        return 10;
    }
  return 0;
}

/* End of the number token starting at data[i] (sign, digits, fraction,
 * exponent). */
static gsize
number_end (const char *data, gsize length, gsize i)
{
  gsize j = i + 1;

  while (j < length && (g_ascii_isdigit (data[j]) || data[j] == '.' || data[j] == 'e'
                        || data[j] == 'E' || data[j] == '+' || data[j] == '-'))
    j++;
  return j;
}

/* Whether tok is a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
 * json-glib's scanner also takes 0x10, 010 (octal 8), 0b11 and "1.", and
 * read them as other numbers than written (found by a review). */
static gboolean
json_number_ok (const char *tok, gsize len)
{
  gsize k = 0;

  if (k < len && tok[k] == '-')
    k++;
  if (k >= len || !g_ascii_isdigit (tok[k]))
    return FALSE;
  if (tok[k] == '0')
    k++;
  else
    while (k < len && g_ascii_isdigit (tok[k]))
      k++;
  if (k < len && tok[k] == '.')
    {
      if (++k >= len || !g_ascii_isdigit (tok[k]))
        return FALSE;
      while (k < len && g_ascii_isdigit (tok[k]))
        k++;
    }
  if (k < len && (tok[k] == 'e' || tok[k] == 'E'))
    {
      k++;
      if (k < len && (tok[k] == '+' || tok[k] == '-'))
        k++;
      if (k >= len || !g_ascii_isdigit (tok[k]))
        return FALSE;
      while (k < len && g_ascii_isdigit (tok[k]))
        k++;
    }
  return k == len;
}

/* An integer literal (no fraction or exponent) beyond gint64. */
static gboolean
integer_too_big (const char *tok, gsize len)
{
  static const char max[] = "9223372036854775807";
  gsize digits;

  for (gsize k = 0; k < len; k++)
    if (tok[k] == '.' || tok[k] == 'e' || tok[k] == 'E')
      return FALSE;
  if (len > 0 && tok[0] == '-')
    tok++, len--;
  while (len > 1 && tok[0] == '0')
    tok++, len--;
  digits = len;
  if (digits != strlen (max))
    return digits > strlen (max);
  return memcmp (tok, max, digits) > 0;   /* -9223372036854775808 is refused too: rare */
}

/* Walk JSON text tracking strings, lines and bracket depth.  With check, stop
 * at the first escape JSON does not have (or a \u escape that is not a
 * character) or at nesting deeper than HL_JSON_MAX_DEPTH. */
static void
json_scan (const char *data, gsize length, gboolean check, JsonScan *s)
{
  gboolean escape = FALSE;

  *s = (JsonScan) { 0, 1, 0, FALSE, NULL, 0 };
  for (gsize i = 0; i < length && s->problem == NULL; i++)
    {
      char c = data[i];

      s->at = i;

      s->col++;
      if (c == '\n')
        {
          s->line++;
          s->col = 0;
        }
      if (s->in_string)
        {
          if (escape && check && (c == '\0' || strchr (JSON_ESCAPES, c) == NULL))
            s->problem = N_("invalid escape in a string");
          else if (escape && check && c == 'u')
            {
              const gsize skip = unicode_escape_length (data, length, i);
              if (skip == 0)
                s->problem = N_("invalid \\u escape in a string (not 4 hex digits, or half a surrogate pair)");
              i += skip;
              s->col += (guint) skip;
              escape = FALSE;
            }
          else if (escape)
            escape = FALSE;
          else if (c == '\\')
            escape = TRUE;
          else if (c == '"')
            s->in_string = FALSE;
        }
      else if (c == '"')
        s->in_string = TRUE;
      else if (check && (c == '-' || g_ascii_isdigit (c)))
        {
          const gsize end = number_end (data, length, i);
          if (!json_number_ok (data + i, end - i)
              || (end < length && (g_ascii_isalnum (data[end]) || data[end] == '_')))
            s->problem = not_json[0];   /* where it begins */
          else
            {
              if (integer_too_big (data + i, end - i))
                s->problem = N_("an integer too large for 64 bits (json-glib would wrap it around)");
              s->col += (guint) (end - i - 1);
              i = end - 1;
            }
        }
      else if (check && (c == '/' || c == '\'' || c == '.' || c == '#'))
        s->problem = c == '/' ? not_json[1] : c == '\'' ? not_json[2] : not_json[3];
      else if ((c == '{' || c == '[') && ++s->depth > HL_JSON_MAX_DEPTH && check)
        s->problem = N_("nested deeper than 128 levels");   /* HL_JSON_MAX_DEPTH */
      else if ((c == '}' || c == ']') && s->depth > 0)
        s->depth--;
    }
}

/* json-glib describes a cut-off file by its last token ("unexpected number
 * `4'"); say plainly that it ends early, and where. */
static char *
truncation_message (const char *data, gsize length, const char *filename)
{
  JsonScan s;

  json_scan (data, length, FALSE, &s);
  if (s.depth == 0 && !s.in_string)
    return NULL;
  /* TRANSLATORS: a file name, line and column, then the number of brackets */
  if (s.in_string)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s:%u:%u: invalid JSON: the file ends early (truncated?) with an "
                                         "unterminated string and %u unclosed bracket",
                                         "%s:%u:%u: invalid JSON: the file ends early (truncated?) with an "
                                         "unterminated string and %u unclosed brackets", s.depth),
                            filename, s.line, s.col + 1, s.depth);
  /* TRANSLATORS: a file name, line and column, then the number of brackets */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s:%u:%u: invalid JSON: the file ends early (truncated?) with %u unclosed bracket",
                                       "%s:%u:%u: invalid JSON: the file ends early (truncated?) with %u unclosed brackets",
                                       s.depth),
                          filename, s.line, s.col + 1, s.depth);
}

gboolean
hl_json_precheck (const char *data, gsize length, guint *line, guint *column, const char **why)
{
  JsonScan s;

  json_scan (data, length, TRUE, &s);
  if (line)
    *line = s.line;
  if (column)
    *column = s.col;
  if (why)
    *why = s.problem;
  return s.problem == NULL;
}

/* The member if it is a value of type t, else NULL. */
static JsonNode *
typed_member (JsonObject *o, const char *name, GType t)
{
  JsonNode *node = json_object_get_member (o, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == t
         ? node : NULL;
}

gboolean
hl_json_is_number (JsonNode *n)
{
  GType t = n != NULL && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;

  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

gint64
hl_json_get_int (JsonObject *o, const char *name, gint64 fallback)
{
  JsonNode *node = typed_member (o, name, G_TYPE_INT64);
  return node != NULL ? json_node_get_int (node) : fallback;
}

gboolean
hl_json_get_boolean (JsonObject *o, const char *name, gboolean fallback)
{
  JsonNode *node = typed_member (o, name, G_TYPE_BOOLEAN);
  return node != NULL ? json_node_get_boolean (node) : fallback;
}

const char *
hl_json_get_string (JsonObject *o, const char *name)
{
  JsonNode *node = typed_member (o, name, G_TYPE_STRING);
  return node != NULL ? json_node_get_string (node) : NULL;
}

/* line:column as json-glib's message "<data>:L:C: …" gives them. */
static gboolean
message_location (const char *msg, guint *line, guint *column)
{
  guint64 l, c;
  char *end;

  if (!g_str_has_prefix (msg, "<data>:"))
    return FALSE;
  l = g_ascii_strtoull (msg + strlen ("<data>:"), &end, 10);
  if (*end != ':')
    return FALSE;
  c = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != ':' || l == 0 || l > G_MAXUINT || c > G_MAXUINT)
    return FALSE;
  *line = (guint) l;
  *column = (guint) c;
  return TRUE;
}

/* json-glib's message for a syntax error before the precheck's problem
 * (what json-glib would misread), or NULL.  The precheck looks only for
 * those: a CSV opened as a config was "iris.csv:3:3: … a number as JSON does
 * not write it" (the "3,097" of its third line), its first line being no
 * JSON already (found by a GUI QA pass).  Only the text before the problem
 * is parsed, so json-glib never sees what it misreads; where that text is
 * cut inside an object, array or string, json-glib's complaint may be about
 * the cut ("{\"a\"" lacks its colon), so only a bare word (not true, false
 * or null) counts there. */
static char *
earlier_parse_error (const char *data, const JsonScan *problem, const char *name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *cut = NULL, *msg = NULL;
  guint l, c;

  if (json_parser_load_from_data (parser, data, (gssize) problem->at, &local)
      || !message_location (local->message, &l, &c)
      || !(l < problem->line || (l == problem->line && c < problem->col)))
    return NULL;
  cut = truncation_message (data, problem->at, name);
  if (cut != NULL && !g_error_matches (local, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_BAREWORD))
    return NULL;
  msg = parse_message (local->message, name);
  return g_utf8_make_valid (msg, -1);
}

JsonNode *
hl_json_parse (const char *data, gssize length, const char *filename,
               GQuark domain, int parse_code, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  const char *name = filename ? filename : "<input>";
  gsize len = length < 0 ? strlen (data) : (gsize) length;
  JsonScan scan;
  JsonNode *root;

  json_scan (data, len, TRUE, &scan);
  if (scan.problem != NULL)
    {
      g_autofree char *earlier = earlier_parse_error (data, &scan, name);

      if (earlier != NULL)
        {
          g_set_error_literal (error, domain, parse_code, earlier);
          return NULL;
        }
      /* TRANSLATORS: a file name, line and column, then what is wrong */
      g_set_error (error, domain, parse_code, _("%s:%u:%u: invalid JSON: %s"), name, scan.line,
                   scan.col, _(scan.problem));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      g_autofree char *msg = truncation_message (data, len, name);
      g_autofree char *valid = NULL;

      if (msg == NULL)
        msg = parse_message (local->message, name);
      /* json-glib quotes the offending token cut to a byte length, which
       * may split a character; messages are UTF-8. */
      valid = g_utf8_make_valid (msg, -1);
      g_set_error_literal (error, domain, parse_code, valid);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      /* TRANSLATORS: a file name, then line 1, column 1 */
      g_set_error (error, domain, parse_code, _("%s:1:1: empty file (expected a JSON object)"), name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      /* TRANSLATORS: a file name, then line 1, column 1 */
      g_set_error (error, domain, parse_code, _("%s:1:1: expected a JSON object at the top level"), name);
      json_node_unref (root);
      return NULL;
    }
  return root;
}

static gboolean
write_all (int fd, const char *data, gsize length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n == 0)
        errno = EIO;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static void
sync_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Temp file + rename: a crash leaves the old file or the new one, never
 * half.  The errno of the step that failed goes into the error, so that
 * whoever reports it can say why (hl_error_save_cause): GLib's
 * g_file_set_contents_full, used before, turned EFBIG and EDQUOT into
 * G_FILE_ERROR_FAILED. */
gboolean
hl_file_write_atomic (const char *path, const char *data, gsize length, const HlWriteOptions *options,
                      GQuark domain, int code, GError **error)
{
  static const HlWriteOptions defaults = { 0666, FALSE, NULL, NULL };
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  gboolean sync;
  GStatBuf st;
  int fd, saved;

  if (options == NULL)
    options = &defaults;
  /* a new file has nothing to lose: no fsync unless asked */
  sync = options->always_sync || g_lstat (path, &st) == 0;
  if ((fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, options->mode)) < 0)
    goto fail;
  if (!write_all (fd, data, length) || (sync && fsync (fd) != 0))
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      errno = saved;
      goto fail;
    }
  if (close (fd) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      errno = saved;
      goto fail;
    }
  if (options->before_rename != NULL)
    options->before_rename (tmp, options->data);
  if (g_rename (tmp, path) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      errno = saved;
      goto fail;
    }
  if (sync)
    sync_dir (path);
  return TRUE;

fail:
  saved = errno;
  {
    g_autofree char *shown = g_filename_display_name (path);

    g_set_error (error, domain, code, _("%s: cannot write: %s"), shown, g_strerror (saved));
  }
  hl_error_set_errno (error, saved);
  return FALSE;
}

gboolean
hl_file_save_atomic (const char *path, const char *data, gsize length,
                     GQuark domain, int code, GError **error)
{
  return hl_file_write_atomic (path, data, length, NULL, domain, code, error);
}

char *
hl_json_to_data (JsonNode *node, gboolean pretty, gsize *length)
{
  GString *out = g_string_sized_new (1024);

  hl_json_write_node (out, node, pretty ? 0 : -1);
  if (pretty)
    g_string_append_c (out, '\n');
  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

void
hl_json_set_double (JsonObject *o, const char *name, double v)
{
  if (isfinite (v))
    json_object_set_double_member (o, name, v);
  else
    json_object_set_null_member (o, name);   /* JSON has no NaN */
}

void
hl_json_set_string (JsonObject *o, const char *name, const char *v)
{
  if (v)
    json_object_set_string_member (o, name, v);
  else
    json_object_set_null_member (o, name);
}

JsonObject *
hl_json_params_object (const GArray *params)
{
  JsonObject *o = json_object_new ();

  for (guint i = 0; params && i < params->len; i++)
    {
      const HlParam *p = &g_array_index (params, HlParam, i);
      hl_json_set_double (o, p->name, p->value);
    }
  return o;
}

gboolean
hl_file_read (const char *path, char **data, gsize *length, GQuark domain, int code, GError **error)
{
  g_autoptr(GError) local = NULL;
  GStatBuf st;

  /* a pipe ends (run <(generate-config) works); a device may not */
  if (g_stat (path, &st) == 0 && (S_ISDIR (st.st_mode) || S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode)))
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, domain, code, S_ISDIR (st.st_mode) ? _("%s: is a folder, not a file")
                                                             : _("%s: is a device, not a file"), shown);
      return FALSE;
    }
  if (!g_file_get_contents (path, data, length, &local))
    {
      g_set_error (error, domain, code, "%s", local->message);
      hl_error_set_errno (error, hl_error_get_errno (local));
      return FALSE;
    }
  return TRUE;
}
