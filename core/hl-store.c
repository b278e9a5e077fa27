/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-store.c - placeholder, filled in by its area. */
#include "hyperlab.h"
