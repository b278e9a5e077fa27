/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli.c - hyperlab-cli: the engine without a display; dispatches subcommands. */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include "hl-cli.h"

typedef struct {
  const char *name;
  int (*func) (int argc, char **argv);
  const char *summary;
} HlCliCommand;

static const HlCliCommand commands[] = {
  { "run",        hl_cli_run,        N_("Train a config and write its run record") },
  { "validate",   hl_cli_validate,   N_("Check a config without training") },
  { "resume",     hl_cli_resume,     N_("Resume an interrupted run from its checkpoint") },
  { "plugins",    hl_cli_plugins,    N_("List optimizer and schedule plugins") },
  { "runs",       hl_cli_runs,       N_("List or remove runs in the run store") },
  { "plot",       hl_cli_plot,       N_("Export a plot of runs as PNG, SVG or PDF") },
  { "export-csv", hl_cli_export_csv, N_("Export a run's metrics or its confusion matrix as CSV") },
  { "export-config", hl_cli_export_config, N_("Export the config a run trained with") },
  { "lr-find",    hl_cli_lr_find,    N_("Find a learning rate with the range test") },
  { "sweep",      hl_cli_sweep,      N_("Try many settings of a config, in parallel, stopping bad ones early") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: hyperlab-cli COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-13s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “hyperlab-cli COMMAND --help” for the options of a command."));
}

/* What a command printed must have reached its reader: a listing or a CSV
 * cut short by a full disk or a closed pipe is an error, said on stderr. */
static gboolean output_checked;

static int
output_written (int status)
{
  output_checked = TRUE;
  if (fflush (stdout) == 0 && !ferror (stdout))
    return status;
  fprintf (stderr, _("hyperlab-cli: the output could not be written: %s\n"), g_strerror (errno));
  return status != HL_EXIT_OK ? status : HL_EXIT_BAD_INPUT;
}

/* The same for output written before an exit() that main does not see:
 * GOptionContext prints a command's --help and exits 0 by itself. */
static void
check_output_at_exit (void)
{
  if (output_checked)
    return;
  if (output_written (HL_EXIT_OK) != HL_EXIT_OK)
    _exit (HL_EXIT_BAD_INPUT);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, hl_locale_folder ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  atexit (check_output_at_exit);
  /* A file past the size limit (`ulimit -f`) is a write that fails with
   * EFBIG, said with the file's name, the results and how to resume: the
   * signal killed the process at its final write, the run lost without a
   * word (found by a QA pass). */
  signal (SIGXFSZ, SIG_IGN);
  hl_plugin_use_build_folder ();

  if (argc < 2)
    {
      print_usage (stderr);
      return HL_EXIT_BAD_INPUT;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return output_written (HL_EXIT_OK);
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("hyperlab-cli %s\n", HL_VERSION);
      return output_written (HL_EXIT_OK);
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        /* every command's --help reads "hyperlab-cli COMMAND [OPTION…] …" */
        g_autofree char *prgname = g_strdup_printf ("hyperlab-cli %s", commands[i].name);

        g_set_prgname (prgname);
        return output_written (commands[i].func (argc - 1, argv + 1));
      }

  fprintf (stderr, _("hyperlab-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return HL_EXIT_BAD_INPUT;
}
