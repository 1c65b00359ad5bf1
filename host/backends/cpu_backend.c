/* SPDX-License-Identifier: MIT */
/*
 * The cpu backend: the golden fabric model (host/fabric) on host memory. A device
 * address is the host pointer of the buffer; the model's DMA may only touch bytes
 * inside buffers allocated on the same device, anything else is a DECERR. Jobs run
 * synchronously inside submit. Every device is independent; there is no global
 * state.
 *
 * The model computes with the fastest kernel this CPU runs and splits CONV work over
 * a thread pool owned by the device (docs/cpu-backend.md); the environment
 * overrides both at open: LPFPGA_CPU_KERNEL=portable|avx2|avx512vnni and
 * LPFPGA_THREADS=N (default: the online cores). Results are the same bits for
 * every choice.
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

struct lpf_bdev {
	struct lpf_fabric *fab;
	struct lpf_pool *pool;
	struct lpf_hostmem mem;
	struct lpf_regs regs;
	int submitted;
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

static lpfpga_status choose_kernel(struct lpf_bdev *b, struct lpf_err *err)
{
	const char *name = getenv("LPFPGA_CPU_KERNEL");
	enum lpf_fabric_kernel k = lpf_fabric_kernel_best();

	if (name && *name && lpf_fabric_kernel_parse(name, &k))
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "cpu backend: LPFPGA_CPU_KERNEL='%s' is not one of portable, "
				   "avx2, avx512vnni", name);
	if (lpf_fabric_set_kernel(b->fab, k))
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "cpu backend: LPFPGA_CPU_KERNEL=%s, but this CPU cannot run it",
				   name);
	return LPFPGA_OK;
}

static lpfpga_status start_threads(struct lpf_bdev *b, struct lpf_err *err)
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
	if (n == 1)
		return LPFPGA_OK;
	b->pool = lpf_pool_new((unsigned)n);
	if (!b->pool)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY,
				   "cpu backend: cannot start %ld kernel threads", n);
	lpf_fabric_set_pool(b->fab, b->pool);
	return LPFPGA_OK;
}

static void cpu_close(struct lpf_bdev *b);

static lpfpga_status cpu_open(const char *args, struct lpf_bdev **out, struct lpf_err *err)
{
	struct lpf_dram_ops ops = {.read = lpf_hostmem_read, .write = lpf_hostmem_write};
	struct lpf_bdev *b;
	lpfpga_status st;

	(void)args;
	b = calloc(1, sizeof(*b));
	if (!b)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "cpu backend: out of memory");
	b->mem.who = "cpu backend";
	ops.ctx = &b->mem;
	b->fab = lpf_fabric_new(&ops);
	if (!b->fab) {
		free(b);
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY,
				   "cpu backend: out of memory for the fabric model");
	}
	b->regs = (struct lpf_regs){.rd = reg_rd, .wr = reg_wr, .ctx = b->fab, .who = "cpu backend"};
	lpf_fabric_set_dram_map(b->fab, dram_map);
	st = choose_kernel(b, err);
	if (st == LPFPGA_OK)
		st = start_threads(b, err);
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
	lpf_fabric_free(b->fab);
	lpf_pool_free(b->pool);
	free(b);
}

static lpfpga_status cpu_caps(struct lpf_bdev *b, struct lpf_caps *caps, struct lpf_err *err)
{
	return lpf_regs_caps(&b->regs, caps, err);
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

/* The model runs the whole job inside the START write. */
static lpfpga_status cpu_submit(struct lpf_bdev *b, const struct lpf_job *job,
				struct lpf_err *err)
{
	lpfpga_status st = lpf_regs_submit(&b->regs, job, err);

	b->submitted = st == LPFPGA_OK;
	return st;
}

static lpfpga_status cpu_wait(struct lpf_bdev *b, int timeout_ms, struct lpf_err *err)
{
	(void)timeout_ms;
	if (!b->submitted)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "cpu backend: wait without a submitted job");
	b->submitted = 0;
	return lpf_regs_outcome(&b->regs, err);
}

static lpfpga_status cpu_read_counters(struct lpf_bdev *b, lpfpga_counters *c,
				       struct lpf_err *err)
{
	return lpf_regs_counters(&b->regs, c, err);
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
