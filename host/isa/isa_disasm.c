/* SPDX-License-Identifier: MIT */
/* One-line disassembly of decoded instructions, for traces, the CLI and test failures. */
#include "isa/isa.h"

#include <stdarg.h>
#include <stdio.h>

struct line {
	char *buf;
	size_t size, len;
};

/* Append, truncating silently: a disassembly line is for reading, never parsed back. */
__attribute__((format(printf, 2, 3))) static void put(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len + 1 >= l->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, l->size - l->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	l->len += (size_t)n < l->size - l->len ? (size_t)n : l->size - l->len - 1;
}

/* 8-bit raw pattern as the number it stands for, given the element signedness. */
static int byte_val(uint32_t raw, uint32_t is_signed)
{
	return is_signed && (raw & 0x80U) ? (int)raw - 256 : (int)raw;
}

static const char *buf_name(uint32_t buf)
{
	switch (buf) {
	case LPF_BUF_INP:
		return "INP";
	case LPF_BUF_WGT:
		return "WGT";
	case LPF_BUF_PARAM:
		return "PARAM";
	default:
		return "?";
	}
}

static const char *mode_name(uint32_t mode)
{
	switch (mode) {
	case LPF_POST_MODE_REQUANT:
		return "REQUANT";
	case LPF_POST_MODE_RAW32:
		return "RAW32";
	default:
		return "?";
	}
}

static void put_load(struct line *l, const struct lpf_insn_load *x)
{
	put(l, " buf=%s seg=%u dram=0x%x sram=0x%x x=%u y=%u z=%u xs=%u ys=%u zs=%u",
	    buf_name(x->buf), x->seg, x->dram_off, x->sram_off, x->x_size, x->y_size, x->z_size,
	    x->x_stride, x->y_stride, x->z_stride);
	put(l, " pad=%u,%u,%u,%u pv=%u", x->pad_x0, x->pad_x1, x->pad_y0, x->pad_y1, x->pad_value);
}

static void put_conv(struct line *l, const struct lpf_insn_conv *x)
{
	put(l, " %s x=%s xzp=%d w=%s inp=0x%x wgt=0x%x acc=%u param=%u", x->acc_mode ? "add" : "set",
	    x->x_signed ? "s8" : "u8", byte_val(x->x_zp, x->x_signed), x->w_signed ? "s8" : "u8",
	    x->inp_off, x->wgt_off, x->acc_off, x->param_off);
	put(l, " in=%ux%u out=%ux%u k=%ux%u s=%ux%u d=%ux%u icpg=%u ocpg=%u groups=%u", x->in_h,
	    x->in_w, x->out_h, x->out_w, x->kh, x->kw, x->sh, x->sw, x->dh, x->dw, x->icpg, x->ocpg,
	    x->groups);
}

static void put_post(struct line *l, const struct lpf_insn_post *x)
{
	put(l, " mode=%s out=%s zp=%d acc=%u param=%u out_off=0x%x c=%u th=%u tw=%u",
	    mode_name(x->mode), x->out_signed ? "s8" : "u8", byte_val(x->out_zp, x->out_signed),
	    x->acc_off, x->param_off, x->out_off, x->c, x->th, x->tw);
	put(l, " clip=%d,%d pool=%ux%u/%ux%u at=%d,%d ph=%u pw=%u",
	    byte_val(x->clip_lo, x->out_signed), byte_val(x->clip_hi, x->out_signed), x->pk_h,
	    x->pk_w, x->ps_h, x->ps_w, (int)x->py0, (int)x->px0, x->ph, x->pw);
}

static void put_store(struct line *l, const struct lpf_insn_store *x)
{
	put(l, " seg=%u dram=0x%x sram=0x%x elem_log2=%u x=%u y=%u z=%u xs=%u ys=%u zs=%u",
	    x->seg, x->dram_off, x->sram_off, x->elem_log2, x->x_size, x->y_size, x->z_size,
	    x->x_stride, x->y_stride, x->z_stride);
}

char *lpf_insn_disasm(const struct lpf_insn *in, char *buf, size_t size)
{
	const struct {
		bool on;
		const char *name;
	} flags[] = {
		{ in->pop_prev, "pop_prev" },
		{ in->pop_next, "pop_next" },
		{ in->push_prev, "push_prev" },
		{ in->push_next, "push_next" },
	};
	struct line l = { buf, size, 0 };
	unsigned int n = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	put(&l, "%s", lpf_op_name(in->opcode));
	switch (in->opcode) {
	case LPF_OP_LOAD:
		put_load(&l, &in->u.load);
		break;
	case LPF_OP_CONV:
		put_conv(&l, &in->u.conv);
		break;
	case LPF_OP_POST:
		put_post(&l, &in->u.post);
		break;
	case LPF_OP_STORE:
		put_store(&l, &in->u.store);
		break;
	case LPF_OP_END:
		break;
	default:
		put(&l, " opcode=%u", in->opcode);
		return buf;
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (flags[i].on)
			put(&l, "%s%s", n++ ? " " : " [", flags[i].name);
	if (n)
		put(&l, "]");
	return buf;
}
