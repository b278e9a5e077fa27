/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plugin-registry.h - finds, probes, validates and holds plugin modules. */
#pragma once

#include <glib.h>
#include "hl-plugin.h"

G_BEGIN_DECLS

typedef struct _HlPluginRegistry HlPluginRegistry;

/* A module that was not loaded, and why. */
typedef struct {
  char   *path;
  GError *error;   /* HL_PLUGIN_ERROR; message names the file and the reason */
  /* the module's kind and id when its descriptor could be read (this ABI
   * major, big enough), else 0 and NULL: a config naming it is told why */
  HlPluginKind kind;
  char        *id;
} HlPluginRejection;

/* An empty registry (thread-safe to read once loaded; loading is not). */
HlPluginRegistry *hl_plugin_registry_new (void);
void              hl_plugin_registry_free (HlPluginRegistry *self);

/* Search the standard folders, in order: HL_PLUGINDIR (the install's),
 * $XDG_DATA_HOME/hyperlab/plugins, then each folder of $HYPERLAB_PLUGIN_PATH.
 * Never the current folder.  Rejections are kept, not returned as errors. */
void hl_plugin_registry_load_default (HlPluginRegistry *self);

/* Load every module file (*.so) of one folder. */
void hl_plugin_registry_load_dir (HlPluginRegistry *self, const char *dir);

/* For hyperlab and hyperlab-cli run from a meson build folder (build.ninja
 * beside their app/ folder) with HYPERLAB_PLUGIN_PATH unset: that build's
 * plugins folder is searched first, so the programs use the plugins built
 * with them (the README's examples failed with "unknown optimizer" and no
 * plugins listed).  Its modules replace those of the same file name in the
 * install's folder, where `meson install` of the same tree put copies.
 * Call before the first registry is made. */
void hl_plugin_use_build_folder (void);

/* The folder holding Hyperlab's message catalogues (<lang>/LC_MESSAGES/
 * hyperlab.mo): the build's po folder for a program run from its meson build
 * folder, else the installed one.  The README's `.ci/setup run` launches the
 * program from the build folder, where the installed folder has no
 * catalogue, so the window was English under a German locale. */
const char *hl_locale_folder (void);

/* The folders hl_plugin_registry_load_default searches, in order (NULL-
 * terminated, free with g_strfreev); *ignored gets the HYPERLAB_PLUGIN_PATH
 * entries it skips for not being absolute (NULL if none). */
char **hl_plugin_search_folders (char ***ignored);

/* Load one module file; on failure records the rejection and returns FALSE. */
gboolean hl_plugin_registry_load_file (HlPluginRegistry *self, const char *path, GError **error);

/* Whether new/changed files are probed in a child process first
 * (hyperlab-cli plugins --probe FILE).  Default TRUE if the helper is found. */
void hl_plugin_registry_set_probe_in_child (HlPluginRegistry *self, gboolean enable);

/* Borrowed; NULL if absent. */
const HlPluginDescriptor *hl_plugin_registry_lookup (HlPluginRegistry *self, HlPluginKind kind, const char *id);
/* Path of the module that provided id (borrowed), NULL if absent. */
const char *hl_plugin_registry_get_path (HlPluginRegistry *self, HlPluginKind kind, const char *id);

/* Loaded descriptors of one kind, sorted by id (container owned by caller, items borrowed). */
GPtrArray *hl_plugin_registry_list (HlPluginRegistry *self, HlPluginKind kind);

/* HlPluginRejection items, borrowed. */
const GPtrArray *hl_plugin_registry_get_rejections (HlPluginRegistry *self);
/* The rejection of a module that would have provided id: one whose id is
 * known and equal, else one whose id is unknown and whose file name is
 * id's ("hl-lion.so", "hl-optimizer-lion.so" or "lion.so" for "lion").
 * Borrowed; NULL if none. */
const HlPluginRejection *hl_plugin_registry_find_rejection (HlPluginRegistry *self, HlPluginKind kind,
                                                            const char *id);
/* The HYPERLAB_PLUGIN_PATH entries hl_plugin_registry_load_default skipped
 * for not being absolute (borrowed, NULL-terminated; NULL if none). */
const char *const *hl_plugin_registry_get_skipped_folders (HlPluginRegistry *self);

/* Descriptor helpers. */
const HlParamSpec *hl_plugin_find_param (const HlPluginDescriptor *desc, const char *name);
int                hl_plugin_param_index (const HlPluginDescriptor *desc, const char *name);
/* One of desc's texts (its label or description, or a parameter's) as the
 * user reads it: looked up in desc->gettext_domain when the plugin names
 * one (the shipped plugins name Hyperlab's own; a third party's may ship
 * its catalogue in a locale/ folder beside the module, which loading
 * binds), else as given.  NULL and
 * "" come back unchanged ("" would fetch the catalogue's header).  Every
 * place that shows a plugin's text goes through this. */
const char        *hl_plugin_translate (const HlPluginDescriptor *desc, const char *text);

/* Validate a descriptor as the host would (no smoke test). */
gboolean hl_plugin_descriptor_check (const HlPluginDescriptor *desc, GError **error);
/* Run the smoke test (few optimizer steps on a quadratic / rates at sample steps;
 * for an optimizer with begin_step and step_range, also that the split update
 * equals step bit for bit). */
gboolean hl_plugin_descriptor_smoke_test (const HlPluginDescriptor *desc, GError **error);
/* Whether the host may split desc's optimizer update into ranges: an
 * optimizer of ABI minor >= 1 with begin_step and step_range set (for a
 * minor-0 module those words are reserved and ignored). */
gboolean hl_plugin_optimizer_can_split (const HlPluginDescriptor *desc);

/* The process-wide default registry, loaded on first use (thread-safe). */
HlPluginRegistry *hl_plugin_registry_get_default (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HlPluginRegistry, hl_plugin_registry_free)

G_END_DECLS
