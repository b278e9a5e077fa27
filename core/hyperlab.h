/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hyperlab.h - the one public include of libhyperlab. */
#pragma once

#include "hl-error.h"
#include "hl-types.h"
#include "hl-rng.h"
#include "hl-plugin.h"
#include "hl-plugin-registry.h"
#include "hl-config.h"
#include "hl-dataset.h"
#include "hl-run.h"
#include "hl-trainer.h"
#include "hl-store.h"
#include "hl-sweep.h"
#include "hl-lr-find.h"
