/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-config.c - hl_config_from_data() on arbitrary bytes: a config either
 * loads, and then saves and reloads as an equal config, or fails with a
 * HL_CONFIG_ERROR naming the file. */
#include <stdlib.h>
#include <string.h>
#include "fuzz-common.h"

#define FILENAME "fuzz.hyperlab.json"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_round_trip (const HlConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) again = NULL;
  g_autofree char *text = NULL;
  gsize len;

  text = hl_config_to_data (config, &len);
  again = hl_config_from_data (text, (gssize) len, "saved.json", &error);
  if (again == NULL || !hl_config_equal (config, again))
    {
      g_printerr ("fuzz: a loaded config does not reload as itself: %s\n%s\n",
                  error ? error->message : "not equal", text);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* An exact-size copy: ASan sees any read past the end the parser makes. */
  g_autofree char *copy = g_memdup2 (data, size ? size : 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlConfig) config = NULL;

  config = hl_config_from_data (copy, (gssize) size, FILENAME, &error);
  if (config == NULL)
    {
      fuzz_check_error (error, HL_CONFIG_ERROR, FILENAME, NULL);
      return 0;
    }
  check_round_trip (config);
  return 0;
}
