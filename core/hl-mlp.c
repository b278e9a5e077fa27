/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-mlp.c - placeholder, filled in by its area. */
#include "hyperlab.h"
