/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-i18n.c - the store index and the user's language: the cached
 * message of a run that failed to load is not shown in the language the
 * index was written in after the user changed it.
 *
 * In a child process: German comes from a catalogue compiled from
 * po/de.po, chosen with LANGUAGE=de in the C.UTF-8 locale (gettext ignores
 * LANGUAGE in C), and none of that reaches the other store tests. */
#include <locale.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include "hyperlab.h"
#include "test-store-util.h"

void hl_test_add_store_i18n (void);

/* Compiles po/de.po into locale_dir and binds the domain there; FALSE
 * without msgfmt. */
static gboolean
bind_german (const char *locale_dir)
{
  g_autofree char *po = g_test_build_filename (G_TEST_DIST, "..", "po", "de.po", NULL);
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *mo_dir = g_build_filename (locale_dir, "de", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (msgfmt == NULL)
    return FALSE;
  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
  {
    const char *argv[] = { msgfmt, "-o", mo, po, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  return TRUE;
}

/* The one problem a refresh of a new store on dir reports (borrowed from
 * the store, which *store keeps). */
static const GError *
refresh_problem (const char *dir, HlStore **store)
{
  g_autoptr(GError) error = NULL;
  const GPtrArray *problems;

  *store = hl_store_new (dir, &error);
  g_assert_no_error (error);
  g_assert_true (hl_store_refresh (*store, &error));
  problems = hl_store_get_problems (*store);
  g_assert_cmpuint (problems->len, ==, 1);
  return ((const HlStoreProblem *) problems->pdata[0])->error;
}

/* Replaces the message index.json keeps for bad.run.json. */
static void
mark_cached_message (const char *dir)
{
  g_autofree char *index = g_build_filename (dir, "index.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *root, *entry;

  g_assert_true (json_parser_load_from_file (parser, index, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  entry = json_object_get_object_member (json_object_get_object_member (root, "entries"), "bad.run.json");
  json_object_set_string_member (json_object_get_object_member (entry, "error"), "message", "cached");
  text = json_to_string (json_parser_get_root (parser), FALSE);
  g_assert_true (g_file_set_contents (index, text, -1, &error));
}

static void
language_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hl-store-i18n-XXXXXX", &error);
  g_autofree char *locale_dir = g_dir_make_tmp ("hl-store-i18n-mo-XXXXXX", &error);
  g_autofree char *bad = g_build_filename (dir, "bad.run.json", NULL);
  g_autoptr(HlRun) evil = hl_test_make_run ("../evil", "evil", HL_RUN_STATUS_COMPLETED, 3);
  g_autoptr(JsonNode) root = hl_run_to_json (evil);
  g_autofree char *text = json_to_string (root, FALSE);
  HlStore *store = NULL;
  const GError *problem;

  g_assert_true (g_file_set_contents (bad, text, -1, &error));
  if (!bind_german (locale_dir))
    {
      g_test_skip ("msgfmt not installed");
      goto out;
    }

  g_setenv ("LANGUAGE", "en", TRUE);
  problem = refresh_problem (dir, &store);   /* the index is written in English */
  g_assert_error ((GError *) problem, HL_RUN_ERROR, HL_RUN_ERROR_CORRUPT);
  g_assert_nonnull (strstr (problem->message, "is not a run id"));
  g_clear_pointer (&store, hl_store_free);

  g_setenv ("LANGUAGE", "de", TRUE);
  problem = refresh_problem (dir, &store);
  g_assert_error ((GError *) problem, HL_RUN_ERROR, HL_RUN_ERROR_CORRUPT);
  g_test_message ("%s", problem->message);
  g_assert_nonnull (strstr (problem->message, "ist keine Lauf-ID"));
  g_assert_nonnull (strstr (problem->message, "bad.run.json"));
  g_clear_pointer (&store, hl_store_free);

  /* in the language it was written in, the index still serves the message */
  mark_cached_message (dir);
  problem = refresh_problem (dir, &store);
  g_assert_cmpstr (problem->message, ==, "bad.run.json: cached");
  g_clear_pointer (&store, hl_store_free);

  /* the store's own problems are German too: two files of one run id */
  {
    g_autofree char *dup_dir = g_dir_make_tmp ("hl-store-i18n-dup-XXXXXX", &error);
    g_autofree char *first = g_build_filename (dup_dir, "dup.run.json", NULL);
    g_autofree char *second = g_build_filename (dup_dir, "copy.run.json", NULL);
    g_autoptr(HlRun) dup = hl_test_make_run ("dup", "dup", HL_RUN_STATUS_COMPLETED, 3);
    g_autoptr(JsonNode) dup_root = hl_run_to_json (dup);
    g_autofree char *dup_text = json_to_string (dup_root, FALSE);

    g_assert_true (g_file_set_contents (first, dup_text, -1, &error));
    g_assert_true (g_file_set_contents (second, dup_text, -1, &error));
    problem = refresh_problem (dup_dir, &store);
    g_assert_error ((GError *) problem, HL_RUN_ERROR, HL_RUN_ERROR_CORRUPT);
    g_test_message ("%s", problem->message);
    g_assert_nonnull (strstr (problem->message, "doppelte Lauf-ID dup"));
    g_clear_pointer (&store, hl_store_free);
    hl_test_rm_rf (dup_dir);
  }

out:
  hl_test_rm_rf (locale_dir);
  hl_test_rm_rf (dir);
}

static void
test_index_language (void)
{
  g_autofree char *was = g_strdup (setlocale (LC_ALL, NULL));
  gboolean utf8 = setlocale (LC_ALL, "C.UTF-8") != NULL || setlocale (LC_ALL, "C.utf8") != NULL;

  setlocale (LC_ALL, was);
  if (!utf8)
    {
      g_test_skip ("no C.UTF-8 locale (gettext ignores LANGUAGE in C)");
      return;
    }
  g_test_trap_subprocess ("/store/index/language/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_index_language_subprocess (void)
{
  if (!g_test_subprocess ())
    {
      g_test_skip ("runs in a child of /store/index/language");
      return;
    }
  g_assert_true (setlocale (LC_ALL, "C.UTF-8") != NULL || setlocale (LC_ALL, "C.utf8") != NULL);
  language_child ();
}

void
hl_test_add_store_i18n (void)
{
  g_test_add_func ("/store/index/language", test_index_language);
  g_test_add_func ("/store/index/language/subprocess", test_index_language_subprocess);
}
