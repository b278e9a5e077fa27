/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c - JSON text from json-glib trees reads back, numbers intact. */
#include <math.h>
#include "hyperlab.h"
#include "hl-config-private.h"

static const double values[] = { 1e-08, 1e+20, 1e-300, 0.1, 3.0, -2.5e-07, 0.0, 123456789.0, 5e-324 };

static void
test_numbers_round_trip (void)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;

  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    json_builder_add_double_value (b, values[i]);
  /* A string that looks like the broken form is not touched. */
  json_builder_add_string_value (b, "1e-08.0 \"quoted\" e5.0");
  json_builder_end_array (b);
  root = json_builder_get_root (b);

  for (int pretty = 0; pretty <= 1; pretty++)
    {
      g_clear_pointer (&text, g_free);
      text = hl_json_to_data (root, pretty, NULL);
      g_assert_null (g_strstr_len (text, -1, "e-08.0,"));
      g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
      g_assert_no_error (error);
      array = json_node_get_array (json_parser_get_root (parser));
      g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (values) + 1);
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        g_assert_cmpfloat (json_array_get_double_element (array, i), ==, values[i]);
      g_assert_cmpstr (json_array_get_string_element (array, G_N_ELEMENTS (values)), ==,
                       "1e-08.0 \"quoted\" e5.0");
    }
}

/* Strings are written as JSON that reads back whatever bytes they hold:
 * characters whole (also 4-byte ones), a byte that starts no UTF-8
 * character (a file name in another encoding) as U+FFFD, control
 * characters escaped. */
static void
test_strings_written_valid (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "plain", "plain" },
    { "caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80" },
    { "/data/d\xff/x.csv", "/data/d\xef\xbf\xbd/x.csv" },
    { "x\xed\xa0\x80y", "x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdy" },   /* encoded surrogate */
    { "cut \xe2\x82", "cut \xef\xbf\xbd\xef\xbf\xbd" },
    { "tab\tquote\"nl\n", "tab\tquote\"nl\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;

      hl_json_write_string (text, cases[i].in);
      g_assert_true (g_utf8_validate (text->str, -1, NULL));
      g_assert_true (json_parser_load_from_data (parser, text->str, -1, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (json_node_get_string (json_parser_get_root (parser)), ==, cases[i].out);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/json/numbers", test_numbers_round_trip);
  g_test_add_func ("/core/json/strings", test_strings_written_valid);
  return g_test_run ();
}
