/* SPDX-License-Identifier: MIT */
/* Testplan check, JUnit XML and the coverage table; see regress_report.h. */
#include "regress_report.h"

#include <string.h>

static int lookup(const char *name, size_t len, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strlen(names[i]) == len && !strncmp(names[i], name, len))
			return i;
	return -1;
}

/* Each `name` inside one table cell. */
static int check_cell(const char *cell, const char *end, const char *what, const char *const *names,
		      int n, int line, uint8_t *mark)
{
	int bad = 0;

	for (const char *p = cell; p < end; p++) {
		const char *q;
		int k;

		if (*p != '`')
			continue;
		q = memchr(p + 1, '`', (size_t)(end - p - 1));
		if (!q)
			break;
		k = lookup(p + 1, (size_t)(q - p - 1), names, n);
		if (k < 0) {
			fprintf(stderr, "testplan line %d: %s '%.*s' does not exist in lpfpga-regress\n",
				line, what, (int)(q - p - 1), p + 1);
			bad++;
		} else if (mark) {
			mark[k] = 1;
		}
		p = q;
	}
	return bad;
}

int rg_testplan_check(const char *path, uint8_t planned[RG_N_BINS])
{
	FILE *f = fopen(path, "r");
	char line[2048];
	int lineno = 0, points = 0, bad = 0, in_table = 0;

	memset(planned, 0, RG_N_BINS);
	if (!f) {
		fprintf(stderr, "lpfpga-regress: cannot read the testplan %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *cells[6];
		int nc = 0;

		lineno++;
		if (strstr(line, "BEGIN TESTPOINTS"))
			in_table = 1;
		if (strstr(line, "END TESTPOINTS"))
			in_table = 0;
		if (!in_table || line[0] != '|' || strstr(line, "---") || strstr(line, "| testpoint"))
			continue;
		for (char *p = line; *p && nc < 6; p++)
			if (*p == '|')
				cells[nc++] = p;
		if (nc < 5) {
			fprintf(stderr, "testplan line %d: expected | testpoint | feature | tests | bins |\n",
				lineno);
			bad++;
			continue;
		}
		points++;
		bad += check_cell(cells[2], cells[3], "test", rg_test_names, RG_N_TESTS, lineno, NULL);
		bad += check_cell(cells[3], cells[4], "bin", rg_bin_names, RG_N_BINS, lineno, planned);
	}
	fclose(f);
	if (!points) {
		fprintf(stderr, "testplan %s: no testpoints between BEGIN/END TESTPOINTS\n", path);
		return -1;
	}
	return bad ? -1 : points;
}

static void xml_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

int rg_junit_write(const char *path, uint64_t seed, const struct rg_record *recs, uint32_t n,
		   double seconds)
{
	FILE *f = fopen(path, "w");
	uint32_t failures = 0;

	if (!f)
		return -1;
	for (uint32_t i = 0; i < n; i++)
		failures += !recs[i].r.pass;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites tests=\"%u\" failures=\"%u\" time=\"%.3f\">\n", n, failures, seconds);
	fprintf(f, "  <testsuite name=\"lpfpga-regress.seed%llu\" tests=\"%u\" failures=\"%u\" errors=\"0\" time=\"%.3f\">\n",
		(unsigned long long)seed, n, failures, seconds);
	for (uint32_t i = 0; i < n; i++) {
		const struct rg_record *c = &recs[i];

		fprintf(f, "    <testcase classname=\"regress.%s\" name=\"case_%u\" time=\"%.3f\"",
			rg_test_names[c->test], c->index, c->seconds);
		if (c->r.pass) {
			fprintf(f, "/>\n");
			continue;
		}
		fprintf(f, ">\n      <failure message=\"");
		xml_escaped(f, c->r.msg);
		fprintf(f, "\">rerun: LPFPGA_WAVES=fail.fst lpfpga-regress --seed %llu --case %u</failure>\n    </testcase>\n",
			(unsigned long long)seed, c->index);
	}
	fprintf(f, "  </testsuite>\n</testsuites>\n");
	return fclose(f);
}

int rg_cov_table(FILE *out, const struct rg_record *recs, uint32_t n,
		 const uint8_t planned[RG_N_BINS])
{
	uint32_t hits[RG_N_BINS] = {0}, per_test[RG_N_TESTS] = {0}, fails[RG_N_TESTS] = {0};
	int hit = 0, missing = 0;

	for (uint32_t i = 0; i < n; i++) {
		per_test[recs[i].test]++;
		fails[recs[i].test] += !recs[i].r.pass;
		for (int b = 0; b < RG_N_BINS; b++)
			hits[b] += recs[i].r.bins[b];
	}
	fprintf(out, "%-24s %8s %8s\n", "test", "cases", "failed");
	for (int t = 0; t < RG_N_TESTS; t++)
		fprintf(out, "%-24s %8u %8u\n", rg_test_names[t], per_test[t], fails[t]);
	fprintf(out, "\n%-24s %8s %s\n", "bin", "cases", "");
	for (int b = 0; b < RG_N_BINS; b++) {
		hit += hits[b] > 0;
		missing += planned[b] && !hits[b];
		fprintf(out, "%-24s %8u %s\n", rg_bin_names[b], hits[b],
			hits[b] ? "" : planned[b] ? "NOT HIT (planned)" : "not hit");
	}
	fprintf(out, "\nbins hit: %d of %d; planned bins not hit: %d\n", hit, RG_N_BINS, missing);
	return missing;
}
