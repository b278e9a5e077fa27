/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-run.c - run records: hl_run_load() (fast metrics path and full JSON
 * parser) and the store's summary scanner hl_store_scan_file() on the same
 * bytes.  A run that loads must save and reload; a failure is a
 * HL_RUN_ERROR naming the file. */
#include <stdlib.h>
#include <string.h>
#include "fuzz-common.h"
#include "hl-store-private.h"

#define FILENAME "fuzz.run.json"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_round_trip (HlRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlRun) again = NULL;
  g_autofree char *text = NULL;
  const char *path;
  gsize len;

  text = hl_run_to_data (run, &len);
  path = fuzz_write ("saved.run.json", text, len);
  again = hl_run_load (path, &error);
  if (again == NULL || g_strcmp0 (again->id, run->id) != 0
      || hl_metrics_len (&again->metrics) != hl_metrics_len (&run->metrics)
      || !hl_config_equal (again->config, run->config))
    {
      g_printerr ("fuzz: a loaded run does not reload as itself: %s\n%s\n",
                  error ? error->message : "differs", text);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *path = fuzz_write (FILENAME, data, size);
  g_autoptr(GError) error = NULL, scan_error = NULL;
  g_autoptr(HlRun) run = NULL;
  g_autoptr(HlRunInfo) info = NULL;
  gboolean loads = FALSE;

  run = hl_run_load (path, &error);
  if (run == NULL)
    fuzz_check_error (error, HL_RUN_ERROR, FILENAME, NULL);
  else
    {
      if (run->id == NULL || run->config == NULL)
        abort ();
      check_round_trip (run);
    }
  info = hl_store_scan_file (path, &loads, &scan_error);
  if (info == NULL)
    fuzz_check_error (scan_error, HL_RUN_ERROR, FILENAME, NULL);
  else if (run != NULL && g_strcmp0 (info->id, run->id) != 0)
    abort ();   /* the fast summary and the full load see the same run */
  /* what the store tells broken records by: a file the full load reads
   * reads as a run to the scan, and a refused one only if it loads */
  if ((run != NULL && !loads) || (info == NULL && loads && run == NULL))
    abort ();
  return 0;
}
