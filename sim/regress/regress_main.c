/* SPDX-License-Identifier: MIT */
/*
 * lpfpga-regress: constrained-random regression of the RTL fabric against the golden
 * model. Usage:
 *   lpfpga-regress [--seed S] [--count N] [-j J] [--case K] [--junit FILE] [--cov FILE]
 *                  [--latency L] [--bw N] [--max-cycles N] [--testplan FILE] [-v]
 *                  [--self-check]
 * -j J forks J worker processes (case k runs in worker k mod J). --case K runs one case
 * in this process (with $LPFPGA_WAVES set, it writes an FST of it). Exit status 0 only
 * if every case passed and docs/testplan.md names only existing tests and bins.
 * --self-check runs the cases on the golden model only and checks that each succeeds
 * or fails as its test intends (the generator's own test; needs no RTL).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backends/sim_loader.h"
#include "isa/isa.h"
#include "regress_report.h"

struct args {
	uint64_t seed, max_cycles;
	uint32_t count, jobs;
	int64_t one_case;
	const char *junit, *cov, *testplan;
	struct rg_opts opts;
	int verbose, self_check;
};

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: lpfpga-regress [--seed S] [--count N] [-j J] [--case K] [--junit FILE]\n"
		"                      [--cov FILE] [--latency L] [--bw N] [--max-cycles N]\n"
		"                      [--testplan docs/testplan.md] [-v] [--self-check]\n");
}

static int parse_args(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof(*a));
	a->seed = 1;
	a->count = 100;
	a->jobs = 1;
	a->one_case = -1;
	/* The largest random layers need ~40 M cycles; a hang costs this much time. */
	a->max_cycles = 200000000;
	a->opts.latency = a->opts.bw = -1;
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(o, "-v") || !strcmp(o, "--verbose")) {
			a->verbose = 1;
			continue;
		}
		if (!strncmp(o, "-j", 2) && o[2]) {
			a->jobs = (uint32_t)strtoul(o + 2, NULL, 0);
			continue;
		}
		if (!strcmp(o, "--self-check")) {
			a->self_check = 1;
			continue;
		}
		if (!v) {
			usage();
			return -1;
		}
		i++;
		if (!strcmp(o, "--seed"))
			a->seed = strtoull(v, NULL, 0);
		else if (!strcmp(o, "--count"))
			a->count = (uint32_t)strtoul(v, NULL, 0);
		else if (!strcmp(o, "-j") || !strcmp(o, "--jobs"))
			a->jobs = (uint32_t)strtoul(v, NULL, 0);
		else if (!strcmp(o, "--case"))
			a->one_case = strtoll(v, NULL, 0);
		else if (!strcmp(o, "--junit"))
			a->junit = v;
		else if (!strcmp(o, "--cov") || !strcmp(o, "--cov-table"))
			a->cov = v;
		else if (!strcmp(o, "--testplan"))
			a->testplan = v;
		else if (!strcmp(o, "--latency"))
			a->opts.latency = strtoll(v, NULL, 0);
		else if (!strcmp(o, "--bw"))
			a->opts.bw = strtoll(v, NULL, 0);
		else if (!strcmp(o, "--max-cycles"))
			a->max_cycles = strtoull(v, NULL, 0);
		else {
			usage();
			return -1;
		}
	}
	if (!a->jobs)
		a->jobs = 1;
	return 0;
}

/* docs/testplan.md: --testplan, $LPF_SRCDIR, next to the executable's tree, or ./docs. */
static const char *find_testplan(const struct args *a, char *buf, size_t len)
{
	const char *src = getenv("LPF_SRCDIR");
	char exe[1024];
	ssize_t n;

	if (a->testplan)
		return a->testplan;
	if (src && *src) {
		snprintf(buf, len, "%s/docs/testplan.md", src);
		return buf;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, len, "%s/../../docs/testplan.md", exe);
			if (!access(buf, R_OK))
				return buf;
		}
	}
	return "docs/testplan.md";
}

static void rerun_hint(const struct args *a, uint32_t k)
{
	char extra[64] = "";

	if (a->opts.latency >= 0 || a->opts.bw >= 0)
		snprintf(extra, sizeof(extra), " --latency %lld --bw %lld",
			 (long long)a->opts.latency, (long long)a->opts.bw);
	fprintf(stderr, "  rerun with waves: LPFPGA_WAVES=fail.fst lpfpga-regress --seed %llu --case %u%s\n",
		(unsigned long long)a->seed, k, a->opts.latency >= 0 || a->opts.bw >= 0 ? extra : "");
}

static void run_one(const struct lpf_sim_api *api, const struct args *a, uint32_t k,
		    struct rg_record *rec)
{
	struct rg_case c;
	double t0 = now_s();

	memset(rec, 0, sizeof(*rec));
	rec->index = k;
	if (rg_case_build(a->seed, k, &a->opts, &c)) {
		rec->r.pass = 0;
		snprintf(rec->r.msg, sizeof(rec->r.msg), "generator could not build the case");
		return;
	}
	rec->test = (uint8_t)c.test;
	if (a->verbose) {
		fprintf(stderr, "case %u: %s\n", k, c.desc);
		for (uint32_t i = 0; i < c.n_insns && c.cmd_addr - c.base + (i + 1) * 32ull <= c.dram_size;
		     i++) {
			struct lpf_insn in;
			char line[256];

			if (lpf_insn_decode(c.dram + (c.cmd_addr - c.base) + i * 32ull, &in))
				fprintf(stderr, "  %4u  (does not decode)\n", i);
			else
				fprintf(stderr, "  %4u  %s\n", i, lpf_insn_disasm(&in, line, sizeof(line)));
		}
	}
	rg_case_run(api, &c, a->max_cycles, &rec->r);
	rec->seconds = now_s() - t0;
	rg_case_free(&c);
}

static void progress(uint32_t done, uint32_t total, uint32_t failed, double t0)
{
	const int width = 40;
	int fill = total ? (int)((uint64_t)done * width / total) : width;
	double dt = now_s() - t0;

	fprintf(stderr, "\r  [%.*s%*s] %u/%u  failed %u  %.1f cases/s ", fill,
		"########################################", width - fill, "", done, total, failed,
		dt > 0 ? done / dt : 0.0);
}

static int run_all(const struct lpf_sim_api *api, const struct args *a, struct rg_record *recs)
{
	int fds[2], tty = isatty(2);
	uint32_t got = 0, failed = 0;
	double t0 = now_s();
	pid_t *pids = calloc(a->jobs, sizeof(*pids));

	if (!pids || pipe(fds)) {
		perror("lpfpga-regress");
		free(pids);
		return -1;
	}
	for (uint32_t w = 0; w < a->jobs; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			perror("fork");
			return -1;
		}
		if (pids[w] == 0) {
			close(fds[0]);
			for (uint32_t k = w; k < a->count; k += a->jobs) {
				struct rg_record rec;

				run_one(api, a, k, &rec);
				if (write(fds[1], &rec, sizeof(rec)) != (ssize_t)sizeof(rec))
					_exit(2);
			}
			_exit(0);
		}
	}
	close(fds[1]);
	while (got < a->count) {
		struct rg_record rec;
		size_t have = 0;

		while (have < sizeof(rec)) {
			ssize_t n = read(fds[0], (char *)&rec + have, sizeof(rec) - have);

			if (n <= 0 && errno != EINTR)
				break;
			if (n > 0)
				have += (size_t)n;
		}
		if (have < sizeof(rec))
			break;
		recs[got++] = rec;
		if (!rec.r.pass) {
			failed++;
			fprintf(stderr, "%sFAIL case %u (%s): %s\n", tty ? "\r\033[K" : "", rec.index,
				rg_test_names[rec.test], rec.r.msg);
			rerun_hint(a, rec.index);
		}
		if (tty)
			progress(got, a->count, failed, t0);
	}
	if (tty)
		fprintf(stderr, "\n");
	close(fds[0]);
	for (uint32_t w = 0; w < a->jobs; w++)
		waitpid(pids[w], NULL, 0);
	free(pids);
	if (got < a->count) {
		fprintf(stderr, "lpfpga-regress: a worker died after %u of %u cases\n", got, a->count);
		for (uint32_t k = got; k < a->count; k++) {
			memset(&recs[k], 0, sizeof(recs[k]));
			recs[k].index = k;
			snprintf(recs[k].r.msg, sizeof(recs[k].r.msg), "worker crashed");
		}
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct args a;
	struct lpf_sim_lib lib;
	struct lpf_err err;
	struct rg_record *recs;
	uint8_t planned[RG_N_BINS];
	char tp_buf[1200];
	const char *tp, *waves = getenv("LPFPGA_WAVES");
	uint32_t failed = 0;
	uint64_t cycles = 0;
	int points, rc = 0;
	double t0;

	if (parse_args(argc, argv, &a))
		return 2;
	tp = find_testplan(&a, tp_buf, sizeof(tp_buf));
	points = rg_testplan_check(tp, planned);
	if (points < 0)
		rc = 1;
	if (waves && *waves && (a.one_case < 0 || a.jobs > 1)) {
		fprintf(stderr, "lpfpga-regress: LPFPGA_WAVES needs --case K (one case, one process)\n");
		return 2;
	}
	memset(&lib, 0, sizeof(lib));
	if (!a.self_check && lpf_sim_lib_open(&lib, waves && *waves, &err)) {
		fprintf(stderr, "lpfpga-regress: %s\n", err.msg);
		return 2;
	}
	if (a.one_case >= 0) {
		a.count = 1;
		a.jobs = 1;
	}
	recs = calloc(a.count ? a.count : 1, sizeof(*recs));
	if (!recs)
		return 2;
	t0 = now_s();
	if (a.one_case >= 0) {
		a.verbose = 1;
		run_one(lib.api, &a, (uint32_t)a.one_case, &recs[0]);
		fprintf(stderr, "case %lld: %s%s%s (%llu cycles)\n", (long long)a.one_case,
			recs[0].r.pass ? "PASS" : "FAIL", recs[0].r.pass ? "" : ": ", recs[0].r.msg,
			(unsigned long long)recs[0].r.cycles);
	} else if (run_all(lib.api, &a, recs)) {
		rc = 1;
	}
	for (uint32_t i = 0; i < a.count; i++) {
		failed += !recs[i].r.pass;
		cycles += recs[i].r.cycles;
	}
	if (a.junit && rg_junit_write(a.junit, a.seed, recs, a.count, now_s() - t0)) {
		fprintf(stderr, "lpfpga-regress: cannot write %s\n", a.junit);
		rc = 1;
	}
	if (a.cov) {
		FILE *f = fopen(a.cov, "w");

		if (!f) {
			fprintf(stderr, "lpfpga-regress: cannot write %s\n", a.cov);
			rc = 1;
		} else {
			int missing = rg_cov_table(f, recs, a.count, planned);

			fclose(f);
			printf("coverage table: %s (%d planned bins not hit)\n", a.cov, missing);
		}
	}
	printf("regress: seed %llu, %u cases, %u passed, %u failed, %.1f s, %.2f M RTL cycles (%s, %d testpoints)\n",
	       (unsigned long long)a.seed, a.count, a.count - failed, failed, now_s() - t0,
	       (double)cycles / 1e6, lib.api ? lib.api->build : "golden model only", points);
	free(recs);
	lpf_sim_lib_close(&lib);
	return rc || failed ? 1 : 0;
}
