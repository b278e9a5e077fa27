/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* hl-builtin-i18n.h - the shipped plugins' texts are translated in
 * Hyperlab's own catalogue.  A descriptor holds the English texts, marked
 * with N_() so xgettext finds them (po/POTFILES.in lists these sources),
 * and names the catalogue in its gettext_domain: the host looks each text
 * up there when it shows it (hl_plugin_translate).  Nothing is translated
 * inside the module, which needs no gettext for this. */
#pragma once

#ifndef N_
#define N_(String) (String)
#endif

/* meson.build defines GETTEXT_PACKAGE ("hyperlab") for the whole project. */
#ifndef GETTEXT_PACKAGE
#error "GETTEXT_PACKAGE is not defined: build the shipped plugins with Hyperlab's meson.build"
#endif
#define HL_BUILTIN_GETTEXT_DOMAIN GETTEXT_PACKAGE
