/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-run-private.h - internals shared by hl-run.c and hl-run-json.c. */
#pragma once

#include "hl-run.h"

G_BEGIN_DECLS

/* A run with empty metrics, NAN summary values and no config or id. */
HlRun *hl_run_new_empty (void);
/* hl_run_load of a file's text already read (data[len] must be '\0'):
 * the same run or the same error, without reading the file again. */
HlRun *hl_run_load_data (const char *data, gsize len, const char *path, GError **error);

G_END_DECLS
