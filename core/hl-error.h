/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-error.h - error domains and codes of libhyperlab. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HL_CONFIG_ERROR  (hl_config_error_quark ())
#define HL_DATASET_ERROR (hl_dataset_error_quark ())
#define HL_PLUGIN_ERROR  (hl_plugin_error_quark ())
#define HL_RUN_ERROR     (hl_run_error_quark ())
#define HL_TRAIN_ERROR   (hl_train_error_quark ())

/* Config files, --set overrides and form values. */
typedef enum {
  HL_CONFIG_ERROR_PARSE,          /* not JSON, truncated, empty */
  HL_CONFIG_ERROR_FORMAT,         /* "format" is not "hyperlab-config" */
  HL_CONFIG_ERROR_VERSION,        /* unknown major version */
  HL_CONFIG_ERROR_UNKNOWN_FIELD,  /* misspelt field; message suggests the closest name */
  HL_CONFIG_ERROR_TYPE,           /* wrong JSON type */
  HL_CONFIG_ERROR_RANGE,          /* value out of range */
  HL_CONFIG_ERROR_MISSING,        /* required field absent (dataset, csv path, ...) */
  HL_CONFIG_ERROR_LIMIT,          /* would exhaust the machine (units, batch memory) */
  HL_CONFIG_ERROR_PATH,           /* bad --set path */
  HL_CONFIG_ERROR_PLUGIN,         /* unknown optimizer/schedule or plugin parameter */
  HL_CONFIG_ERROR_INCONSISTENT,   /* fields that contradict each other */
  HL_CONFIG_ERROR_IO,             /* file could not be read or written */
} HlConfigError;

/* Datasets: toy generators, CSV, IDX. */
typedef enum {
  HL_DATASET_ERROR_NOT_FOUND,     /* file or named dataset not found */
  HL_DATASET_ERROR_IO,            /* read error */
  HL_DATASET_ERROR_CSV_HEADER,    /* missing/duplicate header, target column absent */
  HL_DATASET_ERROR_CSV_RAGGED,    /* row with a different number of fields (line given) */
  HL_DATASET_ERROR_CSV_VALUE,     /* non-numeric or non-finite value (line given) */
  HL_DATASET_ERROR_EMPTY,         /* no rows / too few samples for the splits */
  HL_DATASET_ERROR_IDX_MAGIC,     /* wrong magic or type byte */
  HL_DATASET_ERROR_IDX_TRUNCATED, /* file holds less than its header claims */
  HL_DATASET_ERROR_IDX_MISMATCH,  /* image/label counts or shapes disagree, label out of range */
  HL_DATASET_ERROR_LIMIT,         /* would exhaust memory */
  HL_DATASET_ERROR_INVALID,       /* bad parameter (samples, noise, ...) */
} HlDatasetError;

/* Plugin modules. */
typedef enum {
  HL_PLUGIN_ERROR_OPEN,           /* g_module_open failed */
  HL_PLUGIN_ERROR_NO_ENTRY,       /* entry symbol missing or returned NULL */
  HL_PLUGIN_ERROR_ABI_MAJOR,      /* ABI major differs */
  HL_PLUGIN_ERROR_ABI_MINOR,      /* ABI minor newer than the host */
  HL_PLUGIN_ERROR_STRUCT_SIZE,    /* descriptor struct size too small */
  HL_PLUGIN_ERROR_INVALID,        /* a descriptor field is invalid (named in the message) */
  HL_PLUGIN_ERROR_DUPLICATE,      /* id already loaded */
  HL_PLUGIN_ERROR_SMOKE,          /* smoke test produced NaN/Inf/negative rate */
  HL_PLUGIN_ERROR_CRASHED,        /* probe child died from a signal */
  HL_PLUGIN_ERROR_TIMEOUT,        /* probe child did not answer in time */
  HL_PLUGIN_ERROR_NOT_FOUND,      /* no plugin with that id */
} HlPluginError;

/* Run records and the run store. */
typedef enum {
  HL_RUN_ERROR_PARSE,             /* not JSON / truncated */
  HL_RUN_ERROR_FORMAT,            /* not a hyperlab-run */
  HL_RUN_ERROR_VERSION,           /* unknown major version */
  HL_RUN_ERROR_CORRUPT,           /* fields missing or inconsistent (arrays of unequal length...) */
  HL_RUN_ERROR_NOT_FOUND,         /* no run with that id */
  HL_RUN_ERROR_IO,                /* read/write failed */
  HL_RUN_ERROR_CHECKPOINT,        /* checkpoint sidecar missing or does not match */
  HL_RUN_ERROR_LOCKED,            /* another process trains that run (its lock is held) */
} HlRunError;

/* Training. Cancellation is G_IO_ERROR_CANCELLED, not a code here. */
typedef enum {
  HL_TRAIN_ERROR_SETUP,           /* model could not be built for this dataset */
  HL_TRAIN_ERROR_PLUGIN,          /* optimizer/schedule creation failed */
} HlTrainError;

/* Sweep files (hl-sweep.h).  A problem in the base config or in a trial's
 * config keeps HL_CONFIG_ERROR. */
typedef enum {
  HL_SWEEP_ERROR_PARSE,           /* not JSON / truncated / empty */
  HL_SWEEP_ERROR_FORMAT,          /* not a hyperlab-sweep */
  HL_SWEEP_ERROR_VERSION,         /* unknown major version */
  HL_SWEEP_ERROR_UNKNOWN_FIELD,   /* misspelt field; the message suggests the closest name */
  HL_SWEEP_ERROR_TYPE,            /* wrong JSON type */
  HL_SWEEP_ERROR_RANGE,           /* value out of range (empty range, budget 0, too many trials) */
  HL_SWEEP_ERROR_MISSING,         /* base, space, budget (random), points (grid range) absent */
  HL_SWEEP_ERROR_IO,              /* file could not be read or written */
  HL_SWEEP_ERROR_NOT_FOUND,       /* no sweep record with that id */
  HL_SWEEP_ERROR_CORRUPT,         /* a sweep record's fields missing or inconsistent */
  HL_SWEEP_ERROR_BUSY,            /* the sweep, or one of its trials, runs in another process */
} HlSweepError;

GQuark hl_config_error_quark  (void);
GQuark hl_dataset_error_quark (void);
GQuark hl_plugin_error_quark  (void);
GQuark hl_run_error_quark     (void);
GQuark hl_train_error_quark   (void);
GQuark hl_sweep_error_quark   (void);

#define HL_SWEEP_ERROR (hl_sweep_error_quark ())

/* Why a file could not be written, as far as the user can act on it.  The
 * system's errno decides, kept where the error is made: not its words in
 * the message, which a file name can hold too. */
typedef enum {
  HL_SAVE_CAUSE_OTHER,            /* none of these, or not known */
  HL_SAVE_CAUSE_NO_ROOM,          /* ENOSPC, EDQUOT: the disk or the quota is full */
  HL_SAVE_CAUSE_NOT_WRITABLE,     /* EACCES, EPERM, EROFS: the folder takes no files */
} HlSaveCause;

/* HL_RUN_ERROR is an extended domain: its errors keep the errno (errsv) of
 * the system call that failed, 0 if none did (a run that is not
 * overwritten).  This sets it on *error when that is an HL_RUN_ERROR, and
 * does nothing otherwise (error NULL, *error NULL, another domain). */
void        hl_error_set_errno  (GError **error, int errsv);
/* The errno an HL_RUN_ERROR keeps; for a G_FILE_ERROR the errno its code
 * stands for (G_FILE_ERROR_FAILED: 0); 0 for other errors. */
int         hl_error_get_errno  (const GError *error);
/* The cause of a failed write: HL_RUN_ERROR by its errno, G_FILE_ERROR and
 * G_IO_ERROR by their codes; HL_SAVE_CAUSE_OTHER for anything else. */
HlSaveCause hl_error_save_cause (const GError *error);

G_END_DECLS
