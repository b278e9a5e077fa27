/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-plot.c - placeholder, filled in by its area. */
#include "hl-cli.h"

int
hl_cli_plot (int argc, char **argv)
{
  g_printerr ("hyperlab-cli: hl_cli_plot is not implemented yet\n");
  return HL_EXIT_BAD_INPUT;
}

int
hl_cli_export_csv (int argc, char **argv)
{
  g_printerr ("hyperlab-cli: hl_cli_export_csv is not implemented yet\n");
  return HL_EXIT_BAD_INPUT;
}
