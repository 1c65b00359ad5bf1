/* SPDX-License-Identifier: MIT */
/*
 * Tiling of one fabric layer: a convolution (a matrix product is a 1x1 one) with an
 * optional fused max pool, cut into tiles that fit half of every on-chip buffer,
 * and the loop order that moves the fewest DRAM bytes. Shared by the emitter,
 * which walks exactly the tiles and loads this cost model counts.
 */
#ifndef LPF_TILER_H
#define LPF_TILER_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler/inp_banks.h"
#include "core/error.h"

struct lpf_conv_geom {
	int64_t n_img;                  /* images sharing the weights */
	int64_t c, h, w;                /* input channels and size */
	int64_t oc, groups;
	int64_t kh, kw, sh, sw, dh, dw;
	int64_t pad_t, pad_l;           /* leading padding; trailing padding follows from oh/ow */
	int64_t oh, ow;                 /* convolution output */
	int64_t pk_h, pk_w, ps_h, ps_w; /* fused max pool; 1 and 1 when there is none */
	int64_t ppad_t, ppad_l;
	int64_t ph, pw;                 /* layer output (pooled) */
	int out_elem;                   /* output bytes per element: 1, or 4 for RAW32 */
};

enum lpf_loop_order {
	LPF_ORDER_WEIGHTS = 0,          /* oc tile outer, spatial inner: weights loaded once */
	LPF_ORDER_INPUT = 1,            /* spatial outer, oc tile inner: inputs loaded once */
};

struct lpf_tiling {
	int64_t oc_t;                   /* output channels per tile */
	int64_t ph_t, pw_t;             /* output (pooled) rows and columns per tile */
	int64_t ic_t;                   /* input channels per chunk (< ICPG: accumulate) */
	int order;                      /* enum lpf_loop_order */
};

struct lpf_tile_cost {
	uint64_t inp_bytes, wgt_bytes, param_bytes, out_bytes;
	uint64_t n_tiles;               /* compute tiles (one POST + STORE each) */
	uint64_t n_insns;
	uint64_t conv_cycles;           /* CONV reduction-step cycles, INP bank conflicts included */
	uint64_t cost;                  /* bytes, a charge per instruction and per CONV cycle */
};

/* One output tile's extent along one axis, and the input it needs. */
struct lpf_span {
	int64_t p0, p1;                 /* output (pooled) range */
	int64_t c0, c1;                 /* convolution output range */
	int64_t ld0, ld1;               /* input elements loaded from DRAM */
	int64_t pad0, pad1;             /* padding stored before and after them */
	int64_t skip;                   /* stored elements before the first one the conv reads */
	int64_t pool0;                  /* pool origin inside the tile (PY0/PX0) */
};

/* One output-channel tile. */
struct lpf_octile {
	int64_t oc0, noc;               /* output channels */
	int64_t ng;                     /* groups in the tile */
	int64_t ch0, nch;               /* input channels it reads */
};

/* Fixed charge per instruction in the cost model, in DRAM-byte equivalents. */
#define LPF_TILE_INSN_COST 64
/* CONV cycles per DRAM-byte equivalent: bytes stay the main term, cycles break near-ties. */
#define LPF_TILE_CYCLES_PER_BYTE 16

/* Checks a geometry is one the fabric can run at all (sizes, strides, field widths). */
lpfpga_status lpf_tile_check_geom(const struct lpf_conv_geom *g, struct lpf_err *err);

/* True if every tile of t fits half of each buffer and every field width. */
bool lpf_tiling_fits(const struct lpf_conv_geom *g, const struct lpf_tiling *t);

/* DRAM traffic and instruction count of walking g with t (as the emitter does). */
void lpf_tiling_cost(const struct lpf_conv_geom *g, const struct lpf_tiling *t,
		     struct lpf_tile_cost *c);

/* Each input, weight, parameter and output byte moved once. */
uint64_t lpf_tile_lower_bound(const struct lpf_conv_geom *g);

/* Cheapest fitting tiling; an error naming the reason if none fits. */
lpfpga_status lpf_tile_choose(const struct lpf_conv_geom *g, struct lpf_tiling *t,
			      struct lpf_err *err);

/* Tile enumeration shared with the emitter. */
int64_t lpf_tile_n_oc(const struct lpf_conv_geom *g, const struct lpf_tiling *t);
void lpf_tile_oc(const struct lpf_conv_geom *g, const struct lpf_tiling *t, int64_t i,
		 struct lpf_octile *o);
int64_t lpf_tile_n_chunks(const struct lpf_conv_geom *g, const struct lpf_tiling *t);
void lpf_tile_span(const struct lpf_conv_geom *g, int axis, int64_t p0, int64_t p1,
		   struct lpf_span *s);

/* The widest INP row pitch every input tile of t has room for in half of INP. */
int64_t lpf_tile_pitch_room(const struct lpf_conv_geom *g, const struct lpf_tiling *t);

/*
 * Row pitch (CONV IN_W) of the input tile of spans sr x sc: its stored width, widened
 * by padding columns where that avoids INP bank conflicts (inp_banks.h), within room
 * (lpf_tile_pitch_room()) and the LOAD's PAD_X1 field; *cycles gets the step cycles
 * summed over the tile's pixel blocks. m must be set up with the layer's strides.
 */
int64_t lpf_tile_pitch(struct lpf_inp_memo *m, const struct lpf_span *sr,
		       const struct lpf_span *sc, int64_t room, uint64_t *cycles);

/* LOAD instructions needed to move n contiguous bytes. */
int lpf_contig_loads(uint64_t n);

#endif
