/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-application.c - placeholder, filled in by its area. */
#include <glib.h>
