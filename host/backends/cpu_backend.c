/* SPDX-License-Identifier: MIT */
/*
 * The cpu backend: the golden fabric model (host/fabric) on host memory. A device
 * address is the host pointer of the buffer; the model's DMA may only touch bytes
 * inside buffers allocated on the same device, anything else is a DECERR. Every
 * device is independent; there is no global state.
 *
 * A device has one compute unit (a fabric model with its own registers and buffers)
 * per thread. submit only records a unit's job; the first wait runs every recorded
 * job: one job alone splits its CONV work over the device's thread pool, several
 * run side by side on it, one thread each (docs/cpu-backend.md). The model computes
 * with the fastest kernel this CPU runs; the environment overrides both choices at
 * open: LPFPGA_CPU_KERNEL=portable|avx2|avx512vnni and LPFPGA_THREADS=N (default:
 * the online cores). Results are the same bits for every choice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backends/hostmem.h"
#include "backends/regs.h"
#include "fabric/fabric_model.h"
#include "fabric/fabric_pool.h"
#include "runtime/backend.h"

/* More kernel threads than this only add synchronisation. */
#define CPU_MAX_THREADS 64

enum unit_state { UNIT_IDLE, UNIT_PENDING, UNIT_RAN };

struct cpu_unit {
	struct lpf_fabric *fab;
	struct lpf_regs regs;
	struct lpf_job job;
	enum unit_state state;
	lpfpga_status run_st;           /* of the register writes that ran the job */
	struct lpf_err run_err;
};

struct lpf_bdev {
	struct lpf_pool *pool;
	struct lpf_hostmem mem;
	unsigned n_units;
	struct cpu_unit *unit;
	unsigned *batch;                /* units of the jobs being run together */
};

static int reg_rd(void *ctx, uint32_t offset, uint32_t *value)
{
	*value = lpf_fabric_reg_read(ctx, offset);
	return 0;
}

static int reg_wr(void *ctx, uint32_t offset, uint32_t value)
{
	lpf_fabric_reg_write(ctx, offset, value);
	return 0;
}

static void *dram_map(void *ctx, uint64_t addr, size_t n)
{
	return lpf_hostmem_map(ctx, addr, n);
}

static lpfpga_status parse_kernel(enum lpf_fabric_kernel *k, struct lpf_err *err)
{
	const char *name = getenv("LPFPGA_CPU_KERNEL");

	*k = lpf_fabric_kernel_best();
	if (!name || !*name)
		return LPFPGA_OK;
	if (lpf_fabric_kernel_parse(name, k))
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "cpu backend: LPFPGA_CPU_KERNEL='%s' is not one of portable, "
				   "avx2, avx512vnni", name);
	if (!lpf_fabric_kernel_supported(*k))
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "cpu backend: LPFPGA_CPU_KERNEL=%s, but this CPU cannot run it",
				   name);
	return LPFPGA_OK;
}

static lpfpga_status parse_threads(unsigned *out, struct lpf_err *err)
{
	const char *env = getenv("LPFPGA_THREADS");
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	char *end;

	if (env && *env) {
		n = strtol(env, &end, 10);
		if (*end || n < 1 || n > CPU_MAX_THREADS)
			return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
					   "cpu backend: LPFPGA_THREADS='%s' is not a number "
					   "from 1 to %d", env, CPU_MAX_THREADS);
	}
	if (n < 1)
		n = 1;
	if (n > CPU_MAX_THREADS)
		n = CPU_MAX_THREADS;
	*out = (unsigned)n;
	return LPFPGA_OK;
}

static void cpu_close(struct lpf_bdev *b);

static lpfpga_status open_units(struct lpf_bdev *b, enum lpf_fabric_kernel k,
				struct lpf_err *err)
{
	struct lpf_dram_ops ops = {.read = lpf_hostmem_read, .write = lpf_hostmem_write,
				   .ctx = &b->mem};

	for (unsigned u = 0; u < b->n_units; u++) {
		struct cpu_unit *cu = &b->unit[u];

		cu->fab = lpf_fabric_new(&ops);
		if (!cu->fab)
			return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY,
					   "cpu backend: out of memory for the fabric model");
		cu->regs = (struct lpf_regs){.rd = reg_rd, .wr = reg_wr, .ctx = cu->fab,
					     .who = "cpu backend"};
		lpf_fabric_set_dram_map(cu->fab, dram_map);
		lpf_fabric_set_kernel(cu->fab, k);
	}
	if (b->n_units > 1) {
		b->pool = lpf_pool_new(b->n_units);
		if (!b->pool)
			return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY,
					   "cpu backend: cannot start %u kernel threads",
					   b->n_units);
	}
	return LPFPGA_OK;
}

static lpfpga_status cpu_open(const char *args, struct lpf_bdev **out, struct lpf_err *err)
{
	enum lpf_fabric_kernel k;
	struct lpf_bdev *b;
	lpfpga_status st;
	unsigned n = 1;

	(void)args;
	st = parse_kernel(&k, err);
	if (st == LPFPGA_OK)
		st = parse_threads(&n, err);
	if (st != LPFPGA_OK)
		return st;
	b = calloc(1, sizeof(*b));
	if (b) {
		b->unit = calloc(n, sizeof(*b->unit));
		b->batch = calloc(n, sizeof(*b->batch));
	}
	if (!b || !b->unit || !b->batch) {
		cpu_close(b);
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "cpu backend: out of memory");
	}
	b->mem.who = "cpu backend";
	b->n_units = n;
	st = open_units(b, k, err);
	if (st != LPFPGA_OK) {
		cpu_close(b);
		return st;
	}
	*out = b;
	return LPFPGA_OK;
}

static void cpu_close(struct lpf_bdev *b)
{
	if (!b)
		return;
	lpf_hostmem_free_all(&b->mem);
	for (unsigned u = 0; b->unit && u < b->n_units; u++)
		lpf_fabric_free(b->unit[u].fab);
	lpf_pool_free(b->pool);
	free(b->unit);
	free(b->batch);
	free(b);
}

static lpfpga_status cpu_caps(struct lpf_bdev *b, struct lpf_caps *caps, struct lpf_err *err)
{
	lpfpga_status st = lpf_regs_caps(&b->unit[0].regs, caps, err);

	caps->units = b->n_units;
	return st;
}

static lpfpga_status cpu_buf_alloc(struct lpf_bdev *b, size_t size, struct lpf_dbuf **out,
				   struct lpf_err *err)
{
	return lpf_hostmem_alloc(&b->mem, size, out, err);
}

static void cpu_buf_free(struct lpf_bdev *b, struct lpf_dbuf *buf)
{
	lpf_hostmem_free(&b->mem, buf);
}

static lpfpga_status cpu_buf_sync(struct lpf_bdev *b, struct lpf_dbuf *buf, size_t off,
				  size_t len, int to_device, struct lpf_err *err)
{
	(void)to_device;
	return lpf_hostmem_sync(&b->mem, buf, off, len, err);
}

static lpfpga_status check_unit(const struct lpf_bdev *b, unsigned unit, struct lpf_err *err)
{
	if (unit < b->n_units)
		return LPFPGA_OK;
	return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
			   "cpu backend: compute unit %u does not exist (the device has %u)", unit,
			   b->n_units);
}

static lpfpga_status cpu_submit(struct lpf_bdev *b, unsigned unit, const struct lpf_job *job,
				struct lpf_err *err)
{
	lpfpga_status st = check_unit(b, unit, err);

	if (st != LPFPGA_OK)
		return st;
	if (b->unit[unit].state != UNIT_IDLE)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "cpu backend: compute unit %u already has a job", unit);
	b->unit[unit].job = *job;
	b->unit[unit].state = UNIT_PENDING;
	return LPFPGA_OK;
}

/* The model runs the whole job inside the START write. */
static void run_unit(struct cpu_unit *cu)
{
	lpf_err_clear(&cu->run_err);
	cu->run_st = lpf_regs_submit(&cu->regs, &cu->job, &cu->run_err);
	cu->state = UNIT_RAN;
}

static void run_batched(void *ctx, unsigned i)
{
	struct lpf_bdev *b = ctx;

	run_unit(&b->unit[b->batch[i]]);
}

/* Run every pending job: one alone gets the pool for its CONVs, several share it. */
static void run_pending(struct lpf_bdev *b)
{
	unsigned n = 0;

	for (unsigned u = 0; u < b->n_units; u++)
		if (b->unit[u].state == UNIT_PENDING)
			b->batch[n++] = u;
	for (unsigned i = 0; i < n; i++)
		lpf_fabric_set_pool(b->unit[b->batch[i]].fab, n == 1 ? b->pool : NULL);
	if (n == 1)
		run_unit(&b->unit[b->batch[0]]);
	else
		lpf_pool_run(b->pool, n, run_batched, b);
}

static lpfpga_status cpu_wait(struct lpf_bdev *b, unsigned unit, int timeout_ms,
			      struct lpf_err *err)
{
	lpfpga_status st = check_unit(b, unit, err);
	struct cpu_unit *cu;

	(void)timeout_ms;
	if (st != LPFPGA_OK)
		return st;
	cu = &b->unit[unit];
	if (cu->state == UNIT_IDLE)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "cpu backend: wait without a submitted job");
	if (cu->state == UNIT_PENDING)
		run_pending(b);
	cu->state = UNIT_IDLE;
	if (cu->run_st != LPFPGA_OK) {
		*err = cu->run_err;
		return cu->run_st;
	}
	return lpf_regs_outcome(&cu->regs, err);
}

static lpfpga_status cpu_read_counters(struct lpf_bdev *b, unsigned unit, lpfpga_counters *c,
				       struct lpf_err *err)
{
	lpfpga_status st = check_unit(b, unit, err);

	return st != LPFPGA_OK ? st : lpf_regs_counters(&b->unit[unit].regs, c, err);
}

const struct lpfpga_backend_ops lpf_cpu_backend = {
	.name = "cpu",
	.desc = "golden fabric model on the host CPU",
	.probe = NULL,
	.open = cpu_open,
	.close = cpu_close,
	.caps = cpu_caps,
	.buf_alloc = cpu_buf_alloc,
	.buf_free = cpu_buf_free,
	.buf_sync = cpu_buf_sync,
	.submit = cpu_submit,
	.wait = cpu_wait,
	.read_counters = cpu_read_counters,
};
