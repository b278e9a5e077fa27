/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-cli-sweep-resume.c - `hyperlab-cli sweep --list`, `--forget ID`, and
 * what a sweep that can be continued says: where a resumed one stands, and
 * how to continue one that did not finish. */
#include <glib/gi18n.h>
#include "hl-cli.h"
#include "hl-cli-sweep.h"

int
hl_cli_sweep_list (HlStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  /* the store's listing: a trial's run is found by its id */
  if (!hl_store_refresh (store, &error) || (list = hl_sweep_record_list (store, &error)) == NULL)
    return hl_cli_fail (g_steal_pointer (&error));
  if (list->len == 0)
    {
      printf ("%s\n", _("No sweep to continue."));
      return HL_EXIT_OK;
    }
  /* the trials column as wide as its widest cell, in characters: a
   * translation's "12/12 fertig" overran a fixed 10 bytes */
  {
    g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func (g_free);
    glong width = hl_cli_text_columns (_("trials"));
    g_autofree char *header = NULL, *h_id = NULL, *h_updated = NULL;

    for (guint i = 0; i < list->len; i++)
      {
        const HlSweepRecordInfo *s = list->pdata[i];
        /* as the dialog's list says it: how many go on from a checkpoint */
        char *text = s->started > s->done
                     ? g_strdup_printf (_("%u/%u done, %u to resume"), s->done, s->total, s->started - s->done)
                     : g_strdup_printf (_("%u/%u done"), s->done, s->total);

        width = MAX (width, hl_cli_text_columns (text));
        g_ptr_array_add (done, text);
      }
    /* every cell padded by columns, not bytes (printf's "%-22s" put a
     * header with an umlaut out of line with its column) */
    header = hl_cli_pad (_("trials"), width);
    h_id = hl_cli_pad (_("id"), 22);
    h_updated = hl_cli_pad (_("updated"), 16);
    printf ("  %s %s %s %s\n", h_id, header, h_updated, _("name"));
    for (guint i = 0; i < list->len; i++)
      {
        const HlSweepRecordInfo *s = list->pdata[i];
        g_autofree char *name = hl_cli_printable (s->name != NULL ? s->name : "", FALSE);
        g_autofree char *when = hl_cli_format_date (s->updated);
        g_autofree char *cell = hl_cli_pad (done->pdata[i], width);
        g_autofree char *when_cell = hl_cli_pad (when, 16);   /* "—" is 3 bytes, 1 column */
        g_autofree char *id = hl_cli_printable (s->id, FALSE);
        g_autofree char *id_cell = hl_cli_pad (id, 22);

        if (s->problem != NULL)
          {
            g_autofree char *msg = hl_cli_printable (s->problem, FALSE);
            printf ("  %s %s\n", id_cell, msg);
            continue;
          }
        printf ("  %s %s %s %s%s%s\n", id_cell, cell, when_cell, name,
                s->slurm ? _(" (SLURM)") : "", s->running ? _(" (training now)") : "");
      }
  }
  printf ("\n%s\n", _("“hyperlab-cli sweep --resume ID” continues one; “--forget ID” drops its record "
                      "(its runs stay in the store)."));
  return HL_EXIT_OK;
}

int
hl_cli_sweep_forget (HlStore *store, const char *id)
{
  g_autoptr(GError) error = NULL;

  if (!hl_sweep_record_forget (store, id, &error))
    return hl_cli_fail (g_steal_pointer (&error));
  printf (_("Forgot sweep %s (its runs stay in the store).\n"), id);
  return HL_EXIT_OK;
}

/* "Continuing sweep 2024…-ab12 “lr”: 2 of 5 trials finished, 1 to resume, 2 to start" */
void
hl_cli_sweep_print_resume (const HlSweep *sweep)
{
  g_autofree char *name = hl_cli_printable (sweep->name, FALSE);
  guint done = 0, resume = 0, start = 0;

  for (guint k = 0; k < sweep->trials->len; k++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[k];

      done += t->state == HL_SWEEP_TRIAL_DONE;
      resume += t->state == HL_SWEEP_TRIAL_PENDING && t->run_id != NULL;
      start += t->state == HL_SWEEP_TRIAL_PENDING && t->run_id == NULL;
    }
  printf (_("Continuing sweep %s “%s”: %u of %u trials finished, %u to resume from their checkpoints, "
            "%u to start\n"), sweep->id, name, done, sweep->trials->len, resume, start);
  if (sweep->slurm)
    printf ("%s\n", _("(it was a SLURM sweep: it goes on here, on this machine)"));
}

/* After training: a sweep with trials left says how to go on. */
void
hl_cli_sweep_print_continue (const HlSweep *sweep)
{
  guint done = 0;

  if (sweep->id == NULL || hl_sweep_is_finished (sweep))
    return;
  for (guint k = 0; k < sweep->trials->len; k++)
    {
      const HlSweepTrial *t = sweep->trials->pdata[k];
      done += t->state == HL_SWEEP_TRIAL_DONE && hl_sweep_status_is_final (t->run_status);
    }
  printf (_("\nThe sweep is not finished (%u of %u trials done): “hyperlab-cli sweep --resume %s” "
            "continues it.\n"), done, sweep->trials->len, sweep->id);
  fflush (stdout);
}
