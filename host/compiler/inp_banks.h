/* SPDX-License-Identifier: MIT */
/*
 * INP bank conflicts of the CONV engine and the row pitch that avoids them. A CONV
 * runs blocks of PE_ROWS consecutive output pixels (row-major over OUT_H x OUT_W);
 * each reduction step reads one INP byte per pixel at T + y*SH*IN_W + x*SW, and a
 * step takes as many cycles as the busiest bank has pixels. Only the origins mod
 * the bank count matter, so a block costs the same on every step. The compiler may
 * store an input tile with extra padding columns (a wider IN_W, the row pitch) to
 * spread the blocks that cross an output row; every pitch it uses is chosen here.
 */
#ifndef LPF_INP_BANKS_H
#define LPF_INP_BANKS_H

#include <stddef.h>
#include <stdint.h>

#include "lpf_spec.h"

/* The pixels of one CONV and the row pitch its input tile needs at least. */
struct lpf_inp_conv {
	int64_t out_h, out_w, sh, sw;
	int64_t natural;                /* stored width without extra columns */
};

/* Cycles of one reduction step summed over the CONV's pixel blocks, at row pitch `pitch`. */
uint64_t lpf_inp_step_cycles(const struct lpf_inp_conv *c, int64_t pitch);

/*
 * The row pitch in [natural, min(max_pitch, natural + LPF_INP_BANKS - 1)] with the fewest
 * step cycles, the narrowest of equals (a conflict-free natural width stays); *cycles
 * gets its lpf_inp_step_cycles(). Wider pitches repeat these residues.
 */
int64_t lpf_inp_pitch(const struct lpf_inp_conv *c, int64_t max_pitch, uint64_t *cycles);

/* Remembered lpf_inp_pitch() answers for one stride (tiles of a layer share most). */
struct lpf_inp_memo {
	int64_t sh, sw;
	struct lpf_inp_memo_ent *ent;
	size_t cap, n;
};

void lpf_inp_memo_init(struct lpf_inp_memo *m, int64_t sh, int64_t sw);
void lpf_inp_memo_free(struct lpf_inp_memo *m);
/* lpf_inp_pitch() of c with the memo's stride; computed afresh when memory runs out. */
int64_t lpf_inp_memo_pitch(struct lpf_inp_memo *m, int64_t out_h, int64_t out_w,
			   int64_t natural, int64_t max_pitch, uint64_t *cycles);

#endif
