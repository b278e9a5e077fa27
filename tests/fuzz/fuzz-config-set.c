/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-config-set.c - "--set PATH=VALUE" overrides: each input line is one
 * assignment applied to a fixed, valid config file.  The checked load
 * (hl_config_load_with_overrides) and the unchecked one followed by
 * hl_config_check (hyperlab-cli validate, the GUI) must agree. */
#include <stdlib.h>
#include <string.h>
#include "fuzz-common.h"

#define MAX_ASSIGNMENTS 8

static const char base_config[] =
  "{\"format\": \"hyperlab-config\", \"version\": 1, \"name\": \"base\", \"seed\": 7,\n"
  " \"dataset\": {\"kind\": \"spiral\", \"samples\": 300, \"classes\": 3},\n"
  " \"model\": {\"layers\": [{\"units\": 16, \"activation\": \"tanh\"},\n"
  "                        {\"units\": 8, \"activation\": \"relu\", \"dropout\": 0.1}]},\n"
  " \"optimizer\": {\"name\": \"adam\", \"learning_rate\": 0.01, \"params\": {\"beta1\": 0.9}},\n"
  " \"schedule\": {\"name\": \"constant\"},\n"
  " \"training\": {\"batch_size\": 32, \"epochs\": 5},\n"
  " \"early_stopping\": {\"enabled\": true, \"patience_steps\": 100}}\n";

static const char *base_path;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  base_path = fuzz_write ("base.hyperlab.json", base_config, strlen (base_config));
  return 0;
}

/* Errors name the --set or the file. */
static void
check_error (const GError *error)
{
  fuzz_check_error (error, HL_CONFIG_ERROR, "--set", base_path);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = g_strsplit (text, "\n", MAX_ASSIGNMENTS);
  g_autoptr(GError) error = NULL, unchecked_error = NULL;
  g_autoptr(HlConfig) checked = NULL, unchecked = NULL;
  GPtrArray *issues;
  gboolean clean;

  checked = hl_config_load_with_overrides (base_path, (const char *const *) lines, &error);
  unchecked = hl_config_load_unchecked (base_path, (const char *const *) lines, &unchecked_error);
  if (checked == NULL)
    check_error (error);
  if (unchecked == NULL)
    {
      check_error (unchecked_error);
      if (checked != NULL)
        abort ();   /* the unchecked load may only be more lenient */
      return 0;
    }
  issues = hl_config_check (unchecked, NULL);
  clean = issues->len == 0;
  for (guint i = 0; i < issues->len; i++)
    fuzz_check_error (((HlConfigIssue *) issues->pdata[i])->error, HL_CONFIG_ERROR, NULL, NULL);
  hl_config_issues_free (issues);
  if (clean != (checked != NULL) || (checked && !hl_config_equal (checked, unchecked)))
    {
      g_printerr ("fuzz: load and check disagree (%s)\n", error ? error->message : "loaded");
      abort ();
    }
  return 0;
}
