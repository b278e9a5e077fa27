/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c - entry point of the hyperlab application. */
#include <locale.h>
#include <glib/gi18n.h>
#include "hyperlab.h"
#include "hl-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (HlApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, hl_locale_folder ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("Hyperlab"));

  hl_plugin_use_build_folder ();
  app = hl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
