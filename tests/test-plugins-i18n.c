/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plugins-i18n.c - a plugin's own translations ship beside its module:
 * the host binds its gettext domain to the locale/ folder there (never
 * Hyperlab's own domain, never one bound elsewhere, once per process), and
 * the out-of-tree example is shown in German that way.
 *
 * Each case runs in a child process: German is chosen there (LANGUAGE=de
 * in the C.UTF-8 locale, as test-ui-i18n does), and a domain's binding
 * lasts as long as its process. */
#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include "test-plugins.h"

#define FIXTURE_DOMAIN "hl-fixture-i18n"

/* The fixture's texts in German, and in another German, told apart. */
#define PO_HEADER "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
static const char fixture_po[] = PO_HEADER
  "msgid \"Fixture\"\nmsgstr \"Attrappe\"\n\n"
  "msgid \"A test fixture\"\nmsgstr \"Eine Testattrappe\"\n\n"
  "msgid \"Decay\"\nmsgstr \"Abfall\"\n";
static const char other_po[] = PO_HEADER "msgid \"Fixture\"\nmsgstr \"Andere Attrappe\"\n";

/* Why the German cases skip, or NULL; asked in the parent. */
static const char *
no_german (void)
{
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *was = g_strdup (setlocale (LC_ALL, NULL));
  gboolean utf8 = setlocale (LC_ALL, "C.UTF-8") != NULL || setlocale (LC_ALL, "C.utf8") != NULL;

  setlocale (LC_ALL, was);
  if (msgfmt == NULL)
    return "msgfmt not installed";
  /* gettext ignores LANGUAGE in the C locale */
  return utf8 ? NULL : "no C.UTF-8 locale";
}

/* In the child: German from here on. */
static void
choose_german (void)
{
  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_true (setlocale (LC_ALL, "C.UTF-8") != NULL || setlocale (LC_ALL, "C.utf8") != NULL);
}

/* po compiled into folder/locale/de/LC_MESSAGES/DOMAIN.mo, as a plugin
 * ships it. */
static void
write_catalogue (const char *folder, const char *domain, const char *po)
{
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *mo_dir = g_build_filename (folder, "locale", "de", "LC_MESSAGES", NULL);
  g_autofree char *mo_name = g_strconcat (domain, ".mo", NULL);
  g_autofree char *mo = g_build_filename (mo_dir, mo_name, NULL);
  g_autofree char *po_path = g_build_filename (folder, "de.po", NULL);
  const char *argv[] = { msgfmt, "-o", mo, po_path, NULL };
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (po_path, po, -1, &error));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_unlink (po_path);
}

/* A folder under dir holding fixture NAME, with the catalogue po of domain
 * beside it unless po is NULL. */
static char *
plugin_folder (const char *dir, const char *folder_name, const char *fixture,
               const char *domain, const char *po)
{
  char *folder = g_build_filename (dir, folder_name, NULL);
  g_autofree char *module = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  module = tp_copy_fixture (folder, fixture);
  if (po != NULL)
    write_catalogue (folder, domain, po);
  return folder;
}

/* A registry that loads folder in this process (the fixtures are good). */
static HlPluginRegistry *
load_folder (const char *folder)
{
  HlPluginRegistry *reg = tp_registry_new (NULL);

  hl_plugin_registry_set_probe_in_child (reg, FALSE);
  hl_plugin_registry_load_dir (reg, folder);
  g_assert_cmpuint (hl_plugin_registry_get_rejections (reg)->len, ==, 0);
  return reg;
}

static const HlPluginDescriptor *
fixture (HlPluginRegistry *reg, const char *id)
{
  const HlPluginDescriptor *desc = hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_OPTIMIZER, id);

  g_assert_nonnull (desc);
  return desc;
}

/* Runs the case in a child with German chosen; skips without German. */
static gboolean
in_german_child (void)
{
  const char *why = no_german ();

  if (g_test_subprocess ())
    {
      choose_german ();
      return TRUE;
    }
  if (why != NULL)
    g_test_skip (why);
  else
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
  return FALSE;
}

/* The label, description and parameter of a module whose catalogue sits in
 * locale/ beside it, in a folder of no standing (as a HYPERLAB_PLUGIN_PATH
 * one or ~/.local/share/hyperlab/plugins): in German. */
static void
test_beside_module (void)
{
  if (!in_german_child ())
    return;
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-i18n-XXXXXX", NULL);
  g_autofree char *folder = plugin_folder (dir, "plugins", "i18n", FIXTURE_DOMAIN, fixture_po);
  g_autofree char *locale = g_build_filename (folder, "locale", NULL);
  g_autoptr (HlPluginRegistry) reg = load_folder (folder);
  const HlPluginDescriptor *desc = fixture (reg, "fixture-i18n");

  g_assert_cmpstr (bindtextdomain (FIXTURE_DOMAIN, NULL), ==, locale);
  g_assert_cmpstr (hl_plugin_translate (desc, desc->label), ==, "Attrappe");
  g_assert_cmpstr (hl_plugin_translate (desc, desc->description), ==, "Eine Testattrappe");
  g_assert_cmpstr (hl_plugin_translate (desc, desc->params[0].label), ==, "Abfall");
  tp_rm_rf (dir);
}

/* No locale/ folder: nothing bound, the texts as written (no German
 * catalogue where gettext looks by default). */
static void
test_no_locale_folder (void)
{
  if (!in_german_child ())
    return;
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-i18n-XXXXXX", NULL);
  g_autofree char *folder = plugin_folder (dir, "plugins", "i18n", FIXTURE_DOMAIN, NULL);
  g_autofree char *before = g_strdup (bindtextdomain (FIXTURE_DOMAIN, NULL));
  g_autoptr (HlPluginRegistry) reg = load_folder (folder);
  const HlPluginDescriptor *desc = fixture (reg, "fixture-i18n");

  g_assert_cmpstr (bindtextdomain (FIXTURE_DOMAIN, NULL), ==, before);
  g_assert_cmpstr (hl_plugin_translate (desc, desc->label), ==, "Fixture");
  tp_rm_rf (dir);
}

/* A module naming Hyperlab's own domain (as the shipped ones do) leaves it
 * where the application bound it, whatever lies beside the module. */
static void
test_own_domain_kept (void)
{
  if (!in_german_child ())
    return;
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-i18n-XXXXXX", NULL);
  g_autofree char *folder = plugin_folder (dir, "plugins", "i18n-ours", GETTEXT_PACKAGE, fixture_po);
  g_autofree char *before = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
  g_autoptr (HlPluginRegistry) reg = load_folder (folder);
  const HlPluginDescriptor *desc = fixture (reg, "fixture-i18n-ours");

  g_assert_cmpstr (bindtextdomain (GETTEXT_PACKAGE, NULL), ==, before);
  g_assert_cmpstr (hl_plugin_translate (desc, desc->label), !=, "Attrappe");
  tp_rm_rf (dir);
}

/* A domain something else bound (the plugin's own code, a library) keeps
 * that binding. */
static void
test_bound_elsewhere_kept (void)
{
  if (!in_german_child ())
    return;
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-i18n-XXXXXX", NULL);
  g_autofree char *other = g_build_filename (dir, "other", NULL);
  g_autofree char *other_locale = g_build_filename (other, "locale", NULL);
  g_autofree char *folder = plugin_folder (dir, "plugins", "i18n", FIXTURE_DOMAIN, fixture_po);

  write_catalogue (other, FIXTURE_DOMAIN, other_po);
  bindtextdomain (FIXTURE_DOMAIN, other_locale);
  g_autoptr (HlPluginRegistry) reg = load_folder (folder);
  const HlPluginDescriptor *desc = fixture (reg, "fixture-i18n");

  g_assert_cmpstr (bindtextdomain (FIXTURE_DOMAIN, NULL), ==, other_locale);
  g_assert_cmpstr (hl_plugin_translate (desc, desc->label), ==, "Andere Attrappe");
  tp_rm_rf (dir);
}

/* Bound once per process: a second registry finding the domain in another
 * folder leaves the first folder's binding (the first module found wins,
 * as with ids). */
static void
test_first_folder_wins (void)
{
  if (!in_german_child ())
    return;
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-i18n-XXXXXX", NULL);
  g_autofree char *first = plugin_folder (dir, "first", "i18n", FIXTURE_DOMAIN, fixture_po);
  g_autofree char *second = plugin_folder (dir, "second", "i18n", FIXTURE_DOMAIN, other_po);
  g_autofree char *first_locale = g_build_filename (first, "locale", NULL);
  g_autoptr (HlPluginRegistry) reg1 = load_folder (first);
  g_autoptr (HlPluginRegistry) reg2 = load_folder (second);

  g_assert_cmpstr (bindtextdomain (FIXTURE_DOMAIN, NULL), ==, first_locale);
  g_assert_cmpstr (hl_plugin_translate (fixture (reg2, "fixture-i18n"), "Fixture"), ==, "Attrappe");
  tp_rm_rf (dir);
}

/* plugins/example as its README says: lion.c built out of tree, its
 * catalogue made from po/de.po by its Makefile, both in one folder: Lion's
 * description and parameters in German. */
static void
test_example_german (void)
{
  g_autofree char *cc = g_find_program_in_path ("cc");
  g_autofree char *make = g_find_program_in_path ("make");

  if (cc == NULL || make == NULL)
    {
      g_test_skip ("needs cc and make");
      return;
    }
  if (!in_german_child ())
    return;
  g_autofree char *dir = g_dir_make_tmp ("hl-plugins-i18n-XXXXXX", NULL);
  g_autofree char *module = NULL;
  tp_build_example (dir, &module);
  g_autofree char *folder = g_path_get_dirname (module);
  g_autofree char *po_dir = g_build_filename (folder, "po", NULL);
  const char *files[] = { "Makefile", "po/de.po" };

  g_assert_cmpint (g_mkdir_with_parents (po_dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *src = g_build_filename (HL_SOURCE_ROOT, "plugins", "example", files[i], NULL);
      g_autofree char *dst = g_build_filename (folder, files[i], NULL);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (src, &text, NULL, NULL));
      g_assert_true (g_file_set_contents (dst, text, -1, NULL));
    }
  /* the catalogue alone: hl-lion.so is built, and pkg-config has no
   * hyperlab-1 here */
  const char *argv[] = { make, "-s", "-C", folder, "PKG_CONFIG=true",
                         "locale/de/LC_MESSAGES/hyperlab-lion.mo", NULL };
  g_autoptr (GError) error = NULL;
  int status = -1;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  g_autoptr (HlPluginRegistry) reg = load_folder (folder);
  const HlPluginDescriptor *lion = hl_plugin_registry_lookup (reg, HL_PLUGIN_KIND_OPTIMIZER, "lion");
  g_assert_nonnull (lion);
  g_assert_cmpstr (lion->gettext_domain, ==, "hyperlab-lion");
  g_assert_true (g_str_has_prefix (hl_plugin_translate (lion, lion->description),
                                   "Vorzeichen eines interpolierten Momentums"));
  g_assert_cmpstr (hl_plugin_translate (lion, hl_plugin_find_param (lion, "weight_decay")->label), ==,
                   "Gewichtsverfall");
  tp_rm_rf (dir);
}

void
tp_add_i18n_tests (void)
{
  g_test_add_func ("/plugins/i18n/beside-module", test_beside_module);
  g_test_add_func ("/plugins/i18n/no-locale-folder", test_no_locale_folder);
  g_test_add_func ("/plugins/i18n/own-domain-kept", test_own_domain_kept);
  g_test_add_func ("/plugins/i18n/bound-elsewhere-kept", test_bound_elsewhere_kept);
  g_test_add_func ("/plugins/i18n/first-folder-wins", test_first_folder_wins);
  g_test_add_func ("/plugins/example/german", test_example_german);
}
