/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-config-private.h - helpers shared by the config and run-record sources. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include "hl-config.h"
#include "hl-error.h"

G_BEGIN_DECLS

/* Known dataset kinds, NULL-terminated. */
extern const char *const hl_dataset_kinds[];

/* Shortest text that reads back as the same double ("0.1", "1e-08", "-1");
 * non-finite values give "nan"/"inf"/"-inf" (callers writing JSON use null). */
void  hl_string_append_double (GString *out, double v);

/* A compact description of a JSON value for messages: "\"lots\"", "-1", "an array". */
char *hl_json_describe (JsonNode *node);

/* JSON text writer: json-glib 1.6 writes doubles such as 1e-8 as "1e-08.0"
 * (invalid JSON) and with 17 digits, so configs and runs are written here.
 * indent < 0 writes compactly; otherwise pretty-printed at that depth. */
void hl_json_write_string (GString *out, const char *s);
void hl_json_write_node (GString *out, JsonNode *node, int indent);
void hl_json_write_indent (GString *out, int indent);

/* Members that JSON cannot hold as such become null: a NaN or infinite
 * double, a NULL string.  A params object maps each HlParam to its value. */
void        hl_json_set_double (JsonObject *o, const char *name, double v);
void        hl_json_set_string (JsonObject *o, const char *name, const char *v);
JsonObject *hl_json_params_object (const GArray *params);

/* What json-glib 1.6 gets wrong, checked on the text before parsing: it
 * recurses once per bracket with no limit (a file of a few hundred thousand
 * "[" overflows the stack), and it reads escapes JSON does not have, such
 * as octal "\333", into strings that are not UTF-8.  No Hyperlab file nests
 * deeper than a handful of levels.  FALSE on a problem: *why says what it
 * is, *line and *column where (each may be NULL). */
#define HL_JSON_MAX_DEPTH 128
/* *why is an untranslated message (a message shows _(why)).  TRUE when it
 * is about text json-glib's scanner would take that is not JSON (comments,
 * hex or octal numbers, single quotes): --set reads such a value as words. */
gboolean hl_json_why_is_not_json (const char *why);
gboolean hl_json_precheck (const char *data, gsize length, guint *line, guint *column,
                           const char **why);

/* Typed members of files that may hold anything: the fallback (NULL for a
 * string) when the member is missing or of another type, where
 * json_object_get_*_member_with_default() emit a critical for an object or
 * array member. */
gint64      hl_json_get_int (JsonObject *o, const char *name, gint64 fallback);
/* A JSON number (integer or not); NULL is none. */
gboolean    hl_json_is_number (JsonNode *n);
gboolean    hl_json_get_boolean (JsonObject *o, const char *name, gboolean fallback);
const char *hl_json_get_string (JsonObject *o, const char *name);

/* Parse JSON text into a root node.  Errors are (domain, parse_code) and name
 * the file with line:column; empty text, and text hl_json_precheck()
 * rejects, are errors. */
JsonNode *hl_json_parse (const char *data, gssize length, const char *filename,
                         GQuark domain, int parse_code, GError **error);

/* How hl_file_write_atomic writes: the new file's mode (before the
 * umask); fsync always, or only when replacing a file; a hook between the
 * write and the rename (tests). */
typedef struct {
  int        mode;
  gboolean   always_sync;
  void     (*before_rename) (const char *tmp, gpointer data);
  gpointer   data;
} HlWriteOptions;

/* Write a file atomically (temp file beside it + rename): a crash leaves
 * the old file or the new one.  Errors are (domain, code), "PATH: cannot
 * write: REASON", with the errno kept (hl_error_get_errno) where the
 * domain is HL_RUN_ERROR.  options NULL: mode 0666, fsync when replacing. */
gboolean hl_file_write_atomic (const char *path, const char *data, gsize length,
                               const HlWriteOptions *options, GQuark domain, int code, GError **error);
/* hl_file_write_atomic with the default options. */
gboolean hl_file_save_atomic (const char *path, const char *data, gsize length,
                              GQuark domain, int code, GError **error);
/* g_file_get_contents for files and pipes: a folder or a device is an error
 * (domain, code) naming it (`validate /dev/zero` read without end). */
gboolean hl_file_read (const char *path, char **data, gsize *length,
                       GQuark domain, int code, GError **error);

/* Semantic checks shared by hl_config_validate() and hl_config_check(). */
void hl_config_check_into (const HlConfig *self, HlPluginRegistry *registry, GPtrArray *issues);

/* Plugin names and hyperparameters against a registry (hl-config-plugins.c). */
void hl_config_check_plugins (const HlConfig *self, HlPluginRegistry *registry, GPtrArray *issues);
/* The least dataset.samples and dataset.classes a toy set takes: the
 * check holds them to it, and the parse names it for a negative value. */
#define HL_MIN_SAMPLES 10u
#define HL_MIN_CLASSES 2u

/* An empty list of HlConfigIssue (free with hl_config_issues_free). */
GPtrArray *hl_config_issues_new (void);
/* Append an HlConfigIssue at path whose error is error (HL_CONFIG_ERROR, its
 * message starting with the path; taken). */
HlConfigIssue *hl_config_issue_add_error (GPtrArray *issues, const char *path, GError *error);
/* Append an HlConfigIssue and return it (for its `also`); the message gets
 * "path: " in front. */
HlConfigIssue *hl_config_issue_add (GPtrArray *issues, int code, const char *path, const char *message);

/* JSON tree -> config; with check, ranges and consistency too (no plugins). */
HlConfig *hl_config_parse_json (JsonNode *root, const char *filename, gboolean check, GError **error);
/* The same, with the --set assignments applied to root: a problem in a value
 * one of them set is prefixed "--set" rather than the file name. */
HlConfig *hl_config_parse_json_sets (JsonNode *root, const char *filename, const char *const *assignments,
                                     gboolean check, GError **error);
/* Unchecked, as hl_config_parse_json_sets with check FALSE, except that a
 * value the struct cannot hold (a negative count, a seed below 0) is not
 * an error: it is appended to issues as an HlConfigIssue, the field keeps
 * a valid value, and the parse goes on. */
HlConfig *hl_config_parse_json_listing (JsonNode *root, const char *filename, const char *const *assignments,
                                        GPtrArray *issues, GError **error);

/* Built-in defaults. */
void hl_config_init_defaults (HlConfig *self);

/* Prefix an error message with "FILE: " (basename-free: as given). */
void hl_error_prefix_file (GError *error, const char *filename);

G_END_DECLS
