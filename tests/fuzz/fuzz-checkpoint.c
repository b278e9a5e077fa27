/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-checkpoint.c - the resume sidecar, hl_checkpoint_load().  Its
 * SHA-256 is a checksum, not a signature, so the harness frames the input
 * (magic, version, byte-order mark) and appends the right digest: the
 * fuzzer then explores the tagged sections behind it. */
#include <stdlib.h>
#include <string.h>
#include "fuzz-common.h"
#include "hl-checkpoint.h"

#define FILENAME "fuzz.ckpt"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const guint32 head[2] = { 1, 0x01020304u };
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  g_autoptr(HlCheckpoint) ck = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  const char *path;

  g_byte_array_append (file, (const guint8 *) "HLCKPT\r\n", 8);
  g_byte_array_append (file, (const guint8 *) head, sizeof head);
  g_byte_array_append (file, data, (guint) size);
  g_checksum_update (sum, file->data, file->len);
  g_checksum_get_digest (sum, digest, &digest_len);
  g_byte_array_append (file, digest, sizeof digest);
  path = fuzz_write (FILENAME, file->data, file->len);
  ck = hl_checkpoint_load (path, &error);
  if (ck == NULL)
    {
      fuzz_check_error (error, HL_RUN_ERROR, FILENAME, NULL);
      return 0;
    }
  /* What the trainer relies on after a successful load. */
  if (ck->params == NULL || ck->perm == NULL || ck->loop_state == NULL || ck->optimizer_id == NULL
      || ck->schedule_id == NULL || ck->optimizer_state == NULL || ck->schedule_state == NULL)
    abort ();
  return 0;
}
