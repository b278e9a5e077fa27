/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-error.c - error domain quarks. */
#include "hl-error.h"

G_DEFINE_QUARK (hl-config-error-quark, hl_config_error)
G_DEFINE_QUARK (hl-dataset-error-quark, hl_dataset_error)
G_DEFINE_QUARK (hl-plugin-error-quark, hl_plugin_error)
G_DEFINE_QUARK (hl-run-error-quark, hl_run_error)
G_DEFINE_QUARK (hl-train-error-quark, hl_train_error)
G_DEFINE_QUARK (hl-sweep-error-quark, hl_sweep_error)
