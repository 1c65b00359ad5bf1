/* SPDX-License-Identifier: MIT */
/*
 * The golden model of the fabric: registers, on-chip buffers, dependency tokens
 * and an interpreter of the command stream, bit-exact with the arithmetic
 * contract (docs/arithmetic.md). It is driven through its AXI-Lite register view
 * exactly as a driver drives a board; DRAM is reached through callbacks, so the
 * same model serves the cpu backend, tests and device models.
 */
#ifndef LPF_FABRIC_MODEL_H
#define LPF_FABRIC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lpf_fabric;
struct lpf_pool;

/*
 * How CONV and POST are computed on this host. Every kernel gives the same bits;
 * PORTABLE is the plain C reference, the others use SIMD when the CPU has it.
 */
enum lpf_fabric_kernel {
	LPF_FABRIC_KERNEL_PORTABLE,
	LPF_FABRIC_KERNEL_AVX2,
	LPF_FABRIC_KERNEL_AVX512VNNI,
	LPF_FABRIC_KERNEL_COUNT,
};

/* DRAM as the fabric's AXI master sees it. Return 0, or -1 for SLVERR/DECERR. */
struct lpf_dram_ops {
	int (*read)(void *ctx, uint64_t addr, void *dst, size_t n);
	int (*write)(void *ctx, uint64_t addr, const void *src, size_t n);
	void *ctx;
};

/*
 * Optional: the host address of DRAM [addr, addr + n) if those bytes are plain
 * memory that read/write would copy from/to, else NULL. Called with the ops' ctx.
 */
typedef void *(*lpf_dram_map_fn)(void *ctx, uint64_t addr, size_t n);

struct lpf_fabric *lpf_fabric_new(const struct lpf_dram_ops *dram);
void lpf_fabric_free(struct lpf_fabric *f);

/*
 * AXI-Lite access at a byte offset of the register map (LPF_REG_*). Writing
 * CTRL.START runs the whole command stream before returning (the model has no
 * notion of time); STATUS, ERR_CODE, ERR_PC, IRQ_STATUS and the PERF counters
 * then hold the outcome. Unknown offsets read 0 and ignore writes.
 */
uint32_t lpf_fabric_reg_read(struct lpf_fabric *f, uint32_t offset);
void lpf_fabric_reg_write(struct lpf_fabric *f, uint32_t offset, uint32_t value);

/* Name of a kernel ("portable", "avx2", "avx512vnni"); parse returns -1 if unknown. */
const char *lpf_fabric_kernel_name(enum lpf_fabric_kernel k);
int lpf_fabric_kernel_parse(const char *name, enum lpf_fabric_kernel *out);

/* Whether this CPU runs kernel k, and the fastest kernel it runs. */
bool lpf_fabric_kernel_supported(enum lpf_fabric_kernel k);
enum lpf_fabric_kernel lpf_fabric_kernel_best(void);

/*
 * Select the kernel of a fabric (a new fabric uses PORTABLE). Returns 0, or -1 if
 * the CPU cannot run it (the selection is then unchanged).
 */
int lpf_fabric_set_kernel(struct lpf_fabric *f, enum lpf_fabric_kernel k);
enum lpf_fabric_kernel lpf_fabric_get_kernel(const struct lpf_fabric *f);

/*
 * Let CONV split its work over a thread pool (fabric_pool.h; NULL: the calling
 * thread only). The pool is the caller's and must outlive its use by the fabric.
 */
void lpf_fabric_set_pool(struct lpf_fabric *f, struct lpf_pool *pool);

/* With a map function, LOAD and STORE copy whole boxes without a callback per row. */
void lpf_fabric_set_dram_map(struct lpf_fabric *f, lpf_dram_map_fn map);

#endif
