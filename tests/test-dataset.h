/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dataset.h - helpers shared by the dataset test sources. */
#pragma once

#include "hyperlab.h"

char     *scratch_dir (void);
void      scratch_remove (const char *dir);
void      write_file (const char *dir, const char *name, const void *data, gsize len);
HlConfig *file_config (const char *kind);

void add_file_tests (void);   /* test-dataset-io.c: CSV */
void add_idx_tests (void);    /* test-dataset-idx.c: IDX and named sets */
