/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-plugins.c - placeholder, filled in by its area. */
#include "hl-cli.h"

int
hl_cli_plugins (int argc, char **argv)
{
  g_printerr ("hyperlab-cli: hl_cli_plugins is not implemented yet\n");
  return HL_EXIT_BAD_INPUT;
}
