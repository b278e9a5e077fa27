/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c - placeholder, filled in by its area. */
#include <glib.h>
int main (void);
int main (void) { return 0; }
