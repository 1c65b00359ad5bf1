/* SPDX-License-Identifier: MIT */
/*
 * Instruction encoder and decoder. One table per instruction maps each spec field to its
 * member of struct lpf_insn; encode, decode and the reserved-bit check all walk the same
 * tables, and every bit position comes from lpf_spec.h.
 */
#include "isa/isa.h"

#include <stddef.h>
#include <string.h>

struct isa_field {
	const char *name;       /* "LOAD.X_SIZE", for *bad_field */
	size_t off;             /* offset of the member in struct lpf_insn */
	uint32_t word, shift, mask;
	bool is_signed;         /* two's complement in its width; the member is int32_t */
};

#define ISA_FIELD(INSN, NAME, member, sgn)                                          \
	{ #INSN "." #NAME, offsetof(struct lpf_insn, u.member),                     \
	  LPF_INSN_##INSN##_##NAME##_WORD, LPF_INSN_##INSN##_##NAME##_SHIFT,        \
	  LPF_INSN_##INSN##_##NAME##_MASK, sgn }
#define U_FIELD(INSN, NAME, member) ISA_FIELD(INSN, NAME, member, false)
/* Naming _SIGNED fails the build if the spec stops marking the field signed. */
#define S_FIELD(INSN, NAME, member) ISA_FIELD(INSN, NAME, member, LPF_INSN_##INSN##_##NAME##_SIGNED)

static const struct isa_field load_fields[] = {
	U_FIELD(LOAD, BUF, load.buf),
	U_FIELD(LOAD, SEG, load.seg),
	U_FIELD(LOAD, PAD_VALUE, load.pad_value),
	U_FIELD(LOAD, DRAM_OFF, load.dram_off),
	U_FIELD(LOAD, SRAM_OFF, load.sram_off),
	U_FIELD(LOAD, X_SIZE, load.x_size),
	U_FIELD(LOAD, Y_SIZE, load.y_size),
	U_FIELD(LOAD, Z_SIZE, load.z_size),
	U_FIELD(LOAD, X_STRIDE, load.x_stride),
	U_FIELD(LOAD, Y_STRIDE, load.y_stride),
	U_FIELD(LOAD, Z_STRIDE, load.z_stride),
	U_FIELD(LOAD, PAD_X0, load.pad_x0),
	U_FIELD(LOAD, PAD_X1, load.pad_x1),
	U_FIELD(LOAD, PAD_Y0, load.pad_y0),
	U_FIELD(LOAD, PAD_Y1, load.pad_y1),
};

static const struct isa_field conv_fields[] = {
	U_FIELD(CONV, ACC_MODE, conv.acc_mode),
	U_FIELD(CONV, X_SIGNED, conv.x_signed),
	U_FIELD(CONV, W_SIGNED, conv.w_signed),
	U_FIELD(CONV, X_ZP, conv.x_zp),
	U_FIELD(CONV, INP_OFF, conv.inp_off),
	U_FIELD(CONV, WGT_OFF, conv.wgt_off),
	U_FIELD(CONV, ACC_OFF, conv.acc_off),
	U_FIELD(CONV, PARAM_OFF, conv.param_off),
	U_FIELD(CONV, IN_H, conv.in_h),
	U_FIELD(CONV, IN_W, conv.in_w),
	U_FIELD(CONV, OUT_H, conv.out_h),
	U_FIELD(CONV, OUT_W, conv.out_w),
	U_FIELD(CONV, KH, conv.kh),
	U_FIELD(CONV, KW, conv.kw),
	U_FIELD(CONV, SH, conv.sh),
	U_FIELD(CONV, SW, conv.sw),
	U_FIELD(CONV, DH, conv.dh),
	U_FIELD(CONV, DW, conv.dw),
	U_FIELD(CONV, ICPG, conv.icpg),
	U_FIELD(CONV, OCPG, conv.ocpg),
	U_FIELD(CONV, GROUPS, conv.groups),
};

static const struct isa_field post_fields[] = {
	U_FIELD(POST, MODE, post.mode),
	U_FIELD(POST, OUT_SIGNED, post.out_signed),
	U_FIELD(POST, OUT_ZP, post.out_zp),
	U_FIELD(POST, ACC_OFF, post.acc_off),
	U_FIELD(POST, PARAM_OFF, post.param_off),
	U_FIELD(POST, OUT_OFF, post.out_off),
	U_FIELD(POST, TH, post.th),
	U_FIELD(POST, TW, post.tw),
	U_FIELD(POST, C, post.c),
	U_FIELD(POST, CLIP_LO, post.clip_lo),
	U_FIELD(POST, CLIP_HI, post.clip_hi),
	U_FIELD(POST, PK_H, post.pk_h),
	U_FIELD(POST, PK_W, post.pk_w),
	U_FIELD(POST, PS_H, post.ps_h),
	U_FIELD(POST, PS_W, post.ps_w),
	S_FIELD(POST, PY0, post.py0),
	S_FIELD(POST, PX0, post.px0),
	U_FIELD(POST, PH, post.ph),
	U_FIELD(POST, PW, post.pw),
};

static const struct isa_field store_fields[] = {
	U_FIELD(STORE, SEG, store.seg),
	U_FIELD(STORE, ELEM_LOG2, store.elem_log2),
	U_FIELD(STORE, DRAM_OFF, store.dram_off),
	U_FIELD(STORE, SRAM_OFF, store.sram_off),
	U_FIELD(STORE, X_SIZE, store.x_size),
	U_FIELD(STORE, Y_SIZE, store.y_size),
	U_FIELD(STORE, Z_SIZE, store.z_size),
	U_FIELD(STORE, X_STRIDE, store.x_stride),
	U_FIELD(STORE, Y_STRIDE, store.y_stride),
	U_FIELD(STORE, Z_STRIDE, store.z_stride),
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A spec field without a table entry would decode as a reserved bit: refuse to build. */
_Static_assert(ARRAY_LEN(load_fields) == LPF_INSN_LOAD_NUM_FIELDS, "LOAD table incomplete");
_Static_assert(ARRAY_LEN(conv_fields) == LPF_INSN_CONV_NUM_FIELDS, "CONV table incomplete");
_Static_assert(ARRAY_LEN(post_fields) == LPF_INSN_POST_NUM_FIELDS, "POST table incomplete");
_Static_assert(ARRAY_LEN(store_fields) == LPF_INSN_STORE_NUM_FIELDS, "STORE table incomplete");
_Static_assert(LPF_INSN_END_NUM_FIELDS == 0, "END gained fields");
_Static_assert(LPF_INSN_BYTES == 4 * LPF_INSN_WORDS, "instruction is not whole words");

struct isa_op {
	uint32_t opcode;
	const char *name;
	const struct isa_field *fields;
	size_t n_fields;
};

static const struct isa_op isa_ops[] = {
	{ LPF_OP_LOAD, "LOAD", load_fields, ARRAY_LEN(load_fields) },
	{ LPF_OP_CONV, "CONV", conv_fields, ARRAY_LEN(conv_fields) },
	{ LPF_OP_POST, "POST", post_fields, ARRAY_LEN(post_fields) },
	{ LPF_OP_STORE, "STORE", store_fields, ARRAY_LEN(store_fields) },
	{ LPF_OP_END, "END", NULL, 0 },
};

/* The one-bit common flags, in the order of their struct members. */
struct isa_flag {
	uint32_t word, mask;
	size_t off;
};

static const struct isa_flag isa_flags[] = {
	{ LPF_INSN_POP_PREV_WORD, LPF_INSN_POP_PREV_MASK, offsetof(struct lpf_insn, pop_prev) },
	{ LPF_INSN_POP_NEXT_WORD, LPF_INSN_POP_NEXT_MASK, offsetof(struct lpf_insn, pop_next) },
	{ LPF_INSN_PUSH_PREV_WORD, LPF_INSN_PUSH_PREV_MASK, offsetof(struct lpf_insn, push_prev) },
	{ LPF_INSN_PUSH_NEXT_WORD, LPF_INSN_PUSH_NEXT_MASK, offsetof(struct lpf_insn, push_next) },
};

_Static_assert(LPF_INSN_POP_PREV_WIDTH == 1 && LPF_INSN_POP_NEXT_WIDTH == 1 &&
		       LPF_INSN_PUSH_PREV_WIDTH == 1 && LPF_INSN_PUSH_NEXT_WIDTH == 1,
	       "dependency flags are single bits");

static const struct isa_op *find_op(uint32_t opcode)
{
	for (size_t i = 0; i < ARRAY_LEN(isa_ops); i++)
		if (isa_ops[i].opcode == opcode)
			return &isa_ops[i];
	return NULL;
}

const char *lpf_op_name(uint32_t opcode)
{
	const struct isa_op *op = find_op(opcode);

	return op ? op->name : "?";
}

/* Largest unsigned value of a field: its mask moved down to bit 0. */
static uint32_t field_max(const struct isa_field *f)
{
	return f->mask >> f->shift;
}

static bool *flag_ptr(struct lpf_insn *in, const struct isa_flag *fl)
{
	return (bool *)((char *)in + fl->off);
}

static const bool *flag_cptr(const struct lpf_insn *in, const struct isa_flag *fl)
{
	return (const bool *)((const char *)in + fl->off);
}

/* Bit pattern of a field's value, or false if the value does not fit its width. */
static bool field_bits(const struct lpf_insn *in, const struct isa_field *f, uint32_t *bits)
{
	const char *p = (const char *)in + f->off;
	uint32_t max = field_max(f);

	if (f->is_signed) {
		int32_t v = *(const int32_t *)p;
		int64_t hi = (int64_t)(max >> 1);

		if (v > hi || v < -hi - 1)
			return false;
		*bits = (uint32_t)v & max;
		return true;
	}
	*bits = *(const uint32_t *)p;
	return *bits <= max;
}

static void field_store(struct lpf_insn *in, const struct isa_field *f, uint32_t bits)
{
	char *p = (char *)in + f->off;
	uint32_t max = field_max(f);

	if (f->is_signed) {
		uint32_t sign = max ^ (max >> 1);

		/* Sign-extend without converting an out-of-range unsigned value. */
		*(int32_t *)p = (bits & sign) ? -(int32_t)(max - bits) - 1 : (int32_t)bits;
		return;
	}
	*(uint32_t *)p = bits;
}

int lpf_insn_encode(const struct lpf_insn *in, uint8_t *out, const char **bad_field)
{
	const struct isa_op *op = find_op(in->opcode);
	uint32_t w[LPF_INSN_WORDS] = { 0 };

	if (!op) {
		if (bad_field)
			*bad_field = "OPCODE";
		return -1;
	}
	w[LPF_INSN_OPCODE_WORD] |= in->opcode << LPF_INSN_OPCODE_SHIFT;
	for (size_t i = 0; i < ARRAY_LEN(isa_flags); i++)
		if (*flag_cptr(in, &isa_flags[i]))
			w[isa_flags[i].word] |= isa_flags[i].mask;
	for (size_t i = 0; i < op->n_fields; i++) {
		const struct isa_field *f = &op->fields[i];
		uint32_t bits;

		if (!field_bits(in, f, &bits)) {
			if (bad_field)
				*bad_field = f->name;
			return -1;
		}
		w[f->word] |= bits << f->shift;
	}
	for (size_t i = 0; i < LPF_INSN_WORDS; i++)
		for (size_t b = 0; b < 4; b++)
			out[4 * i + b] = (uint8_t)(w[i] >> (8 * b));
	return 0;
}

int lpf_insn_decode(const uint8_t *in, struct lpf_insn *out)
{
	uint32_t w[LPF_INSN_WORDS], owned[LPF_INSN_WORDS] = { 0 };
	struct lpf_insn d;
	const struct isa_op *op;

	for (size_t i = 0; i < LPF_INSN_WORDS; i++)
		w[i] = (uint32_t)in[4 * i] | (uint32_t)in[4 * i + 1] << 8 |
		       (uint32_t)in[4 * i + 2] << 16 | (uint32_t)in[4 * i + 3] << 24;

	memset(&d, 0, sizeof(d));
	d.opcode = (w[LPF_INSN_OPCODE_WORD] & LPF_INSN_OPCODE_MASK) >> LPF_INSN_OPCODE_SHIFT;
	op = find_op(d.opcode);
	if (!op)
		return -1;
	owned[LPF_INSN_OPCODE_WORD] |= LPF_INSN_OPCODE_MASK;
	for (size_t i = 0; i < ARRAY_LEN(isa_flags); i++) {
		*flag_ptr(&d, &isa_flags[i]) = (w[isa_flags[i].word] & isa_flags[i].mask) != 0;
		owned[isa_flags[i].word] |= isa_flags[i].mask;
	}
	for (size_t i = 0; i < op->n_fields; i++) {
		const struct isa_field *f = &op->fields[i];

		field_store(&d, f, (w[f->word] & f->mask) >> f->shift);
		owned[f->word] |= f->mask;
	}
	for (size_t i = 0; i < LPF_INSN_WORDS; i++)
		if (w[i] & ~owned[i])
			return -1;
	*out = d;
	return 0;
}
