/* SPDX-License-Identifier: MIT */
/* Internal to the generator: one random layer and the stream that computes it. */
#ifndef LPF_REGRESS_LAYER_H
#define LPF_REGRESS_LAYER_H

#include "isa/isa.h"
#include "regress.h"

#define RG_MAX_INSNS 4096

struct rg_gen {
	struct rg_rng rng;
	struct rg_case *c;
	size_t cap;
	struct lpf_insn insn[RG_MAX_INSNS];
	uint32_t n;
	uint32_t seg_off[4];    /* SEG_BASE[k] - base, in bytes */
};

struct rg_layer {
	int matmul, raw32, pool;
	int xs, ws, os;         /* signedness of input, weights, output */
	uint32_t c, h, w, oc, g, kh, kw, sh, sw, dh, dw, pt, pb, pl, pr;
	uint32_t oh, ow;        /* convolution output */
	uint32_t x_zp, out_zp, clip_lo, clip_hi;  /* raw 8-bit patterns */
	uint32_t pkh, pkw, psh, psw, ph, pw;
	int32_t py0, px0;
	uint32_t th, ocb, icb, gb; /* tiling: rows, out channels, in channels, groups per block */
	uint32_t seg_x, seg_w, seg_y;
	uint32_t inp_off, wgt_off, acc_off, out_off, prm_off; /* on-chip offsets */
	int gather;             /* weights LOADed straight from ONNX layout */
	uint64_t x_at, w_at, p_at, y_at; /* dram[] offsets */
};

/* Arena allocation with a random guard gap before; returns the dram[] offset. */
uint64_t rg_alloc(struct rg_gen *g, size_t n);
/* Random shapes for the case's test kind; 0 or -1 if no legal layer was drawn. */
int rg_layer_pick(struct rg_gen *g, struct rg_layer *l);
/* Tensors into the arena and the tiled stream into g->insn (without END). */
int rg_layer_emit(struct rg_gen *g, struct rg_layer *l);
void rg_bin(struct rg_gen *g, enum rg_bin b);

#endif
