/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-sweep.h - the parts of the test-cli-sweep executable. */
#pragma once

/* test-cli-sweep-resume.c: what `sweep --resume` says and guards. */
void test_cli_sweep_resume_add (void);
