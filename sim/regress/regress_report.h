/* SPDX-License-Identifier: MIT */
/* The runner's reports: testplan check, JUnit XML, functional-coverage table. */
#ifndef LPF_REGRESS_REPORT_H
#define LPF_REGRESS_REPORT_H

#include <stdio.h>

#include "regress.h"

struct rg_record {
	uint32_t index;
	uint8_t test;
	double seconds;
	struct rg_result r;
};

/*
 * Read the testpoint table of docs/testplan.md; every test and bin it names must exist.
 * Returns the number of testpoints, or -1 (problems on stderr). planned[] marks the bins
 * the plan names.
 */
int rg_testplan_check(const char *path, uint8_t planned[RG_N_BINS]);

int rg_junit_write(const char *path, uint64_t seed, const struct rg_record *recs, uint32_t n,
		   double seconds);

/* Bins hit per test kind and in total; returns the number of planned bins never hit. */
int rg_cov_table(FILE *out, const struct rg_record *recs, uint32_t n,
		 const uint8_t planned[RG_N_BINS]);

#endif
