/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-window-actions.c - the window's actions: train, stop, open, save,
 * export plot, retry with a smaller learning rate (sweep: hl-window-sweep.c). */
#include <glib/gi18n.h>
#include "hl-export-dialog.h"
#include "hl-form-util.h"
#include "hl-ui.h"
#include "hl-window-private.h"

static void
set_enabled (HlWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_train_tooltip (HlWindow *self)
{
  g_autofree char *issues = hl_config_panel_describe_issues (self->config_panel);
  g_autofree char *tip = NULL;

  g_autofree char *sweep_tip = NULL;

  if (issues != NULL)
    {
      tip = g_strdup_printf (_("Fix these first:\n%s"), issues);
      /* Sweep… stays on: it is the way to an unfinished sweep */
      sweep_tip = g_strdup_printf (_("Continue an unfinished sweep. A new one needs these fixed first:\n%s"),
                                   issues);
    }
  gtk_widget_set_tooltip_text (self->train_button, tip ? tip : _("Train (Ctrl+Return)"));
  gtk_widget_set_tooltip_text (self->sweep_button,
                               sweep_tip ? sweep_tip : _("Train many settings of this config and compare them"));
}

/* Train only with a valid config and no run in progress; the tooltip says why not. */
void
hl_window_actions_update (HlWindow *self)
{
  gboolean running, valid;
  HlRun *last;
  GtkWidget *focus;

  if (self->training_view == NULL || self->config_panel == NULL)
    return;   /* disposed: a run finishing after the window closed */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  running = hl_training_view_get_running (self->training_view);
  valid = hl_config_panel_get_valid (self->config_panel);
  last = hl_training_view_get_last_run (self->training_view);
  set_enabled (self, "train", valid && !running && !hl_window_sweep_running (self));
  set_enabled (self, "stop", running);
  set_enabled (self, "open", !running);
  /* a sweep trains into the store; one at a time, not beside a run.  Also
   * with the form's problems: the dialog continues unfinished sweeps (a new
   * one is refused there, or at once when there is none to continue) */
  set_enabled (self, "sweep", !running && self->store != NULL && !hl_window_sweep_running (self));
  {
    double first, at;
    /* diverged, or a loss that exploded or became NaN without stopping it */
    set_enabled (self, "retry-lower-lr", !running && last != NULL
                 && (last->status == HL_RUN_STATUS_DIVERGED
                     || hl_run_loss_trouble (last, &first, &at) != HL_LOSS_TROUBLE_NONE));
  }
  set_enabled (self, "export-plot", last != NULL || running);
  update_train_tooltip (self);
  /* Stop pressed, or focused as the run began (train_activated), turns
   * off as the run ends: Train takes the focus, not nothing */
  if (!running && focus != NULL && focus == self->stop_button && gtk_widget_is_sensitive (self->train_button))
    gtk_widget_grab_focus (self->train_button);
}

/* Whether the focus is on a Train button (the header's, or the "Ready to
 * Train" page's): pressed from the keyboard, it turns off or hides as the
 * run begins, and the focus left the window, so Return did nothing and
 * Tab started over (found driving the window by keyboard). */
static gboolean
train_has_focus (HlWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && GTK_IS_ACTIONABLE (focus)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), "win.train") == 0;
}

static void
train_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HlWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean pressed = train_has_focus (self);

  hl_form_commit_focused_spin (GTK_WIDGET (self));
  if (!hl_window_train (self, &error))
    hl_window_show_toast (self, error->message);
  else if (pressed && gtk_widget_is_sensitive (self->stop_button))
    gtk_widget_grab_focus (self->stop_button);
}

#define BLOCKED_TOAST_KEY "hl-train-blocked-toast"

static void
on_blocked_toast_dismissed (AdwToast *toast, HlWindow *self)
{
  if (g_object_get_data (G_OBJECT (self), BLOCKED_TOAST_KEY) == toast)
    g_object_set_data (G_OBJECT (self), BLOCKED_TOAST_KEY, NULL);
}

/* Ctrl+Return with Train off for the form's problems did nothing: the
 * reasons were in the button's tooltip and on red rows perhaps scrolled
 * out of sight, or in a hidden form (found driving the window by
 * keyboard).  The form is shown, its first problem row gets the focus,
 * and a toast says the problem; pressed again, the toast shown says the
 * problem then, no second one is queued.  (Train's action is off, so the
 * application's accelerator lets the key through to here.) */
static gboolean
on_train_blocked (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  HlWindow *self = HL_WINDOW (widget);

  if (hl_training_view_get_running (self->training_view) || hl_window_sweep_running (self))
    return FALSE;
  /* the number just typed may be all the form lacked */
  hl_form_commit_focused_spin (widget);
  if (g_action_group_get_action_enabled (G_ACTION_GROUP (self), "train"))
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "train", NULL);
      return TRUE;
    }
  return hl_window_train_blocked (self);
}

gboolean
hl_window_train_blocked (HlWindow *self)
{
  g_autofree char *reason = NULL, *plain = NULL, *text = NULL;
  AdwToast *toast;

  if (hl_config_panel_get_valid (self->config_panel))
    return FALSE;
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "train") != 0)
    hl_window_show_page (self, "train");
  adw_flap_set_reveal_flap (self->flap, TRUE);
  reason = hl_config_panel_focus_first_issue (self->config_panel);
  if (reason == NULL)
    return FALSE;
  text = g_strdup_printf (_("Fix this first: %s"), reason);
  plain = g_markup_escape_text (text, -1);   /* a toast's title is markup */
  /* the one still shown says it (dismissing it while it slid in, then
   * closing the window, crashed in libadwaita 1.2's toast overlay) */
  toast = g_object_get_data (G_OBJECT (self), BLOCKED_TOAST_KEY);
  /* one closed a moment ago still slides in, held (hl_ui_add_toast): a
   * new reason on it went with it */
  if (toast != NULL && !hl_ui_toast_is_dismissing (toast))
    {
      adw_toast_set_title (toast, plain);
      return TRUE;
    }
  toast = adw_toast_new (plain);
  adw_toast_set_timeout (toast, 6);
  g_object_set_data_full (G_OBJECT (self), BLOCKED_TOAST_KEY, g_object_ref (toast), g_object_unref);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_blocked_toast_dismissed), self, 0);
  hl_ui_add_toast (self->toast_overlay, toast);
  return TRUE;
}

static void
stop_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  hl_window_stop (HL_WINDOW (user_data));
}

static void
retry_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HlWindow *self = user_data;
  HlRun *last = hl_training_view_get_last_run (self->training_view);
  g_autoptr (GError) error = NULL;

  if (last == NULL)
    return;
  /* The run the card speaks of, again, at a tenth of its rates: the form
   * may hold another config by now (Edit as New), and its settings with the
   * old run's rate ÷ 10 trained a mix of both (found by a GUI review).  It
   * is named for its settings: a name such as "… lr 10" was the old run's. */
  {
    g_autoptr (HlConfig) again = hl_config_copy (last->config);

    g_clear_pointer (&again->name, g_free);
    hl_config_panel_set_config (self->config_panel, again);
  }
  hl_config_panel_divide_learning_rates (self->config_panel, last->config, 10);
  if (!hl_window_train (self, &error))
    hl_window_show_toast (self, error->message);
}

/* ---- file choosers ----------------------------------------------------------- */

typedef void (*ChosenFunc) (HlWindow *self, GFile *file);

static void
on_chooser_response (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  HlWindow *self = user_data;
  ChosenFunc func = g_object_get_data (G_OBJECT (dialog), "hl-func");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      func (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
choose_file (HlWindow *self, const char *title, GtkFileChooserAction mode, const char *accept,
             const char *suggested, const char *const *patterns, const char *filter_name,
             ChosenFunc func)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), mode, accept, _("_Cancel"));
  gtk_file_filter_set_name (filter, filter_name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (suggested != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "hl-func", func);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static const char *const json_patterns[] = { "*.json", NULL };

static void
open_chosen (HlWindow *self, GFile *file)
{
  hl_window_open_file (self, file, FALSE);
}

static void
open_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  choose_file (user_data, _("Open Config"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL,
               json_patterns, _("Hyperlab configs"), open_chosen);
}

static char *
suggested_name (HlWindow *self)
{
  const HlConfig *config = hl_window_get_config (self);

  if (config->name != NULL && *config->name != '\0')
    return g_strdup_printf ("%s.hyperlab.json", config->name);
  return g_strdup_printf ("%s.hyperlab.json", config->dataset.kind);
}

static void
save_as_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_autofree char *name = NULL;

  hl_form_commit_focused_spin (GTK_WIDGET (user_data));
  name = suggested_name (user_data);

  choose_file (user_data, _("Save Config"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), name,
               json_patterns, _("Hyperlab configs"), hl_window_save_file);
}

static void
save_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HlWindow *self = user_data;

  hl_form_commit_focused_spin (GTK_WIDGET (self));
  if (self->file != NULL)
    hl_window_save_file (self, self->file);
  else
    save_as_activated (action, param, user_data);
}

/* The same dialog as the comparison's: format, size and resolution, then
 * the file (it wrote a fixed 1200 × 800 PNG). */
static void
export_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  HlWindow *self = user_data;
  GtkWidget *dialog = hl_export_dialog_new (GTK_WINDOW (self),
                                            hl_training_view_get_plot (self->training_view), "plot");

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Show or hide the form (F9, the Setup button).  Elsewhere than on the
 * Experiment page it brings the page up with the form shown: it toggled
 * the hidden page's form there, unseen. */
static void
show_setup_changed (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  HlWindow *self = user_data;

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "train") != 0)
    {
      hl_window_show_page (self, "train");
      adw_flap_set_reveal_flap (self->flap, TRUE);
      return;
    }
  adw_flap_set_reveal_flap (self->flap, g_variant_get_boolean (value));
}

/* The action's state follows the form's (folding and unfolding move it). */
static void
on_reveal_flap (AdwFlap *flap, GParamSpec *pspec, gpointer action)
{
  g_simple_action_set_state (action, g_variant_new_boolean (adw_flap_get_reveal_flap (flap)));
}

/* The form hidden (F9, the Setup button, a narrow window's fold, Train in
 * one) with the focus in it: the focus stayed while the form slid away,
 * and for good when given as it slid in, so typing edited a field out of
 * sight (found by a keyboard review).  It goes to the Setup button (on
 * the Experiment page, shown), else to the curves. */
static void
on_flap_hidden (HlWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *form = adw_flap_get_flap (self->flap);

  if (adw_flap_get_reveal_flap (self->flap) || focus == NULL || form == NULL
      || !(focus == form || gtk_widget_is_ancestor (focus, form)))
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self->setup_button))
      && gtk_widget_grab_focus (GTK_WIDGET (self->setup_button)))
    return;
  if (!gtk_widget_grab_focus (GTK_WIDGET (self->training_view)))
    gtk_root_set_focus (GTK_ROOT (self), NULL);
}

static const GActionEntry entries[] = {
  { .name = "train", .activate = train_activated },
  { .name = "stop", .activate = stop_activated },
  { .name = "retry-lower-lr", .activate = retry_activated },
  { .name = "open", .activate = open_activated },
  { .name = "save", .activate = save_activated },
  { .name = "save-as", .activate = save_as_activated },
  { .name = "export-plot", .activate = export_activated },
};

void
hl_window_actions_init (HlWindow *self)
{
  g_autoptr(GSimpleAction) setup = g_simple_action_new_stateful (
    "show-setup", NULL, g_variant_new_boolean (adw_flap_get_reveal_flap (self->flap)));

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  /* F9, as a sidebar is shown and hidden elsewhere */
  g_signal_connect (setup, "change-state", G_CALLBACK (show_setup_changed), self);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (on_reveal_flap), setup, 0);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (on_flap_hidden), self,
                           G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (setup));
  {
    /* bubble phase: after the application's accelerator, which takes the
     * key while Train is on */
    GtkEventController *keys = gtk_shortcut_controller_new ();
    GtkShortcutTrigger *trigger = gtk_alternative_trigger_new (
      gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
      gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK));

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (trigger, gtk_callback_action_new (on_train_blocked, NULL, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
}
