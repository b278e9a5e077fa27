/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plugin-i18n.c - a plugin's texts in the user's language: the catalogue
 * of its gettext domain may ship beside the module, in a locale/ folder the
 * host binds the domain to, and each text is looked up in that domain. */
#include <glib/gi18n-lib.h>
#include "hl-plugin-private.h"

/* The domains the host bound, for the whole process: several registries
 * may load the same module, and a binding is process-wide. */
static GMutex bound_lock;
static GHashTable *bound;
/* gettext's folder for a domain nobody bound, its compiled-in default
 * (/usr/share/locale): asked once, before the host binds anything. */
static char *default_folder;

/* Whether something other than the host bound domain to a folder of its
 * own: the application, a library, the plugin's own code.  Called locked. */
static gboolean
bound_elsewhere (const char *domain)
{
  if (default_folder == NULL)
    default_folder = g_strdup (bindtextdomain ("hyperlab: a domain no one binds", NULL));
  return g_strcmp0 (bindtextdomain (domain, NULL), default_folder) != 0;
}

void
hl_plugin_bind_domain (const HlPluginDescriptor *desc, const char *module_path)
{
  const char *domain;
  g_autofree char *dir = NULL, *folder = NULL;

  g_return_if_fail (desc != NULL && module_path != NULL);
  domain = desc->gettext_domain;
  /* Hyperlab's own domain (the shipped plugins name it) stays where
   * main() put it */
  if (domain == NULL || *domain == '\0' || g_str_equal (domain, GETTEXT_PACKAGE))
    return;
  dir = g_path_get_dirname (module_path);
  folder = g_build_filename (dir, "locale", NULL);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    return;
  g_mutex_lock (&bound_lock);
  if (bound == NULL)
    bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* the first module found with the domain wins, as with ids; and a
   * binding made by anyone else is left alone */
  if (!g_hash_table_contains (bound, domain) && !bound_elsewhere (domain))
    {
      bindtextdomain (domain, folder);
      /* GTK and the terminal want UTF-8, whatever the locale's charset */
      bind_textdomain_codeset (domain, "UTF-8");
      g_hash_table_add (bound, g_strdup (domain));
    }
  g_mutex_unlock (&bound_lock);
}

const char *
hl_plugin_translate (const HlPluginDescriptor *desc, const char *text)
{
  g_return_val_if_fail (desc != NULL, text);
  if (text == NULL || *text == '\0' || desc->gettext_domain == NULL || *desc->gettext_domain == '\0')
    return text;
  return g_dgettext (desc->gettext_domain, text);
}
