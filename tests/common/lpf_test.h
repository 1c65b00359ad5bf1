/* SPDX-License-Identifier: MIT */
/* Shared CUnit driver: each tests/unit/test_<unit>.c is one suite and one executable. */
#ifndef LPF_TEST_H
#define LPF_TEST_H

#include <CUnit/CUnit.h>

struct lpf_test_case {
	const char *name;               /* <unit>_<behavior>, e.g. tiler_rejects_zero_stride */
	void (*fn)(void);
};

/*
 * Run one suite of cases (terminated by {NULL, NULL}) with CUnit's basic runner.
 * Returns the process exit status: 0 if every test passed.
 */
int lpf_test_run(const char *suite, const struct lpf_test_case *cases);

/* Directory of the source tree (for fixtures), from $LPF_SRCDIR or ".". */
const char *lpf_test_srcdir(void);

/* Mark the running test skipped with a reason (printed; counted as SKIP, not PASS). */
void lpf_test_skip(const char *reason);

#endif
