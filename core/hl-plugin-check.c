/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hl-plugin-check.c - what the host verifies before it trusts a plugin module:
 * ABI, every descriptor field, and a smoke test of its functions. */
#include <math.h>
#include <string.h>
#include "hl-error.h"
#include "hl-plugin-private.h"

/* 1.1 took two of HlOptimizerFuncs' reserved words: its size must not change. */
G_STATIC_ASSERT (sizeof (HlOptimizerFuncs) == 8 * sizeof (gpointer));

static const char *const error_nicks[] = {
  [HL_PLUGIN_ERROR_OPEN]        = "open",
  [HL_PLUGIN_ERROR_NO_ENTRY]    = "no-entry",
  [HL_PLUGIN_ERROR_ABI_MAJOR]   = "abi-major",
  [HL_PLUGIN_ERROR_ABI_MINOR]   = "abi-minor",
  [HL_PLUGIN_ERROR_STRUCT_SIZE] = "struct-size",
  [HL_PLUGIN_ERROR_INVALID]     = "invalid",
  [HL_PLUGIN_ERROR_DUPLICATE]   = "duplicate",
  [HL_PLUGIN_ERROR_SMOKE]       = "smoke",
  [HL_PLUGIN_ERROR_CRASHED]     = "crashed",
  [HL_PLUGIN_ERROR_TIMEOUT]     = "timeout",
  [HL_PLUGIN_ERROR_NOT_FOUND]   = "not-found",
};

const char *
hl_plugin_error_to_nick (int code)
{
  if (code < 0 || code >= (int) G_N_ELEMENTS (error_nicks))
    return "invalid";
  return error_nicks[code];
}

int
hl_plugin_error_from_nick (const char *nick)
{
  for (guint i = 0; nick != NULL && i < G_N_ELEMENTS (error_nicks); i++)
    if (g_str_equal (nick, error_nicks[i]))
      return (int) i;
  return HL_PLUGIN_ERROR_INVALID;
}

const char *
hl_plugin_kind_to_string (HlPluginKind kind)
{
  switch (kind)
    {
    case HL_PLUGIN_KIND_OPTIMIZER: return "optimizer";
    case HL_PLUGIN_KIND_SCHEDULE:  return "schedule";
    default:                       return "unknown";
    }
}

HlPluginKind
hl_plugin_kind_from_string (const char *s)
{
  if (g_strcmp0 (s, "optimizer") == 0)
    return HL_PLUGIN_KIND_OPTIMIZER;
  if (g_strcmp0 (s, "schedule") == 0)
    return HL_PLUGIN_KIND_SCHEDULE;
  return 0;
}

void
hl_plugin_verdict_clear (HlPluginVerdict *v)
{
  g_clear_pointer (&v->message, g_free);
  g_clear_pointer (&v->id, g_free);
  v->ok = FALSE;
  v->code = 0;
  v->kind = 0;
}

/* --- descriptor fields ---------------------------------------------------- */

static gboolean
matches_charset (const char *s, const char *extra)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && strchr (extra, *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_INVALID, msg);
  g_free (msg);
  return FALSE;
}

static gboolean
check_text (const char *field, const char *value, gboolean required, GError **error)
{
  if (value == NULL)
    return required ? invalid (error, "%s: missing", field) : TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    return invalid (error, "%s: not valid UTF-8", field);
  if (required && *value == '\0')
    return invalid (error, "%s: must not be empty", field);
  return TRUE;
}

static gboolean
check_param_range (guint i, const HlParamSpec *p, GError **error)
{
  const double lo = p->min, hi = p->max, def = p->default_value;

  if (!isfinite (lo) || !isfinite (hi) || !isfinite (def))
    return invalid (error, "params[%u] “%s”: min, max and default must be finite (got %g, %g, %g)",
                    i, p->name, lo, hi, def);
  if (lo > hi)
    return invalid (error, "params[%u] “%s”: min > max (got min %g, max %g)", i, p->name, lo, hi);
  if (def < lo || def > hi)
    return invalid (error, "params[%u] “%s”: default %g is outside [%g, %g]", i, p->name, def, lo, hi);
  if ((p->flags & HL_PARAM_FLAG_LOG_SCALE) && lo <= 0)
    return invalid (error, "params[%u] “%s”: a log-scale parameter needs min > 0 (got %g)", i, p->name, lo);
  if ((p->flags & HL_PARAM_FLAG_BOOLEAN) && (lo < 0 || hi > 1 || (def != 0 && def != 1)))
    return invalid (error, "params[%u] “%s”: a boolean lies in [0, 1] with default 0 or 1", i, p->name);
  if ((p->flags & HL_PARAM_FLAG_INTEGER) && def != floor (def))
    return invalid (error, "params[%u] “%s”: integer default is %g", i, p->name, def);
  return TRUE;
}

static gboolean
check_param (const HlPluginDescriptor *desc, guint i, GError **error)
{
  const HlParamSpec *p = &desc->params[i];
  const guint32 known = HL_PARAM_FLAG_LOG_SCALE | HL_PARAM_FLAG_INTEGER | HL_PARAM_FLAG_BOOLEAN;

  if (!matches_charset (p->name, "_"))
    return invalid (error, "params[%u].name: must match [a-z0-9_]+ (got “%s”)", i,
                    p->name ? p->name : "(null)");
  for (guint j = 0; j < i; j++)
    if (g_str_equal (desc->params[j].name, p->name))
      return invalid (error, "params[%u].name: “%s” is used twice", i, p->name);
  if (!check_text ("label", p->label, TRUE, error) ||
      !check_text ("description", p->description, FALSE, error))
    {
      g_prefix_error (error, "params[%u] “%s”: ", i, p->name);
      return FALSE;
    }
  if (p->flags & ~known)
    return invalid (error, "params[%u] “%s”: unknown flags 0x%x", i, p->name, p->flags & ~known);
  if ((p->flags & HL_PARAM_FLAG_BOOLEAN) && (p->flags & HL_PARAM_FLAG_LOG_SCALE))
    return invalid (error, "params[%u] “%s”: boolean and log-scale exclude each other", i, p->name);
  return check_param_range (i, p, error);
}

static gboolean
check_funcs (const HlPluginDescriptor *desc, GError **error)
{
  if (desc->kind == HL_PLUGIN_KIND_OPTIMIZER)
    {
      const HlOptimizerFuncs *f = desc->optimizer;
      if (f == NULL || desc->schedule != NULL)
        return invalid (error, "optimizer: an optimizer sets the optimizer table and no schedule table");
      const char *missing = !f->create ? "create" : !f->step ? "step" : !f->free ? "free"
                            : !f->state_data ? "state_data" : NULL;
      if (missing != NULL)
        return invalid (error, "optimizer.%s: missing (create, step, free and state_data are required)",
                        missing);
      /* Minor 0 modules have reserved words there, which are not ours to read. */
      if (desc->abi_minor >= 1 && (f->begin_step == NULL) != (f->step_range == NULL))
        return invalid (error, "optimizer: begin_step and step_range are set together or not at all "
                        "(only %s is set)", f->begin_step ? "begin_step" : "step_range");
    }
  else
    {
      const HlScheduleFuncs *f = desc->schedule;
      if (f == NULL || desc->optimizer != NULL)
        return invalid (error, "schedule: a schedule sets the schedule table and no optimizer table");
      const char *missing = !f->create ? "create" : !f->rate ? "rate" : !f->free ? "free"
                            : !f->state_data ? "state_data" : NULL;
      if (missing != NULL)
        return invalid (error, "schedule.%s: missing (create, rate, free and state_data are required)",
                        missing);
    }
  return TRUE;
}

gboolean
hl_plugin_descriptor_check (const HlPluginDescriptor *desc, GError **error)
{
  g_return_val_if_fail (desc != NULL, FALSE);

  if (desc->kind != HL_PLUGIN_KIND_OPTIMIZER && desc->kind != HL_PLUGIN_KIND_SCHEDULE)
    return invalid (error, "kind: must be optimizer (1) or schedule (2) (got %u)", desc->kind);
  if (!matches_charset (desc->id, "-"))
    return invalid (error, "id: must match [a-z0-9-]+ (got “%s”)", desc->id ? desc->id : "(null)");
  if (strlen (desc->id) > 64)
    return invalid (error, "id: longer than 64 characters");
  if (!check_text ("label", desc->label, TRUE, error) ||
      !check_text ("description", desc->description, FALSE, error) ||
      !check_text ("version", desc->version, TRUE, error) ||
      !check_text ("license", desc->license, TRUE, error) ||
      !check_text ("gettext_domain", desc->gettext_domain, FALSE, error))
    return FALSE;
  if (desc->n_params > HL_PLUGIN_MAX_PARAMS)
    return invalid (error, "n_params: at most %d (got %u)", HL_PLUGIN_MAX_PARAMS, desc->n_params);
  if (desc->n_params > 0 && desc->params == NULL)
    return invalid (error, "params: NULL but n_params is %u", desc->n_params);
  for (guint i = 0; i < desc->n_params; i++)
    if (!check_param (desc, i, error))
      return FALSE;
  return check_funcs (desc, error);
}

gboolean
hl_plugin_optimizer_can_split (const HlPluginDescriptor *desc)
{
  g_return_val_if_fail (desc != NULL, FALSE);
  return desc->kind == HL_PLUGIN_KIND_OPTIMIZER && desc->optimizer != NULL &&
         desc->abi_minor >= 1 &&
         desc->optimizer->begin_step != NULL && desc->optimizer->step_range != NULL;
}

/* --- smoke test ----------------------------------------------------------- */

/* Odd, so vector loops also run their remainder; split at 16 it gives a full
 * 16-block, a second block and a remainder, the shapes the host's ranges have. */
#define SMOKE_N     37
#define SMOKE_SPLIT 16
#define SMOKE_STEPS 20

static gboolean
smoke (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
smoke (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_SMOKE, "smoke test: %s", msg);
  g_free (msg);
  return FALSE;
}

static void
default_params (const HlPluginDescriptor *desc, double *hp)
{
  for (guint i = 0; i < desc->n_params; i++)
    hp[i] = desc->params[i].default_value;
}

static gboolean
check_state (gpointer (*state_data) (gpointer, gsize *), gpointer inst, GError **error)
{
  gsize n_bytes = 0;
  gpointer data = state_data (inst, &n_bytes);
  if (n_bytes > 0 && data == NULL)
    return smoke (error, "state_data returned NULL for %" G_GSIZE_FORMAT " bytes", n_bytes);
  return TRUE;
}

/* step_range over [start, end) of x, shown only that range: every parameter
 * and gradient outside it is NaN, as if another thread were still writing
 * them, so an update that reads outside its range gives NaN or differs. */
static void
range_step (const HlOptimizerFuncs *f, gpointer inst, float *x, const float *g,
            guint start, guint end, double lr)
{
  float xr[SMOKE_N], gr[SMOKE_N];

  for (guint i = 0; i < SMOKE_N; i++)
    {
      const gboolean inside = i >= start && i < end;
      xr[i] = inside ? x[i] : NAN;
      gr[i] = inside ? g[i] : NAN;
    }
  f->step_range (inst, xr, gr, start, end, lr);
  memcpy (x + start, xr + start, (end - start) * sizeof (float));
}

/* The split update of step s (1-based): begin_step, then the two ranges in
 * either order (they may run concurrently, so neither may depend on the
 * other having run). */
static void
split_step (const HlOptimizerFuncs *f, gpointer inst, float *x, const float *g, guint s, double lr)
{
  f->begin_step (inst, lr);
  if (s % 2 == 1)
    {
      range_step (f, inst, x, g, 0, SMOKE_SPLIT, lr);
      range_step (f, inst, x, g, SMOKE_SPLIT, SMOKE_N, lr);
    }
  else
    {
      range_step (f, inst, x, g, SMOKE_SPLIT, SMOKE_N, lr);
      range_step (f, inst, x, g, 0, SMOKE_SPLIT, lr);
    }
}

/* Bit for bit: parameters, then the state blocks. */
static gboolean
compare_split (const HlOptimizerFuncs *f, gpointer a, gpointer b, const float *xa, const float *xb,
               guint s, GError **error)
{
  gsize na = 0, nb = 0;

  for (guint i = 0; i < SMOKE_N; i++)
    if (memcmp (&xa[i], &xb[i], sizeof (float)) != 0)
      return smoke (error, "step_range over [0,%d) [%d,%d) differs from step at step %u, "
                    "parameter %u (%.9g, step gives %.9g)%s", SMOKE_SPLIT, SMOKE_SPLIT, SMOKE_N,
                    s, i, (double) xb[i], (double) xa[i],
                    isnan (xb[i]) && !isnan (xa[i])
                    ? ": it read parameters or gradients outside its range, which were NaN" : "");
  const guint8 *sa = f->state_data (a, &na), *sb = f->state_data (b, &nb);
  if (na != nb)
    return smoke (error, "state_data after step_range over [0,%d) [%d,%d) is %" G_GSIZE_FORMAT
                  " bytes, after step %" G_GSIZE_FORMAT " (step %u)", SMOKE_SPLIT, SMOKE_SPLIT,
                  SMOKE_N, nb, na, s);
  for (gsize i = 0; i < na && sa != NULL && sb != NULL; i++)
    if (sa[i] != sb[i])
      return smoke (error, "state_data after step_range over [0,%d) [%d,%d) differs from step "
                    "at step %u, byte %" G_GSIZE_FORMAT, SMOKE_SPLIT, SMOKE_SPLIT, SMOKE_N, s, i);
  return TRUE;
}

static gpointer
smoke_create (const HlOptimizerFuncs *f, const double *hp, GError **error)
{
  g_autoptr (GError) local = NULL;
  gpointer inst = f->create (SMOKE_N, hp, &local);
  if (inst == NULL)
    smoke (error, "create failed with default hyperparameters: %s",
           local ? local->message : "no reason given");
  return inst;
}

/* f(x) = ½ Σ a_i (x_i − c_i)², so the gradient is a_i (x_i − c_i).  With
 * begin_step and step_range a second instance takes the split update of the
 * same gradients beside it, and must match step exactly. */
static gboolean
smoke_optimizer (const HlPluginDescriptor *desc, const double *hp, GError **error)
{
  const HlOptimizerFuncs *f = desc->optimizer;
  const gboolean split = hl_plugin_optimizer_can_split (desc);
  float x[SMOKE_N], x2[SMOKE_N], g[SMOKE_N];
  gpointer inst2 = NULL;
  gboolean ok = TRUE;

  gpointer inst = smoke_create (f, hp, error);
  if (inst == NULL || (split && (inst2 = smoke_create (f, hp, error)) == NULL))
    {
      if (inst != NULL)
        f->free (inst);
      return FALSE;
    }
  for (guint i = 0; i < SMOKE_N; i++)
    x[i] = x2[i] = 1.0f + 0.25f * (float) i;
  for (guint s = 1; s <= SMOKE_STEPS && ok; s++)
    {
      /* A learning rate that changes every step, as a schedule's does. */
      const double lr = 0.01 * (1.0 + 0.1 * (s % 3));
      for (guint i = 0; i < SMOKE_N; i++)
        g[i] = (1.0f + 0.1f * (float) i) * (x[i] - 0.5f);
      f->step (inst, x, g, SMOKE_N, lr);
      for (guint i = 0; i < SMOKE_N && ok; i++)
        if (!isfinite (x[i]))
          ok = smoke (error, "step %u gave parameter %u = %g", s, i, (double) x[i]);
      if (ok && split)
        {
          split_step (f, inst2, x2, g, s, lr);
          ok = compare_split (f, inst, inst2, x, x2, s, error);
        }
    }
  if (ok)
    ok = check_state (f->state_data, inst, error);
  f->free (inst);
  if (inst2 != NULL)
    f->free (inst2);
  return ok;
}

static gboolean
smoke_rate (const HlScheduleFuncs *f, gpointer inst, const HlScheduleContext *ctx, GError **error)
{
  double r = f->rate (inst, ctx);
  if (!isfinite (r) || r < 0)
    return smoke (error, "rate at step %" G_GUINT64_FORMAT " is %g (must be finite and >= 0)", ctx->step, r);
  return TRUE;
}

static gboolean
smoke_schedule (const HlScheduleFuncs *f, const double *hp, GError **error)
{
  static const guint64 steps[] = { 0, 1, 50, 99, 100, 101, 333, 500, 750, 998, 999 };
  HlScheduleContext ctx = { .steps_per_epoch = 100, .total_steps = 1000, .base_lr = 0.1 };
  g_autoptr (GError) local = NULL;
  gboolean ok = TRUE;

  gpointer inst = f->create (hp, &local);
  if (inst == NULL)
    return smoke (error, "create failed with default hyperparameters: %s",
                  local ? local->message : "no reason given");
  for (guint i = 0; i < G_N_ELEMENTS (steps) && ok; i++)
    {
      ctx.step = steps[i];
      ctx.epoch = steps[i] / ctx.steps_per_epoch;
      /* A loss that stops improving, so plateau schedules reduce. */
      if (f->observe)
        f->observe (inst, ctx.step, 1.0 / (1.0 + MIN (i, 3)));
      ok = smoke_rate (f, inst, &ctx, error);
    }
  if (ok)
    ok = check_state (f->state_data, inst, error);
  f->free (inst);
  return ok;
}

gboolean
hl_plugin_descriptor_smoke_test (const HlPluginDescriptor *desc, GError **error)
{
  double hp[HL_PLUGIN_MAX_PARAMS] = { 0 };

  g_return_val_if_fail (desc != NULL, FALSE);
  default_params (desc, hp);
  if (desc->kind == HL_PLUGIN_KIND_OPTIMIZER)
    return smoke_optimizer (desc, hp, error);
  return smoke_schedule (desc->schedule, hp, error);
}

/* --- descriptor helpers --------------------------------------------------- */

int
hl_plugin_param_index (const HlPluginDescriptor *desc, const char *name)
{
  g_return_val_if_fail (desc != NULL && name != NULL, -1);
  for (guint i = 0; i < desc->n_params; i++)
    if (g_str_equal (desc->params[i].name, name))
      return (int) i;
  return -1;
}

const HlParamSpec *
hl_plugin_find_param (const HlPluginDescriptor *desc, const char *name)
{
  int i = hl_plugin_param_index (desc, name);
  return i < 0 ? NULL : &desc->params[i];
}

/* --- opening a module ----------------------------------------------------- */

/* The descriptor size each ABI minor of this major guarantees: so far the
 * same for all (1.1 added fields to HlOptimizerFuncs only, in place of
 * reserved words).  A minor that grows the descriptor gets its case here. */
static guint32
known_struct_size (guint32 minor)
{
  (void) minor;
  return sizeof (HlPluginDescriptor);
}

static const HlPluginDescriptor *
get_descriptor (GModule *module, GError **error)
{
  gpointer sym = NULL;
  if (!g_module_symbol (module, HL_PLUGIN_ENTRY_SYMBOL, &sym) || sym == NULL)
    {
      g_set_error (error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_NO_ENTRY,
                   "no entry symbol “%s” (export it with HL_PLUGIN_DEFINE (descriptor) "
                   "from <hyperlab/hl-plugin.h>)", HL_PLUGIN_ENTRY_SYMBOL);
      return NULL;
    }
  const HlPluginDescriptor *desc = ((HlPluginEntryFunc) sym) ();
  if (desc == NULL)
    g_set_error (error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_NO_ENTRY,
                 "entry symbol “%s” returned NULL", HL_PLUGIN_ENTRY_SYMBOL);
  return desc;
}

static gboolean
check_abi (const HlPluginDescriptor *desc, GError **error)
{
  if (desc->abi_major != HL_PLUGIN_ABI_MAJOR)
    {
      g_set_error (error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_ABI_MAJOR,
                   "abi_major: plugin ABI %u.%u, but this Hyperlab speaks ABI %d.x "
                   "(rebuild it against this Hyperlab's <hyperlab/hl-plugin.h>)",
                   desc->abi_major, desc->abi_minor, HL_PLUGIN_ABI_MAJOR);
      return FALSE;
    }
  if (desc->abi_minor > HL_PLUGIN_ABI_MINOR)
    {
      g_set_error (error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_ABI_MINOR,
                   "abi_minor: plugin needs ABI %u.%u, newer than this Hyperlab's %d.%d (update Hyperlab, "
                   "or declare the oldest minor whose fields the plugin uses)",
                   desc->abi_major, desc->abi_minor, HL_PLUGIN_ABI_MAJOR, HL_PLUGIN_ABI_MINOR);
      return FALSE;
    }
  if (desc->struct_size < known_struct_size (desc->abi_minor))
    {
      g_set_error (error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_STRUCT_SIZE,
                   "struct_size: descriptor is %u bytes, ABI %u.%u needs at least %u "
                   "(set it to sizeof (HlPluginDescriptor))",
                   desc->struct_size, desc->abi_major, desc->abi_minor,
                   known_struct_size (desc->abi_minor));
      return FALSE;
    }
  return TRUE;
}

/* The kind and id of a descriptor the checks refused, when they can be
 * read: another major may lay the descriptor out otherwise, and one too
 * small may end before them. */
static void
readable_name (const HlPluginDescriptor *desc, int *kind_out, char **id_out)
{
  const char *id;

  if (desc == NULL || desc->abi_major != HL_PLUGIN_ABI_MAJOR
      || desc->struct_size < G_STRUCT_OFFSET (HlPluginDescriptor, id) + sizeof (const char *))
    return;
  id = desc->id;
  if (id == NULL || *id == '\0' || strlen (id) > 64 || strspn (id, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen (id))
    return;
  if (kind_out != NULL && (desc->kind == HL_PLUGIN_KIND_OPTIMIZER || desc->kind == HL_PLUGIN_KIND_SCHEDULE))
    *kind_out = (int) desc->kind;
  if (id_out != NULL)
    *id_out = g_strdup (id);
}

gboolean
hl_plugin_open_checked (const char *path, GModule **module_out,
                        const HlPluginDescriptor **desc_out, GError **error)
{
  return hl_plugin_open_checked_named (path, module_out, desc_out, NULL, NULL, error);
}

gboolean
hl_plugin_open_checked_named (const char *path, GModule **module_out,
                              const HlPluginDescriptor **desc_out, int *kind_out,
                              char **id_out, GError **error)
{
  g_autoptr (GError) local = NULL;
  const HlPluginDescriptor *desc = NULL;

  GModule *module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      /* dlerror's text usually starts with the path too: name it once */
      const char *reason = g_module_error ();
      const gsize n = strlen (path);
      if (reason != NULL && strncmp (reason, path, n) == 0 && g_str_has_prefix (reason + n, ": "))
        reason += n + 2;
      g_set_error (error, HL_PLUGIN_ERROR, HL_PLUGIN_ERROR_OPEN, "%s: cannot open: %s", path, reason);
      return FALSE;
    }
  if ((desc = get_descriptor (module, &local)) == NULL ||
      !check_abi (desc, &local) ||
      !hl_plugin_descriptor_check (desc, &local) ||
      !hl_plugin_descriptor_smoke_test (desc, &local))
    {
      g_set_error (error, HL_PLUGIN_ERROR, local->code, "%s: %s", path, local->message);
      readable_name (desc, kind_out, id_out);   /* before the module goes */
      g_module_close (module);
      return FALSE;
    }
  *module_out = module;
  *desc_out = desc;
  return TRUE;
}
