/* SPDX-License-Identifier: MIT */
/*
 * The sim backend: the SystemVerilog fabric (hw/rtl/) under Verilator, through the
 * harness library liblpfpga_sim.so (sim/harness/lpf_sim.h) loaded at open time, so
 * liblpfpga itself never links against Verilator. Buffers live in host memory as in
 * the cpu backend (device address = host pointer); the harness's DRAM callbacks only
 * reach bytes inside buffers of this device, anything else is a DECERR. submit writes
 * the job registers and START over AXI-Lite; wait clocks the simulation until the
 * interrupt, within a cycle budget of timeout_ms of simulated time.
 *
 * Arguments ("sim:latency=40,bw=4"), comma-separated:
 *   latency=N       read and write DRAM latency in cycles (rd_latency=, wr_latency=)
 *   bw=N | bw=B/N   one beat every N cycles | B beats per N cycles, per direction
 *   bp=SEED[/PCT]   random back-pressure on every AXI channel (default 25 %)
 *   outstanding=N   bursts the DRAM model queues per direction
 *   mhz=N           simulated clock for the timeout budget (default 100)
 *   fault=KIND/DIR/BEAT[/DELAY]  KIND slverr|decerr|stall|delay, DIR r|w: inject one fault
 *   waves=PATH      FST waveform (also $LPFPGA_WAVES); loads build/sim-trace/
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/hostmem.h"
#include "backends/regs.h"
#include "backends/sim_loader.h"
#include "runtime/backend.h"

#define SIM_DEFAULT_MHZ 100u
#define SIM_DEFAULT_BP_PERCENT 25u
#define SIM_RUN_CHUNK 1000000u
#define SIM_WAVES_MAX 512

struct lpf_bdev {
	struct lpf_sim_lib lib;
	lpf_sim *sim;
	struct lpf_hostmem mem;
	struct lpf_regs regs;
	uint32_t mhz;
	int submitted;
};

/* AXI-Lite through the harness: 0, or -1 for no answer or an error response. */
static int reg_rd(void *ctx, uint32_t offset, uint32_t *value)
{
	struct lpf_bdev *b = ctx;

	return b->lib.api->reg_read(b->sim, offset, value) ? -1 : 0;
}

static int reg_wr(void *ctx, uint32_t offset, uint32_t value)
{
	struct lpf_bdev *b = ctx;

	return b->lib.api->reg_write(b->sim, offset, value) ? -1 : 0;
}

static int parse_u32(const char *s, const char **end, uint32_t *out)
{
	char *e;
	unsigned long v = strtoul(s, &e, 10);

	if (e == s || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	*end = e;
	return 0;
}

static int parse_fault(const char *v, struct lpf_sim_fault *f)
{
	static const char *const kinds[] = {"", "slverr", "decerr", "stall", "delay"};
	const char *slash = strchr(v, '/'), *e;
	uint32_t beat;

	if (!slash)
		return -1;
	for (f->kind = LPF_SIM_FAULT_SLVERR; f->kind <= LPF_SIM_FAULT_DELAY; f->kind++)
		if (strlen(kinds[f->kind]) == (size_t)(slash - v) &&
		    !strncmp(v, kinds[f->kind], (size_t)(slash - v)))
			break;
	if (f->kind > LPF_SIM_FAULT_DELAY || (slash[1] != 'r' && slash[1] != 'w') ||
	    slash[2] != '/')
		return -1;
	f->dir = slash[1] == 'r' ? LPF_SIM_FAULT_READ : LPF_SIM_FAULT_WRITE;
	if (parse_u32(slash + 3, &e, &beat))
		return -1;
	f->beat = beat;
	if (f->kind == LPF_SIM_FAULT_DELAY)
		return *e == '/' && !parse_u32(e + 1, &e, &f->delay_cycles) && !*e ? 0 : -1;
	return *e ? -1 : 0;
}

/* One "key=value" of the argument string into cfg; -1 if unknown or malformed. */
static int parse_arg(const char *kv, struct lpf_sim_config *cfg, uint32_t *mhz, char *waves)
{
	const char *eq = strchr(kv, '='), *v, *e = NULL;
	size_t klen;
	uint32_t a = 0, c = 0;

	if (!eq)
		return -1;
	klen = (size_t)(eq - kv);
	v = eq + 1;
#define KEY(s) (klen == strlen(s) && !strncmp(kv, s, klen))
	if (KEY("waves")) {
		snprintf(waves, SIM_WAVES_MAX, "%s", v);
		return *v ? 0 : -1;
	}
	if (KEY("fault"))
		return parse_fault(v, &cfg->fault);
	if (parse_u32(v, &e, &a))
		return -1;
	if (KEY("bw") || KEY("bp")) {
		if (*e == '/' && parse_u32(e + 1, &e, &c))
			return -1;
		if (*e)
			return -1;
		if (KEY("bp")) {
			cfg->bp_seed = a;
			cfg->bp_percent = c ? c : SIM_DEFAULT_BP_PERCENT;
			return a && cfg->bp_percent <= 100 ? 0 : -1;
		}
		cfg->bw_beats = c ? a : 1;
		cfg->bw_cycles = c ? c : a;
		return a && cfg->bw_beats <= cfg->bw_cycles ? 0 : -1;
	}
	if (*e)
		return -1;
	if (KEY("latency"))
		cfg->rd_latency = cfg->wr_latency = a;
	else if (KEY("rd_latency"))
		cfg->rd_latency = a;
	else if (KEY("wr_latency"))
		cfg->wr_latency = a;
	else if (KEY("outstanding"))
		cfg->max_outstanding = a;
	else if (KEY("mhz") && a)
		*mhz = a;
	else
		return -1;
#undef KEY
	return 0;
}

static lpfpga_status parse_args(const char *args, struct lpf_sim_config *cfg, uint32_t *mhz,
				char *waves, struct lpf_err *err)
{
	char buf[1024], *save = NULL;

	if (strlen(args) >= sizeof(buf))
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "arguments longer than %zu characters", sizeof(buf) - 1);
	snprintf(buf, sizeof(buf), "%s", args);
	for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save))
		if (parse_arg(kv, cfg, mhz, waves))
			return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
					   "bad argument '%s' (known: latency=N, rd_latency=N, wr_latency=N, bw=N or B/N, bp=SEED[/PCT], outstanding=N, mhz=N, fault=slverr|decerr|stall|delay/r|w/BEAT[/DELAY], waves=PATH)",
					   kv);
	return LPFPGA_OK;
}

static void sim_close(struct lpf_bdev *b)
{
	if (!b)
		return;
	if (b->sim)
		b->lib.api->destroy(b->sim);
	lpf_hostmem_free_all(&b->mem);
	lpf_sim_lib_close(&b->lib);
	free(b);
}

static lpfpga_status sim_open(const char *args, struct lpf_bdev **out, struct lpf_err *err)
{
	struct lpf_sim_config cfg = {0};
	struct lpf_sim_dram_ops ops = {.read = lpf_hostmem_read, .write = lpf_hostmem_write};
	const char *env_waves = getenv("LPFPGA_WAVES");
	char waves[SIM_WAVES_MAX] = "", why[LPF_ERR_MSG_MAX];
	struct lpf_bdev *b;
	lpfpga_status st;

	b = calloc(1, sizeof(*b));
	if (!b)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	b->mhz = SIM_DEFAULT_MHZ;
	st = parse_args(args ? args : "", &cfg, &b->mhz, waves, err);
	if (st == LPFPGA_OK && !waves[0] && env_waves && *env_waves)
		snprintf(waves, sizeof(waves), "%s", env_waves);
	if (st == LPFPGA_OK)
		st = lpf_sim_lib_open(&b->lib, waves[0] != '\0', err);
	if (st != LPFPGA_OK) {
		free(b);
		return st;
	}
	cfg.waves = waves[0] ? waves : NULL;
	b->mem.who = "sim backend";
	ops.ctx = &b->mem;
	b->sim = b->lib.api->create(&cfg, &ops, why, sizeof(why));
	if (!b->sim) {
		st = lpf_err_set(err, LPFPGA_ERROR_NO_DEVICE, "%s: %s", b->lib.path, why);
		sim_close(b);
		return st;
	}
	b->regs = (struct lpf_regs){.rd = reg_rd, .wr = reg_wr, .ctx = b, .who = "sim backend"};
	*out = b;
	return LPFPGA_OK;
}

static lpfpga_status sim_caps(struct lpf_bdev *b, struct lpf_caps *caps, struct lpf_err *err)
{
	lpfpga_status st = lpf_regs_caps(&b->regs, caps, err);

	caps->units = 1;
	return st;
}

/* One simulated fabric: compute unit 0. */
static lpfpga_status check_unit(unsigned unit, struct lpf_err *err)
{
	if (unit == 0)
		return LPFPGA_OK;
	return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
			   "sim backend: compute unit %u does not exist (the device has 1)", unit);
}

static lpfpga_status sim_buf_alloc(struct lpf_bdev *b, size_t size, struct lpf_dbuf **out,
				   struct lpf_err *err)
{
	return lpf_hostmem_alloc(&b->mem, size, out, err);
}

static void sim_buf_free(struct lpf_bdev *b, struct lpf_dbuf *buf)
{
	lpf_hostmem_free(&b->mem, buf);
}

/* The simulated fabric reads and writes host memory through the callbacks. */
static lpfpga_status sim_buf_sync(struct lpf_bdev *b, struct lpf_dbuf *buf, size_t off,
				  size_t len, int to_device, struct lpf_err *err)
{
	(void)to_device;
	return lpf_hostmem_sync(&b->mem, buf, off, len, err);
}

static lpfpga_status sim_submit(struct lpf_bdev *b, unsigned unit, const struct lpf_job *job,
				struct lpf_err *err)
{
	lpfpga_status st = check_unit(unit, err);

	if (st == LPFPGA_OK)
		st = lpf_regs_submit(&b->regs, job, err);

	b->submitted = st == LPFPGA_OK;
	return st;
}

/*
 * Abort the job: soft reset, and lift the injected fault. Bursts the fabric already
 * issued stay queued and complete, as a real interconnect would deliver them; the
 * fabric must drain them (so no dram_flush here).
 */
static void sim_abort(struct lpf_bdev *b)
{
	reg_wr(b, LPF_REG_CTRL, LPF_REG_CTRL_SOFT_RESET_MASK);
	b->lib.api->set_fault(b->sim, NULL);
	reg_wr(b, LPF_REG_IRQ_STATUS, LPF_REG_IRQ_STATUS_DONE_MASK | LPF_REG_IRQ_STATUS_ERROR_MASK);
}

static lpfpga_status sim_wait(struct lpf_bdev *b, unsigned unit, int timeout_ms,
			      struct lpf_err *err)
{
	const uint64_t budget = timeout_ms < 0 ? UINT64_MAX
					       : (uint64_t)timeout_ms * b->mhz * 1000u;
	uint64_t spent = 0, ran = 0;
	uint32_t status = 0;
	int irq = 0;

	if (check_unit(unit, err) != LPFPGA_OK)
		return LPFPGA_ERROR_INVALID_ARGUMENT;
	if (!b->submitted)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "sim backend: wait without a submitted job");
	b->submitted = 0;
	do {
		uint64_t chunk = budget - spent < SIM_RUN_CHUNK ? budget - spent : SIM_RUN_CHUNK;

		irq = b->lib.api->run(b->sim, chunk, &ran);
		spent += ran;
	} while (!irq && spent < budget);
	if (!irq) {
		reg_rd(b, LPF_REG_STATUS, &status);
		sim_abort(b);
		return lpf_err_set(err, LPFPGA_ERROR_TIMEOUT,
				   "sim backend: the fabric did not finish within %d ms (%llu cycles at %u MHz simulated; STATUS 0x%x); the job was aborted with CTRL.SOFT_RESET",
				   timeout_ms, (unsigned long long)spent, b->mhz, status);
	}
	return lpf_regs_outcome(&b->regs, err);
}

static lpfpga_status sim_read_counters(struct lpf_bdev *b, unsigned unit, lpfpga_counters *c,
				       struct lpf_err *err)
{
	if (check_unit(unit, err) != LPFPGA_OK)
		return LPFPGA_ERROR_INVALID_ARGUMENT;
	return lpf_regs_counters(&b->regs, c, err);
}

const struct lpfpga_backend_ops lpf_sim_backend = {
	.name = "sim",
	.desc = "SystemVerilog fabric under Verilator (build/sim/liblpfpga_sim.so, `make sim`)",
	.probe = NULL,
	.open = sim_open,
	.close = sim_close,
	.caps = sim_caps,
	.buf_alloc = sim_buf_alloc,
	.buf_free = sim_buf_free,
	.buf_sync = sim_buf_sync,
	.submit = sim_submit,
	.wait = sim_wait,
	.read_counters = sim_read_counters,
};
