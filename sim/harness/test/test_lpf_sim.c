/* SPDX-License-Identifier: MIT */
/*
 * Unit test of the Verilator harness (lpf_sim.h) against its test double
 * (lpf_sim_testdut.sv, built into build/sim-test/ by `make sim-harness-test`): register
 * access, one read and one write burst through the DRAM callbacks, latency, bandwidth
 * throttling, back-pressure, every kind of injected fault, waves and independent
 * instances. The double copies CMD_LEN * 32 bytes from CMD_BASE to SEG1.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/lpf_test.h"
#include "lpf_sim.h"
#include "lpf_spec.h"

#define SRC_ADDR 0x10000u
#define DST_ADDR 0x20000u
#define N_INSNS 4u
#define COPY_BYTES (N_INSNS * LPF_INSN_BYTES)
#define RUN_BUDGET 100000u

struct mem {
	uint8_t src[COPY_BYTES];
	uint8_t dst[COPY_BYTES];
	int dst_unmapped;
};

static const struct lpf_sim_api *api;

static uint8_t *mem_map(struct mem *m, uint64_t addr, size_t n)
{
	if (addr >= SRC_ADDR && addr + n <= SRC_ADDR + COPY_BYTES)
		return m->src + (addr - SRC_ADDR);
	if (!m->dst_unmapped && addr >= DST_ADDR && addr + n <= DST_ADDR + COPY_BYTES)
		return m->dst + (addr - DST_ADDR);
	return NULL;
}

static int mem_read(void *ctx, uint64_t addr, void *dst, size_t n)
{
	uint8_t *p = mem_map(ctx, addr, n);

	if (!p)
		return -1;
	memcpy(dst, p, n);
	return 0;
}

static int mem_write(void *ctx, uint64_t addr, const void *src, size_t n)
{
	uint8_t *p = mem_map(ctx, addr, n);

	if (!p)
		return -1;
	memcpy(p, src, n);
	return 0;
}

static void mem_init(struct mem *m)
{
	memset(m, 0, sizeof(*m));
	for (unsigned i = 0; i < COPY_BYTES; i++)
		m->src[i] = (uint8_t)(i * 7 + 3);
}

static lpf_sim *sim_new(struct mem *m, const struct lpf_sim_config *cfg)
{
	struct lpf_sim_dram_ops ops = {.read = mem_read, .write = mem_write, .ctx = m};
	char err[256] = "";
	lpf_sim *s = api->create(cfg, &ops, err, sizeof(err));

	if (!s)
		printf("\n  create: %s\n", err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

static uint32_t rd(lpf_sim *s, uint32_t off)
{
	uint32_t v = 0xdeadbeef;

	CU_ASSERT_EQUAL(api->reg_read(s, off, &v), 0);
	return v;
}

static void wr(lpf_sim *s, uint32_t off, uint32_t v)
{
	CU_ASSERT_EQUAL(api->reg_write(s, off, v), 0);
}

/* Start a copy job; returns the cycles until irq, or 0 if the budget ran out. */
static uint64_t start_copy(lpf_sim *s, uint64_t budget)
{
	uint64_t ran = 0;

	wr(s, LPF_REG_CMD_BASE_LO, SRC_ADDR);
	wr(s, LPF_REG_CMD_BASE_HI, 0);
	wr(s, LPF_REG_SEG1_LO, DST_ADDR);
	wr(s, LPF_REG_SEG1_HI, 0);
	wr(s, LPF_REG_CMD_LEN, N_INSNS);
	wr(s, LPF_REG_IRQ_ENABLE, LPF_REG_IRQ_ENABLE_DONE_MASK | LPF_REG_IRQ_ENABLE_ERROR_MASK);
	wr(s, LPF_REG_IRQ_STATUS, LPF_REG_IRQ_STATUS_DONE_MASK | LPF_REG_IRQ_STATUS_ERROR_MASK);
	wr(s, LPF_REG_CTRL, LPF_REG_CTRL_START_MASK);
	return api->run(s, budget, &ran) ? ran : 0;
}

static void expect_done(lpf_sim *s, const struct mem *m)
{
	CU_ASSERT_EQUAL(rd(s, LPF_REG_STATUS), LPF_REG_STATUS_DONE_MASK);
	CU_ASSERT_EQUAL(memcmp(m->src, m->dst, COPY_BYTES), 0);
}

static void expect_error(lpf_sim *s, uint32_t code)
{
	CU_ASSERT_EQUAL(rd(s, LPF_REG_STATUS), LPF_REG_STATUS_ERROR_MASK);
	CU_ASSERT_EQUAL(rd(s, LPF_REG_ERR_CODE), code);
}

static uint64_t copy_cycles(const struct lpf_sim_config *cfg)
{
	struct mem m;
	lpf_sim *s;
	uint64_t n;

	mem_init(&m);
	s = sim_new(&m, cfg);
	n = start_copy(s, RUN_BUDGET);
	CU_ASSERT(n > 0);
	expect_done(s, &m);
	api->destroy(s);
	return n;
}

static void sim_harness_reads_identity(void)
{
	struct mem m;
	lpf_sim *s;

	mem_init(&m);
	s = sim_new(&m, NULL);
	CU_ASSERT_EQUAL(rd(s, LPF_REG_ID), LPF_ID_MAGIC);
	CU_ASSERT_EQUAL(rd(s, LPF_REG_SPEC_HASH), LPF_SPEC_HASH);
	wr(s, LPF_REG_CMD_LEN, 0x12345678);
	CU_ASSERT_EQUAL(rd(s, LPF_REG_CMD_LEN), 0x12345678);
	CU_ASSERT(api->cycles(s) > 0);
	api->destroy(s);
}

static void sim_harness_copies_through_callbacks(void)
{
	struct lpf_sim_stats st;
	struct mem m;
	lpf_sim *s;

	mem_init(&m);
	s = sim_new(&m, NULL);
	CU_ASSERT(start_copy(s, RUN_BUDGET) > 0);
	expect_done(s, &m);
	api->stats(s, &st);
	CU_ASSERT_EQUAL(st.rd_bursts, 1);
	CU_ASSERT_EQUAL(st.wr_bursts, 1);
	CU_ASSERT_EQUAL(st.rd_beats, COPY_BYTES / 16);
	CU_ASSERT_EQUAL(st.wr_beats, COPY_BYTES / 16);
	CU_ASSERT_EQUAL(st.protocol_errors, 0);
	CU_ASSERT(rd(s, LPF_REG_PERF_BUSY_LO) > 0);
	api->destroy(s);
}

static void sim_harness_latency_adds_cycles(void)
{
	struct lpf_sim_config slow = {.rd_latency = 40, .wr_latency = 30};
	uint64_t base = copy_cycles(NULL);

	CU_ASSERT(copy_cycles(&slow) >= base + 70);
}

static void sim_harness_throttles_bandwidth(void)
{
	struct lpf_sim_config bw = {.bw_beats = 1, .bw_cycles = 4};
	const uint64_t beats = COPY_BYTES / 16;

	/* One beat per 4 cycles on each direction: reads and writes both spread out. */
	CU_ASSERT(copy_cycles(&bw) >= copy_cycles(NULL) + 2 * 3 * (beats - 1));
}

static void sim_harness_survives_backpressure(void)
{
	for (uint32_t seed = 1; seed <= 8; seed++) {
		struct lpf_sim_config bp = {.bp_seed = seed, .bp_percent = 50, .rd_latency = seed};

		copy_cycles(&bp);
	}
}

static void sim_harness_injects_read_slverr(void)
{
	struct lpf_sim_config cfg = {
		.fault = {.kind = LPF_SIM_FAULT_SLVERR, .dir = LPF_SIM_FAULT_READ, .beat = 2}};
	struct lpf_sim_stats st;
	struct mem m;
	lpf_sim *s;

	mem_init(&m);
	s = sim_new(&m, &cfg);
	CU_ASSERT(start_copy(s, RUN_BUDGET) > 0);
	expect_error(s, LPF_ERR_CMD_FETCH);
	api->stats(s, &st);
	CU_ASSERT_EQUAL(st.rd_errors, 1);
	CU_ASSERT_EQUAL(st.rd_beats, 3);
	api->destroy(s);
}

static void sim_harness_unmapped_write_is_decerr(void)
{
	struct mem m;
	lpf_sim *s;

	mem_init(&m);
	m.dst_unmapped = 1;
	s = sim_new(&m, NULL);
	CU_ASSERT(start_copy(s, RUN_BUDGET) > 0);
	expect_error(s, LPF_ERR_DMA);
	api->destroy(s);
}

static void sim_harness_injects_write_decerr(void)
{
	struct lpf_sim_config cfg = {
		.fault = {.kind = LPF_SIM_FAULT_DECERR, .dir = LPF_SIM_FAULT_WRITE, .beat = 1}};
	struct lpf_sim_stats st;
	struct mem m;
	lpf_sim *s;

	mem_init(&m);
	s = sim_new(&m, &cfg);
	CU_ASSERT(start_copy(s, RUN_BUDGET) > 0);
	expect_error(s, LPF_ERR_DMA);
	api->stats(s, &st);
	CU_ASSERT_EQUAL(st.wr_errors, 1);
	api->destroy(s);
}

static void sim_harness_stall_then_recovers(void)
{
	struct lpf_sim_config cfg = {
		.fault = {.kind = LPF_SIM_FAULT_STALL, .dir = LPF_SIM_FAULT_READ, .beat = 1}};
	struct mem m;
	lpf_sim *s;

	mem_init(&m);
	s = sim_new(&m, &cfg);
	CU_ASSERT_EQUAL(start_copy(s, 5000), 0);
	CU_ASSERT_EQUAL(rd(s, LPF_REG_STATUS) & LPF_REG_STATUS_BUSY_MASK,
			LPF_REG_STATUS_BUSY_MASK);
	wr(s, LPF_REG_CTRL, LPF_REG_CTRL_SOFT_RESET_MASK);
	api->set_fault(s, NULL);
	api->dram_flush(s);
	CU_ASSERT(start_copy(s, RUN_BUDGET) > 0);
	expect_done(s, &m);
	api->destroy(s);
}

static void sim_harness_delays_one_beat(void)
{
	struct lpf_sim_config cfg = {
		.fault = {.kind = LPF_SIM_FAULT_DELAY, .dir = LPF_SIM_FAULT_WRITE, .beat = 2,
			  .delay_cycles = 500}};

	CU_ASSERT(copy_cycles(&cfg) >= copy_cycles(NULL) + 500);
}

static void sim_harness_writes_waves(void)
{
	char path[64];
	struct lpf_sim_config cfg = {.waves = path};
	struct stat stb;

	snprintf(path, sizeof(path), "/tmp/lpf_sim_test_%d.fst", (int)getpid());
	copy_cycles(&cfg);
	CU_ASSERT_EQUAL(stat(path, &stb), 0);
	CU_ASSERT(stb.st_size > 100);
	unlink(path);
}

static void sim_harness_instances_are_independent(void)
{
	struct mem a, b;
	lpf_sim *sa, *sb;

	mem_init(&a);
	mem_init(&b);
	b.src[0] ^= 0xff;
	sa = sim_new(&a, NULL);
	sb = sim_new(&b, NULL);
	CU_ASSERT(start_copy(sa, RUN_BUDGET) > 0);
	CU_ASSERT(start_copy(sb, RUN_BUDGET) > 0);
	expect_done(sa, &a);
	expect_done(sb, &b);
	CU_ASSERT_NOT_EQUAL(a.dst[0], b.dst[0]);
	api->destroy(sa);
	api->destroy(sb);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{"sim_harness_reads_identity", sim_harness_reads_identity},
		{"sim_harness_copies_through_callbacks", sim_harness_copies_through_callbacks},
		{"sim_harness_latency_adds_cycles", sim_harness_latency_adds_cycles},
		{"sim_harness_throttles_bandwidth", sim_harness_throttles_bandwidth},
		{"sim_harness_survives_backpressure", sim_harness_survives_backpressure},
		{"sim_harness_injects_read_slverr", sim_harness_injects_read_slverr},
		{"sim_harness_unmapped_write_is_decerr", sim_harness_unmapped_write_is_decerr},
		{"sim_harness_injects_write_decerr", sim_harness_injects_write_decerr},
		{"sim_harness_stall_then_recovers", sim_harness_stall_then_recovers},
		{"sim_harness_delays_one_beat", sim_harness_delays_one_beat},
		{"sim_harness_writes_waves", sim_harness_writes_waves},
		{"sim_harness_instances_are_independent", sim_harness_instances_are_independent},
		{NULL, NULL},
	};
	const char *lib = getenv("LPFPGA_SIM_LIB");
	lpf_sim_get_api_fn get;
	void *h;

	if (!lib || !*lib) {
		fprintf(stderr, "set LPFPGA_SIM_LIB to build/sim-test/" LPF_SIM_LIB_NAME "\n");
		return 2;
	}
	h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "%s\n", dlerror());
		return 2;
	}
	*(void **)&get = dlsym(h, LPF_SIM_API_SYMBOL);
	api = get ? get(LPF_SIM_API_VERSION) : NULL;
	if (!api) {
		fprintf(stderr, "%s: no %s version %u\n", lib, LPF_SIM_API_SYMBOL,
			LPF_SIM_API_VERSION);
		return 2;
	}
	return lpf_test_run("sim_harness", cases);
}
