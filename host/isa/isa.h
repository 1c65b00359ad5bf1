/* SPDX-License-Identifier: MIT */
/*
 * Decoded form of the command-stream ISA (hw/spec/lpfpga_spec.json) and its
 * encoder/decoder. Field names are the spec's field names in lower case; the bit
 * positions come only from the generated lpf_spec.h.
 */
#ifndef LPF_ISA_H
#define LPF_ISA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lpf_spec.h"

struct lpf_insn_load {
	uint32_t buf, seg, pad_value;
	uint32_t dram_off, sram_off;
	uint32_t x_size, y_size, z_size;
	uint32_t x_stride, y_stride, z_stride;
	uint32_t pad_x0, pad_x1, pad_y0, pad_y1;
};

struct lpf_insn_conv {
	uint32_t acc_mode, x_signed, w_signed, x_zp;  /* x_zp: raw 8-bit pattern */
	uint32_t inp_off, wgt_off, acc_off, param_off;
	uint32_t in_h, in_w, out_h, out_w;
	uint32_t kh, kw, sh, sw, dh, dw;
	uint32_t icpg, ocpg, groups;
};

struct lpf_insn_post {
	uint32_t mode, out_signed, out_zp;           /* out_zp: raw 8-bit pattern */
	uint32_t acc_off, param_off, out_off;
	uint32_t th, tw, c;
	uint32_t clip_lo, clip_hi;                   /* raw 8-bit patterns */
	uint32_t pk_h, pk_w, ps_h, ps_w;
	int32_t py0, px0;
	uint32_t ph, pw;
};

struct lpf_insn_store {
	uint32_t seg, elem_log2;
	uint32_t dram_off, sram_off;
	uint32_t x_size, y_size, z_size;
	uint32_t x_stride, y_stride, z_stride;
};

struct lpf_insn {
	uint32_t opcode;                             /* LPF_OP_* */
	bool pop_prev, pop_next, push_prev, push_next;
	union {
		struct lpf_insn_load load;
		struct lpf_insn_conv conv;
		struct lpf_insn_post post;
		struct lpf_insn_store store;
	} u;
};

/*
 * Encode into LPF_INSN_BYTES little-endian bytes. Returns 0, or -1 if the opcode is
 * unknown or a field does not fit its width; then *bad_field (if non-NULL) names it.
 */
int lpf_insn_encode(const struct lpf_insn *in, uint8_t *out, const char **bad_field);

/*
 * Decode LPF_INSN_BYTES bytes. Returns 0, or -1 for an unknown opcode or a set
 * reserved bit (bits no field of that instruction owns).
 */
int lpf_insn_decode(const uint8_t *in, struct lpf_insn *out);

/* Spec name of an opcode ("LOAD"), "?" if unknown. */
const char *lpf_op_name(uint32_t opcode);

/* One-line human-readable disassembly into buf; returns buf. */
char *lpf_insn_disasm(const struct lpf_insn *in, char *buf, size_t size);

#endif
