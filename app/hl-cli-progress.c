/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-progress.c - the live progress line of hyperlab-cli's long
 * commands (run, resume, lr-find): one line on stderr, redrawn in place at
 * most ten times a second, only on a terminal. */
#include <unistd.h>
#include "hl-cli.h"

#define DRAW_INTERVAL_US (G_USEC_PER_SEC / 10)

void
hl_cli_progress_line_init (HlCliProgressLine *line, gboolean wanted)
{
  *line = (HlCliProgressLine) { wanted && isatty (STDERR_FILENO), 0, FALSE };
}

gboolean
hl_cli_progress_line_due (HlCliProgressLine *line, gboolean last)
{
  const gint64 now = g_get_monotonic_time ();

  if (!line->enabled || (now - line->last_draw < DRAW_INTERVAL_US && !last))
    return FALSE;
  line->last_draw = now;
  return TRUE;
}

void
hl_cli_progress_line_draw (HlCliProgressLine *line, const char *text)
{
  fprintf (stderr, "\r%s\033[K", text);
  fflush (stderr);
  line->drawn = TRUE;
}

const char *
hl_cli_progress_line_clearing (const HlCliProgressLine *line)
{
  return line != NULL && line->drawn ? "\r\033[K" : "";
}

void
hl_cli_progress_line_clear (HlCliProgressLine *line)
{
  if (line->drawn)
    fputs ("\r\033[K", stderr);
  fflush (stderr);
  line->drawn = FALSE;
}
