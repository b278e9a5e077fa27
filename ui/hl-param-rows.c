/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-param-rows.c - placeholder, filled in by its area. */
#include <glib.h>
