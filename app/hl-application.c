/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-application.c - the Hyperlab application. */
#include <signal.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include "hl-export-folder.h"
#include "hl-ui.h"
#include "hl-window.h"
#include "hl-application.h"

struct _HlApplication
{
  AdwApplication    parent_instance;

  /* borrowed: the process-wide registry */
  HlPluginRegistry *registry;

  /* owned */
  HlStore          *store;
  GSettings        *settings;
  gboolean          train;     /* --train */
  gboolean          signalled; /* SIGTERM, SIGHUP or SIGINT came */
};

G_DEFINE_FINAL_TYPE (HlApplication, hl_application, ADW_TYPE_APPLICATION)

static const struct { const char *action; const char *accels[3]; } accels[] = {
  { "win.train", { "<Control>Return", "<Control>KP_Enter", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.export-plot", { "<Control>e", NULL } },
  { "win.show-setup", { "F9", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "app.quit", { "<Control>q", NULL } },
};

static HlWindow *
get_window (HlApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (hl_window_new (self));
  return HL_WINDOW (window);
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  static const char *developers[] = { "The Hyperlab developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (parent,
                         "application-name", _("Hyperlab"),
                         "application-icon", HL_APPLICATION_ID,
                         "version", HL_VERSION,
                         "comments", _("Tune the hyperparameters of neural networks by pointing and clicking"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* TRANSLATORS: your name(s), one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* closing each window saves its size and config; the app quits after the last */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_entries[] = {
  { .name = "about", .activate = about_activated },
  { .name = "quit", .activate = quit_activated },
};

/* SIGTERM (a logout, `kill`), SIGHUP (its terminal gone) or Ctrl+C in the
 * terminal: quit as app.quit does, so a training run stops and its record
 * is saved as cancelled before the window goes.  They killed the process at
 * once, and what trained since the last checkpoint was lost, the run left
 * "interrupted" (found by a QA pass; hyperlab-cli saved it).  A second one
 * quits without waiting. */
static gboolean
on_quit_signal (gpointer user_data)
{
  HlApplication *self = user_data;

  if (self->signalled)
    {
      g_application_quit (G_APPLICATION (self));
      return G_SOURCE_CONTINUE;
    }
  self->signalled = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

/* An ignored signal (SIGHUP under `nohup`) stays ignored. */
static void
quit_on_signal (HlApplication *self, int signum)
{
  struct sigaction old;

  if (sigaction (signum, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
    return;
  g_unix_signal_add (signum, on_quit_signal, self);
}

static void
hl_application_startup (GApplication *app)
{
  HlApplication *self = HL_APPLICATION (app);
  g_autoptr (GError) error = NULL;

  G_APPLICATION_CLASS (hl_application_parent_class)->startup (app);
  /* Under a file size limit (`ulimit -f`) a write past it fails with EFBIG,
   * which the toasts report (the run not saved, its file named); the
   * signal's default action killed the app at that write, every open run
   * and the window gone without a word (as hyperlab-cli did; found by a QA
   * pass). */
  signal (SIGXFSZ, SIG_IGN);
  quit_on_signal (self, SIGTERM);
  quit_on_signal (self, SIGHUP);
  quit_on_signal (self, SIGINT);
  hl_ui_init ();
  /* follow the system's light/dark preference */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  self->settings = g_settings_new (HL_APPLICATION_ID);
  hl_export_folder_set_settings (self->settings);
  self->registry = hl_plugin_registry_get_default ();
  self->store = hl_store_new (NULL, &error);
  if (self->store == NULL)
    g_warning ("Runs will not be kept: %s", error->message);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
hl_application_activate (GApplication *app)
{
  HlApplication *self = HL_APPLICATION (app);
  HlWindow *window = get_window (self);
  g_autoptr (GError) error = NULL;

  gtk_window_present (GTK_WINDOW (window));
  if (self->train)
    {
      self->train = FALSE;
      if (!hl_window_train (window, &error))
        hl_window_show_toast (window, error->message);
    }
}

static void
hl_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  HlApplication *self = HL_APPLICATION (app);
  HlWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));
  if (n_files > 0)
    hl_window_open_file (window, files[0], self->train);
  self->train = FALSE;
}

static int
hl_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  HlApplication *self = HL_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("hyperlab %s\n", HL_VERSION);
      return 0;
    }
  self->train = g_variant_dict_contains (options, "train");
  return -1;
}

static void
hl_application_dispose (GObject *object)
{
  HlApplication *self = HL_APPLICATION (object);

  g_clear_pointer (&self->store, hl_store_free);
  if (self->settings != NULL)
    hl_export_folder_set_settings (NULL);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (hl_application_parent_class)->dispose (object);
}

static void
hl_application_class_init (HlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = hl_application_dispose;
  app_class->startup = hl_application_startup;
  app_class->activate = hl_application_activate;
  app_class->open = hl_application_open;
  app_class->handle_local_options = hl_application_handle_local_options;
}

static void
hl_application_init (HlApplication *self)
{
  static const GOptionEntry options[] = {
    { "train", 't', 0, G_OPTION_ARG_NONE, NULL, N_("Start training the opened config at once"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[CONFIG.json]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Configure a neural network in forms and watch it train live."));
}

HlApplication *
hl_application_new (void)
{
  return g_object_new (HL_TYPE_APPLICATION,
                       "application-id", HL_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/hyperlab/Hyperlab",
                       NULL);
}

HlPluginRegistry *
hl_application_get_registry (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);
  return self->registry;
}

HlStore *
hl_application_get_store (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);
  return self->store;
}

GSettings *
hl_application_get_settings (HlApplication *self)
{
  g_return_val_if_fail (HL_IS_APPLICATION (self), NULL);
  return self->settings;
}
