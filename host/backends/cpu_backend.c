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

#include "fabric/fabric_model.h"
#include "fabric/fabric_pool.h"
#include "runtime/backend.h"

/* More kernel threads than this only add synchronisation. */
#define CPU_MAX_THREADS 64

#define CPU_BUF_ALIGN 64

struct cpu_buf {
	struct lpf_dbuf d;
	struct cpu_buf *next;
};

struct lpf_bdev {
	struct lpf_fabric *fab;
	struct lpf_pool *pool;
	struct cpu_buf *bufs;
	struct cpu_buf *last_hit;      /* DMA tends to stay in one buffer */
};

static const char *const fabric_err_names[] = {
#define ERR_NAME(name) [LPF_ERR_##name] = #name
	ERR_NAME(NONE),           ERR_NAME(BAD_OPCODE),      ERR_NAME(BAD_FIELD),
	ERR_NAME(SRAM_RANGE),     ERR_NAME(DMA),             ERR_NAME(TOKEN_UNDERFLOW),
	ERR_NAME(TOKEN_LEFTOVER), ERR_NAME(CMD_FETCH),       ERR_NAME(POOL_WINDOW),
	ERR_NAME(KERNEL_RANGE),
#undef ERR_NAME
};

static const char *fabric_err_name(uint32_t code)
{
	if (code < sizeof(fabric_err_names) / sizeof(fabric_err_names[0]) &&
	    fabric_err_names[code])
		return fabric_err_names[code];
	return "UNKNOWN";
}

static int buf_contains(const struct cpu_buf *b, uint64_t addr, size_t n)
{
	return addr >= b->d.dev_addr && n <= b->d.size && addr - b->d.dev_addr <= b->d.size - n;
}

static uint8_t *dram_map(struct lpf_bdev *b, uint64_t addr, size_t n)
{
	struct cpu_buf *p = b->last_hit;

	if (!p || !buf_contains(p, addr, n)) {
		for (p = b->bufs; p && !buf_contains(p, addr, n); p = p->next)
			;
		if (!p)
			return NULL;
		b->last_hit = p;
	}
	return (uint8_t *)p->d.host + (addr - p->d.dev_addr);
}

static int dram_read(void *ctx, uint64_t addr, void *dst, size_t n)
{
	const uint8_t *src = dram_map(ctx, addr, n);

	if (!src)
		return -1;
	memcpy(dst, src, n);
	return 0;
}

static int dram_write(void *ctx, uint64_t addr, const void *src, size_t n)
{
	uint8_t *dst = dram_map(ctx, addr, n);

	if (!dst)
		return -1;
	memcpy(dst, src, n);
	return 0;
}

static void *dram_map_box(void *ctx, uint64_t addr, size_t n)
{
	return dram_map(ctx, addr, n);
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
	struct lpf_dram_ops ops = {.read = dram_read, .write = dram_write};
	struct lpf_bdev *b;
	lpfpga_status st;

	(void)args;
	b = calloc(1, sizeof(*b));
	if (!b)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "cpu backend: out of memory");
	ops.ctx = b;
	b->fab = lpf_fabric_new(&ops);
	if (!b->fab) {
		free(b);
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY,
				   "cpu backend: out of memory for the fabric model");
	}
	lpf_fabric_set_dram_map(b->fab, dram_map_box);
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
	struct cpu_buf *p, *next;

	if (!b)
		return;
	for (p = b->bufs; p; p = next) {
		next = p->next;
		free(p->d.host);
		free(p);
	}
	lpf_fabric_free(b->fab);
	lpf_pool_free(b->pool);
	free(b);
}

static uint32_t reg_field(uint32_t reg, uint32_t mask, uint32_t shift)
{
	return (reg & mask) >> shift;
}

static lpfpga_status cpu_caps(struct lpf_bdev *b, struct lpf_caps *caps, struct lpf_err *err)
{
	uint32_t cap0 = lpf_fabric_reg_read(b->fab, LPF_REG_CAP0);
	uint32_t cap1 = lpf_fabric_reg_read(b->fab, LPF_REG_CAP1);
	uint32_t cap2 = lpf_fabric_reg_read(b->fab, LPF_REG_CAP2);

	(void)err;
	memset(caps, 0, sizeof(*caps));
	caps->id = lpf_fabric_reg_read(b->fab, LPF_REG_ID);
	caps->version = lpf_fabric_reg_read(b->fab, LPF_REG_VERSION);
	caps->spec_hash = lpf_fabric_reg_read(b->fab, LPF_REG_SPEC_HASH);
	caps->pe_rows = reg_field(cap0, LPF_REG_CAP0_PE_ROWS_MASK, LPF_REG_CAP0_PE_ROWS_SHIFT);
	caps->pe_cols = reg_field(cap0, LPF_REG_CAP0_PE_COLS_MASK, LPF_REG_CAP0_PE_COLS_SHIFT);
	caps->inp_buf_bytes =
		reg_field(cap1, LPF_REG_CAP1_INP_KIB_MASK, LPF_REG_CAP1_INP_KIB_SHIFT) * 1024;
	caps->wgt_buf_bytes =
		reg_field(cap1, LPF_REG_CAP1_WGT_KIB_MASK, LPF_REG_CAP1_WGT_KIB_SHIFT) * 1024;
	caps->acc_buf_entries = reg_field(cap2, LPF_REG_CAP2_ACC_ENTRIES_DIV16_MASK,
					  LPF_REG_CAP2_ACC_ENTRIES_DIV16_SHIFT) * 16;
	caps->param_buf_entries = reg_field(cap2, LPF_REG_CAP2_PARAM_ENTRIES_MASK,
					    LPF_REG_CAP2_PARAM_ENTRIES_SHIFT);
	caps->features = lpf_fabric_reg_read(b->fab, LPF_REG_CAP3);
	return LPFPGA_OK;
}

static lpfpga_status cpu_buf_alloc(struct lpf_bdev *b, size_t size, struct lpf_dbuf **out,
				   struct lpf_err *err)
{
	size_t rounded = (size + CPU_BUF_ALIGN - 1) / CPU_BUF_ALIGN * CPU_BUF_ALIGN;
	struct cpu_buf *p;

	if (rounded < size)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "cpu backend: buffer of %zu bytes is too large", size);
	if (rounded == 0)
		rounded = CPU_BUF_ALIGN;
	p = calloc(1, sizeof(*p));
	if (p)
		p->d.host = aligned_alloc(CPU_BUF_ALIGN, rounded);
	if (!p || !p->d.host) {
		free(p);
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY,
				   "cpu backend: cannot allocate a buffer of %zu bytes", size);
	}
	memset(p->d.host, 0, rounded);
	p->d.dev_addr = (uint64_t)(uintptr_t)p->d.host;
	p->d.size = size;
	p->d.priv = p;
	p->next = b->bufs;
	b->bufs = p;
	*out = &p->d;
	return LPFPGA_OK;
}

static void cpu_buf_free(struct lpf_bdev *b, struct lpf_dbuf *buf)
{
	struct cpu_buf **pp;

	if (!buf)
		return;
	for (pp = &b->bufs; *pp; pp = &(*pp)->next) {
		if (&(*pp)->d == buf) {
			struct cpu_buf *p = *pp;

			*pp = p->next;
			if (b->last_hit == p)
				b->last_hit = NULL;
			free(p->d.host);
			free(p);
			return;
		}
	}
}

/* Host memory is the device memory: nothing to flush or invalidate. */
static lpfpga_status cpu_buf_sync(struct lpf_bdev *b, struct lpf_dbuf *buf, size_t off,
				  size_t len, int to_device, struct lpf_err *err)
{
	(void)b;
	(void)to_device;
	if (off > buf->size || len > buf->size - off)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "cpu backend: sync of [%zu, +%zu) outside a %zu-byte buffer",
				   off, len, buf->size);
	return LPFPGA_OK;
}

static lpfpga_status cpu_submit(struct lpf_bdev *b, const struct lpf_job *job,
				struct lpf_err *err)
{
	const uint32_t seg_stride = LPF_REG_SEG1_LO - LPF_REG_SEG0_LO;

	(void)err;
	for (uint32_t s = 0; s < LPF_NUM_SEGS; s++) {
		lpf_fabric_reg_write(b->fab, LPF_REG_SEG0_LO + s * seg_stride,
				     (uint32_t)job->seg_base[s]);
		lpf_fabric_reg_write(b->fab, LPF_REG_SEG0_HI + s * seg_stride,
				     (uint32_t)(job->seg_base[s] >> 32));
	}
	lpf_fabric_reg_write(b->fab, LPF_REG_CMD_BASE_LO, (uint32_t)job->cmd_addr);
	lpf_fabric_reg_write(b->fab, LPF_REG_CMD_BASE_HI, (uint32_t)(job->cmd_addr >> 32));
	lpf_fabric_reg_write(b->fab, LPF_REG_CMD_LEN, job->n_insns);
	lpf_fabric_reg_write(b->fab, LPF_REG_IRQ_ENABLE,
			     LPF_REG_IRQ_ENABLE_DONE_MASK | LPF_REG_IRQ_ENABLE_ERROR_MASK);
	lpf_fabric_reg_write(b->fab, LPF_REG_IRQ_STATUS,
			     LPF_REG_IRQ_STATUS_DONE_MASK | LPF_REG_IRQ_STATUS_ERROR_MASK);
	lpf_fabric_reg_write(b->fab, LPF_REG_CTRL, LPF_REG_CTRL_START_MASK);
	return LPFPGA_OK;
}

static lpfpga_status cpu_wait(struct lpf_bdev *b, int timeout_ms, struct lpf_err *err)
{
	uint32_t status = lpf_fabric_reg_read(b->fab, LPF_REG_STATUS);

	(void)timeout_ms;
	if (status & LPF_REG_STATUS_ERROR_MASK) {
		uint32_t code = lpf_fabric_reg_read(b->fab, LPF_REG_ERR_CODE);
		uint32_t pc = lpf_fabric_reg_read(b->fab, LPF_REG_ERR_PC);

		return lpf_err_set(err, LPFPGA_ERROR_DEVICE, "fabric error %s at instruction %u",
				   fabric_err_name(code), pc);
	}
	if (!(status & LPF_REG_STATUS_DONE_MASK))
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "cpu backend: wait without a submitted job");
	return LPFPGA_OK;
}

static uint64_t reg_read64(struct lpf_bdev *b, uint32_t lo, uint32_t hi)
{
	return (uint64_t)lpf_fabric_reg_read(b->fab, hi) << 32 | lpf_fabric_reg_read(b->fab, lo);
}

static lpfpga_status cpu_read_counters(struct lpf_bdev *b, lpfpga_counters *c,
				       struct lpf_err *err)
{
	(void)err;
	c->busy_cycles = reg_read64(b, LPF_REG_PERF_BUSY_LO, LPF_REG_PERF_BUSY_HI);
	c->macs = reg_read64(b, LPF_REG_PERF_MACS_LO, LPF_REG_PERF_MACS_HI);
	c->stall_cycles = reg_read64(b, LPF_REG_PERF_STALL_LO, LPF_REG_PERF_STALL_HI);
	c->dram_read_bytes = reg_read64(b, LPF_REG_PERF_RD_BYTES_LO, LPF_REG_PERF_RD_BYTES_HI);
	c->dram_write_bytes = reg_read64(b, LPF_REG_PERF_WR_BYTES_LO, LPF_REG_PERF_WR_BYTES_HI);
	c->jobs = 1;
	return LPFPGA_OK;
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
