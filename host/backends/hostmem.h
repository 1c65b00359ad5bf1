/* SPDX-License-Identifier: MIT */
/*
 * Device memory that is host memory: for backends whose fabric reaches DRAM through
 * callbacks (the cpu golden model, the Verilated RTL). A buffer's device address is
 * its host pointer; an access that is not wholly inside one allocated buffer of the
 * same table fails, which the fabric sees as DECERR. Lookups only read the table, so
 * the compute units of one device may run at the same time.
 */
#ifndef LPF_HOSTMEM_H
#define LPF_HOSTMEM_H

#include <stddef.h>
#include <stdint.h>

#include "runtime/backend.h"

struct lpf_hostmem_buf;

struct lpf_hostmem {
	const char *who;                /* "cpu backend", for messages */
	struct lpf_hostmem_buf *bufs;
};

/* A zeroed buffer of size bytes; the fabric may reach it rounded up to 64 bytes. */
lpfpga_status lpf_hostmem_alloc(struct lpf_hostmem *m, size_t size, struct lpf_dbuf **out,
				struct lpf_err *err);
void lpf_hostmem_free(struct lpf_hostmem *m, struct lpf_dbuf *buf);
void lpf_hostmem_free_all(struct lpf_hostmem *m);

/* Host pointer of [addr, addr+n) if it lies inside one buffer, else NULL. */
void *lpf_hostmem_map(struct lpf_hostmem *m, uint64_t addr, size_t n);

/* DRAM callbacks (ctx = the struct lpf_hostmem): 0, or -1 outside every buffer. */
int lpf_hostmem_read(void *ctx, uint64_t addr, void *dst, size_t n);
int lpf_hostmem_write(void *ctx, uint64_t addr, const void *src, size_t n);

/* Host memory needs no cache maintenance: only the range is checked. */
lpfpga_status lpf_hostmem_sync(struct lpf_hostmem *m, struct lpf_dbuf *buf, size_t off,
			       size_t len, struct lpf_err *err);

#endif
