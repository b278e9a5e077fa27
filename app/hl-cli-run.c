/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-run.c - placeholder, filled in by its area. */
#include "hl-cli.h"

int
hl_cli_run (int argc, char **argv)
{
  g_printerr ("hyperlab-cli: hl_cli_run is not implemented yet\n");
  return HL_EXIT_BAD_INPUT;
}

int
hl_cli_validate (int argc, char **argv)
{
  g_printerr ("hyperlab-cli: hl_cli_validate is not implemented yet\n");
  return HL_EXIT_BAD_INPUT;
}

