/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.h - shared helpers of the libFuzzer harnesses: a per-process
 * scratch folder, fatal GLib warnings, and the error contract every parser
 * of untrusted input must keep. */
#pragma once

#include <stdint.h>
#include <stddef.h>
#include "hyperlab.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Once per process: scratch folder, log writer that aborts on warnings and
 * criticals (a g_return_if_fail reached from file contents is a bug). */
void        fuzz_init (void);
/* The scratch folder, removed at exit. */
const char *fuzz_dir (void);
/* Writes @data to @name in the scratch folder; returns the path (owned by
 * the helper, valid until the next call with the same name). */
const char *fuzz_write (const char *name, const void *data, gsize size);
/* @data as text with each placeholder of @pairs (NULL-terminated: "@KEY@",
 * value, ...) replaced, so an input can reach entries keyed by real values. */
char       *fuzz_expand (const void *data, gsize size, const char *const *pairs);
/* The size, mtime (ns) and inode of @path as decimal text, as the caches
 * record them; aborts if it cannot be read. */
void        fuzz_file_stamps (const char *path, char **size, char **mtime_ns, char **ino);
/* Gzip-compresses @data (a valid stream, so the fuzzer reaches what lies
 * behind the decompressor). */
GBytes     *fuzz_gzip (const void *data, gsize size);

/* The contract: on failure a GError in @domain (0: any of the project's
 * domains) with a non-empty, valid UTF-8 message that contains @name or
 * @alt (a file name, "--set", a field) when @name is not NULL.  Aborts
 * otherwise, saying why. */
void        fuzz_check_error (const GError *error, GQuark domain, const char *name,
                              const char *alt);
