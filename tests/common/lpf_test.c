/* SPDX-License-Identifier: MIT */
#include "common/lpf_test.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned int lpf_skips;

const char *lpf_test_srcdir(void)
{
	const char *d = getenv("LPF_SRCDIR");

	return d && *d ? d : ".";
}

void lpf_test_skip(const char *reason)
{
	lpf_skips++;
	printf("\n  SKIP: %s\n", reason);
}

int lpf_test_run(const char *suite, const struct lpf_test_case *cases)
{
	CU_pSuite s;
	unsigned int failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite(suite, NULL, NULL);
	if (!s)
		goto fail;
	for (const struct lpf_test_case *c = cases; c->name; c++)
		if (!CU_add_test(s, c->name, c->fn))
			goto fail;
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS)
		goto fail;
	failed = CU_get_number_of_tests_failed();
	if (lpf_skips)
		printf("  (%u skipped)\n", lpf_skips);
	CU_cleanup_registry();
	return failed ? 1 : 0;
fail:
	fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
	CU_cleanup_registry();
	return 2;
}
