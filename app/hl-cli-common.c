/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-common.c - helpers shared by the hyperlab-cli subcommands. */
#include <glib/gi18n.h>
#include "hl-cli.h"

int
hl_cli_fail (GError *error)
{
  fprintf (stderr, "hyperlab-cli: %s\n", error ? error->message : _("unknown error"));
  g_clear_error (&error);
  return HL_EXIT_BAD_INPUT;
}

gboolean
hl_cli_parse (GOptionContext *context, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  fprintf (stderr, "hyperlab-cli: %s\n", error->message);
  return FALSE;
}

int
hl_cli_exit_for_status (HlRunStatus status)
{
  switch (status)
    {
    case HL_RUN_STATUS_COMPLETED:
    case HL_RUN_STATUS_EARLY_STOPPED:
      return HL_EXIT_OK;
    case HL_RUN_STATUS_DIVERGED:
      return HL_EXIT_DIVERGED;
    case HL_RUN_STATUS_CANCELLED:
      return HL_EXIT_CANCELLED;
    case HL_RUN_STATUS_RUNNING:
    case HL_RUN_STATUS_FAILED:
    case HL_RUN_STATUS_INTERRUPTED:
    default:
      return HL_EXIT_BAD_INPUT;
    }
}
