/* SPDX-License-Identifier: MIT */
#include "backends/hostmem.h"

#include <stdlib.h>
#include <string.h>

#define HOSTMEM_ALIGN 64

struct lpf_hostmem_buf {
	struct lpf_dbuf d;
	size_t reach;                   /* allocated bytes: whole AXI beats may touch the tail */
	struct lpf_hostmem_buf *next;
};

lpfpga_status lpf_hostmem_alloc(struct lpf_hostmem *m, size_t size, struct lpf_dbuf **out,
				struct lpf_err *err)
{
	size_t rounded = (size + HOSTMEM_ALIGN - 1) / HOSTMEM_ALIGN * HOSTMEM_ALIGN;
	struct lpf_hostmem_buf *p;

	if (rounded < size)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "%s: buffer of %zu bytes is too large", m->who, size);
	if (rounded == 0)
		rounded = HOSTMEM_ALIGN;
	p = calloc(1, sizeof(*p));
	if (p)
		p->d.host = aligned_alloc(HOSTMEM_ALIGN, rounded);
	if (!p || !p->d.host) {
		free(p);
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY,
				   "%s: cannot allocate a buffer of %zu bytes", m->who, size);
	}
	memset(p->d.host, 0, rounded);
	p->d.dev_addr = (uint64_t)(uintptr_t)p->d.host;
	p->d.size = size;
	p->d.priv = p;
	p->reach = rounded;
	p->next = m->bufs;
	m->bufs = p;
	*out = &p->d;
	return LPFPGA_OK;
}

void lpf_hostmem_free(struct lpf_hostmem *m, struct lpf_dbuf *buf)
{
	for (struct lpf_hostmem_buf **pp = &m->bufs; buf && *pp; pp = &(*pp)->next) {
		struct lpf_hostmem_buf *p = *pp;

		if (&p->d != buf)
			continue;
		*pp = p->next;
		free(p->d.host);
		free(p);
		return;
	}
}

void lpf_hostmem_free_all(struct lpf_hostmem *m)
{
	while (m->bufs)
		lpf_hostmem_free(m, &m->bufs->d);
}

static int contains(const struct lpf_hostmem_buf *b, uint64_t addr, size_t n)
{
	return addr >= b->d.dev_addr && n <= b->reach && addr - b->d.dev_addr <= b->reach - n;
}

void *lpf_hostmem_map(struct lpf_hostmem *m, uint64_t addr, size_t n)
{
	struct lpf_hostmem_buf *p;

	for (p = m->bufs; p && !contains(p, addr, n); p = p->next)
		;
	if (!p)
		return NULL;
	return (uint8_t *)p->d.host + (addr - p->d.dev_addr);
}

int lpf_hostmem_read(void *ctx, uint64_t addr, void *dst, size_t n)
{
	const void *src = lpf_hostmem_map(ctx, addr, n);

	if (!src)
		return -1;
	memcpy(dst, src, n);
	return 0;
}

int lpf_hostmem_write(void *ctx, uint64_t addr, const void *src, size_t n)
{
	void *dst = lpf_hostmem_map(ctx, addr, n);

	if (!dst)
		return -1;
	memcpy(dst, src, n);
	return 0;
}

lpfpga_status lpf_hostmem_sync(struct lpf_hostmem *m, struct lpf_dbuf *buf, size_t off,
			       size_t len, struct lpf_err *err)
{
	if (off > buf->size || len > buf->size - off)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "%s: sync of [%zu, +%zu) outside a %zu-byte buffer", m->who, off,
				   len, buf->size);
	return LPFPGA_OK;
}
