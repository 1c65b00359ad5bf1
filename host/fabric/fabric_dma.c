/* SPDX-License-Identifier: MIT */
/* The load unit (LOAD: DRAM -> INP/WGT/PARAM) and the store unit (STORE: OUT -> DRAM). */
#include <string.h>

#include "fabric/fabric_internal.h"

static uint8_t *load_target(struct lpf_fabric *f, uint32_t buf, uint64_t *size)
{
	switch (buf) {
	case LPF_BUF_INP:
		*size = sizeof(f->inp);
		return f->inp;
	case LPF_BUF_WGT:
		*size = sizeof(f->wgt);
		return f->wgt;
	case LPF_BUF_PARAM:
		*size = sizeof(f->param);
		return f->param;
	default:
		return NULL;
	}
}

/* One source row of x_size bytes into dst: a single burst when the row is dense. */
static int read_row(struct lpf_fabric *f, uint64_t addr, uint32_t x_size, uint32_t x_stride,
		    uint8_t *dst)
{
	if (x_stride == 1)
		return f->dram.read(f->dram.ctx, addr, dst, x_size);
	for (uint32_t x = 0; x < x_size; x++)
		if (f->dram.read(f->dram.ctx, addr + (uint64_t)x * x_stride, dst + x, 1))
			return -1;
	return 0;
}

/*
 * The host mapping of a whole strided box, when the DRAM callbacks offer one and
 * the box lies in one mapping; NULL otherwise (then rows go through read/write).
 */
static uint8_t *map_box(struct lpf_fabric *f, uint64_t base, uint32_t xn, uint32_t yn,
			uint32_t zn, uint32_t xs, uint32_t ys, uint32_t zs, uint32_t elem)
{
	uint64_t extent = (uint64_t)(zn - 1) * zs + (uint64_t)(yn - 1) * ys +
			  (uint64_t)(xn - 1) * xs + elem;

	if (!f->dram_map || extent > SIZE_MAX)
		return NULL;
	return f->dram_map(f->dram.ctx, base, (size_t)extent);
}

static void copy_in(const struct lpf_insn_load *in, const uint8_t *src, uint8_t *buf,
		    uint64_t plane_h, uint64_t row_w)
{
	for (uint32_t z = 0; z < in->z_size; z++) {
		for (uint32_t y = 0; y < in->y_size; y++) {
			const uint8_t *s = src + (uint64_t)z * in->z_stride +
					   (uint64_t)y * in->y_stride;
			uint8_t *dst = buf + (z * plane_h + in->pad_y0 + y) * row_w + in->pad_x0;

			if (in->x_stride == 1) {
				memcpy(dst, s, in->x_size);
				continue;
			}
			for (uint32_t x = 0; x < in->x_size; x++)
				dst[x] = s[(uint64_t)x * in->x_stride];
		}
	}
}

/* The WGT buffer changes: packed weights must be checked again (fabric_wpack.c). */
static void note_wgt_load(struct lpf_fabric *f, uint32_t sram_off, uint64_t addr)
{
	f->wgt_gen++;
	f->wgt_src[f->wgt_src_next].sram_off = sram_off;
	f->wgt_src[f->wgt_src_next].addr = addr;
	f->wgt_src_next = (f->wgt_src_next + 1) % LPF_FAB_WGT_SRCS;
}

uint32_t lpf_fab_load(struct lpf_fabric *f, const struct lpf_insn_load *in)
{
	const uint64_t row_w = (uint64_t)in->pad_x0 + in->x_size + in->pad_x1;
	const uint64_t plane_h = (uint64_t)in->pad_y0 + in->y_size + in->pad_y1;
	const uint64_t total = (uint64_t)in->z_size * plane_h * row_w;
	uint64_t buf_size, base;
	const uint8_t *src;
	uint8_t *buf;

	buf = load_target(f, in->buf, &buf_size);
	if (!buf || in->seg >= LPF_NUM_SEGS || !in->x_size || !in->y_size || !in->z_size)
		return LPF_ERR_BAD_FIELD;
	if (!lpf_fab_fits(in->sram_off, total, buf_size))
		return LPF_ERR_SRAM_RANGE;

	buf += in->sram_off;
	base = lpf_fab_seg_base(f, in->seg) + in->dram_off;
	/* Without padding a mapped copy writes every byte; the row path may stop early. */
	src = map_box(f, base, in->x_size, in->y_size, in->z_size, in->x_stride, in->y_stride,
		      in->z_stride, 1);
	if (!src || in->pad_x0 || in->pad_x1 || in->pad_y0 || in->pad_y1)
		memset(buf, (int)in->pad_value, total);
	if (in->buf == LPF_BUF_WGT)
		note_wgt_load(f, in->sram_off, base);
	if (src) {
		copy_in(in, src, buf, plane_h, row_w);
		f->perf.rd_bytes += (uint64_t)in->x_size * in->y_size * in->z_size;
		return LPF_ERR_NONE;
	}
	for (uint32_t z = 0; z < in->z_size; z++) {
		for (uint32_t y = 0; y < in->y_size; y++) {
			uint64_t addr = base + (uint64_t)z * in->z_stride +
					(uint64_t)y * in->y_stride;
			uint8_t *dst = buf + (z * plane_h + in->pad_y0 + y) * row_w + in->pad_x0;

			if (read_row(f, addr, in->x_size, in->x_stride, dst))
				return LPF_ERR_DMA;
		}
	}
	f->perf.rd_bytes += (uint64_t)in->x_size * in->y_size * in->z_size;
	return LPF_ERR_NONE;
}

static void copy_out(const struct lpf_insn_store *in, const uint8_t *src, uint8_t *dst,
		     uint32_t elem)
{
	const uint64_t row_bytes = (uint64_t)in->x_size * elem;

	for (uint32_t z = 0; z < in->z_size; z++) {
		for (uint32_t y = 0; y < in->y_size; y++, src += row_bytes) {
			uint8_t *d = dst + (uint64_t)z * in->z_stride + (uint64_t)y * in->y_stride;

			if (in->x_stride == elem) {
				memcpy(d, src, row_bytes);
				continue;
			}
			for (uint64_t x = 0; x < in->x_size; x++)
				memcpy(d + x * in->x_stride, src + x * elem, elem);
		}
	}
}

uint32_t lpf_fab_store(struct lpf_fabric *f, const struct lpf_insn_store *in)
{
	const uint32_t elem = 1u << in->elem_log2;
	const uint64_t row_bytes = (uint64_t)in->x_size * elem;
	const uint64_t total = row_bytes * in->y_size * in->z_size;
	const uint8_t *src;
	uint8_t *dst;
	uint64_t base;

	if (in->seg >= LPF_NUM_SEGS || (in->elem_log2 != 0 && in->elem_log2 != 2) ||
	    !in->x_size || !in->y_size || !in->z_size || in->x_stride < elem)
		return LPF_ERR_BAD_FIELD;
	if (!lpf_fab_fits(in->sram_off, total, sizeof(f->out)))
		return LPF_ERR_SRAM_RANGE;

	src = f->out + in->sram_off;
	base = lpf_fab_seg_base(f, in->seg) + in->dram_off;
	dst = map_box(f, base, in->x_size, in->y_size, in->z_size, in->x_stride, in->y_stride,
		      in->z_stride, elem);
	if (dst) {
		copy_out(in, src, dst, elem);
		f->perf.wr_bytes += total;
		return LPF_ERR_NONE;
	}
	for (uint32_t z = 0; z < in->z_size; z++) {
		for (uint32_t y = 0; y < in->y_size; y++) {
			uint64_t addr = base + (uint64_t)z * in->z_stride +
					(uint64_t)y * in->y_stride;

			if (in->x_stride == elem) {
				if (f->dram.write(f->dram.ctx, addr, src, row_bytes))
					return LPF_ERR_DMA;
				src += row_bytes;
				continue;
			}
			for (uint32_t x = 0; x < in->x_size; x++, src += elem)
				if (f->dram.write(f->dram.ctx, addr + (uint64_t)x * in->x_stride,
						  src, elem))
					return LPF_ERR_DMA;
		}
	}
	f->perf.wr_bytes += total;
	return LPF_ERR_NONE;
}
