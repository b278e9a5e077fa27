/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plugins.h - helpers shared by the plugin registry test files. */
#pragma once

#include "hyperlab.h"
#include "hl-plugin-private.h"

/* Copy the fixture module hl-fixture-NAME.so into dir; returns the new path. */
char *tp_copy_fixture (const char *dir, const char *name);
/* A registry that caches verdicts in cache_path (NULL: no cache). */
HlPluginRegistry *tp_registry_new (const char *cache_path);
/* A verdict cache shared by tests whose shipped modules need no fresh probe. */
const char *tp_shared_cache (void);
/* Whether a probe helper (hyperlab-cli) is available for child probing. */
gboolean tp_have_helper (void);
/* Assert that every shipped optimizer and schedule is loaded. */
void tp_assert_shipped_loaded (HlPluginRegistry *reg);
/* The rejection recorded for path, or NULL. */
const HlPluginRejection *tp_find_rejection (HlPluginRegistry *reg, const char *path);
/* Remove a scratch folder and everything in it. */
void tp_rm_rf (const char *dir);

/* Build plugins/example/lion.c out of tree into dir/plugins/hl-lion.so
 * (*module, newly allocated). */
gboolean tp_build_example (const char *dir, char **module);

void tp_add_load_tests (void);
void tp_add_i18n_tests (void);
void tp_add_run_tests (void);
