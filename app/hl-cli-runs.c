/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-runs.c - placeholder, filled in by its area. */
#include "hl-cli.h"

int
hl_cli_runs (int argc, char **argv)
{
  g_printerr ("hyperlab-cli: hl_cli_runs is not implemented yet\n");
  return HL_EXIT_BAD_INPUT;
}

int
hl_cli_resume (int argc, char **argv)
{
  g_printerr ("hyperlab-cli: hl_cli_resume is not implemented yet\n");
  return HL_EXIT_BAD_INPUT;
}
