/* SPDX-License-Identifier: MIT */
/*
 * Command-stream emission for one fabric layer. The tiles are walked in the
 * tiler's loop order; each step of the walk is a load group (the LOADs of what
 * neither half of PARAM, WGT and INP holds yet, each into the half the previous group
 * does not compute with) followed by one CONV, and a POST + STORE when the tile's
 * last input-channel chunk is done. So a buffer cycling through two contents is
 * loaded once (lpf_tiling_cost() counts the same).
 *
 * Tokens (load -> compute -> store, and back):
 *   - the last LOAD of group j pushes "ready"; the CONV of group j pops it (a group
 *     whose contents are all on chip loads nothing and its CONV pops nothing);
 *   - a LOAD overwriting a half waits ("free", pushed by the compute instruction that
 *     last reads the old content) - only when no earlier pop already covers it;
 *   - POST pushes "output ready", STORE pops it; STORE pushes "out half free"
 *     for the POST two tiles later;
 *   - between two layers of one job, the last STORE pushes to a barrier POST
 *     that pushes to the next layer's first LOAD, so nothing is read before it
 *     is written.
 * The stream order is L(0), then L(j+1), C(j), S(j) for each j: the load unit
 * runs one group ahead and every pop follows its push.
 *
 * An input tile is stored with the row pitch lpf_tile_pitch() picks: the LOAD's
 * PAD_X1 adds the extra columns (PAD_VALUE, never read by the CONV) and the CONV's
 * IN_W is that pitch, so its pixel blocks avoid INP bank conflicts.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler_internal.h"

enum { B_INP, B_WGT, B_PAR, B_N };

struct key {
	int64_t a, b, c, d, e;
};

/* What each half of a double buffer holds; a content already in a half is not reloaded. */
struct buf_state {
	struct key key[2];
	bool valid[2];
	int64_t last_group[2];          /* the last group computing with each half */
	int mru;                        /* the half the latest group computes with */
};

struct item {
	int64_t i, img, r, c, k;
};

struct walk {
	const struct lpf_layer *l;
	const struct lpf_conv_geom *g;
	const struct lpf_tiling *t;
	int64_t n_oc, n_r, n_c, nk, n_items;
	struct buf_state bs[B_N];
	int64_t satisfied;              /* compute group up to which "free" pops are covered */
	int8_t *half;                   /* per group: INP, WGT, PAR halves it computes with */
	bool *loads;                    /* per group: it loads something (its CONV pops "ready") */
	uint32_t *comp_last;            /* per group: its last compute instruction */
	int64_t tile;                   /* compute tiles so far */
	int64_t n_tiles;
	struct lpf_inp_memo pitches;    /* row pitch per tile shape */
	int64_t room;                   /* lpf_tile_pitch_room() */
	uint32_t in_seg, out_seg, w_seg, p_seg;
	uint64_t in_base, out_base, w_base, p_base;
};

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static lpfpga_status push_insn(struct lpf_cc *cc, const struct lpf_insn *in, uint32_t *idx,
			       struct lpf_err *err)
{
	if (cc->n_insns == cc->cap_insns) {
		uint32_t cap = cc->cap_insns ? 2 * cc->cap_insns : 1024;
		struct lpf_insn *v = realloc(cc->insns, cap * sizeof(*v));

		if (!v)
			return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY,
					   "out of memory for the command stream");
		cc->insns = v;
		cc->cap_insns = cap;
	}
	if (idx)
		*idx = cc->n_insns;
	cc->insns[cc->n_insns++] = *in;
	return LPFPGA_OK;
}

static void item_of(const struct walk *w, int64_t j, struct item *it)
{
	int64_t n_sp = w->g->n_img * w->n_r * w->n_c, sp;

	it->k = j % w->nk;
	j /= w->nk;
	if (w->t->order == LPF_ORDER_WEIGHTS) {
		sp = j % n_sp;
		it->i = j / n_sp;
	} else {
		it->i = j % w->n_oc;
		sp = j / w->n_oc;
	}
	it->c = sp % w->n_c;
	sp /= w->n_c;
	it->r = sp % w->n_r;
	it->img = sp / w->n_r;
}

static void spans(const struct walk *w, const struct item *it, struct lpf_span *sr,
		  struct lpf_span *sc)
{
	int64_t r0 = it->r * w->t->ph_t, c0 = it->c * w->t->pw_t;

	lpf_tile_span(w->g, 0, r0, min64(w->g->ph, r0 + w->t->ph_t), sr);
	lpf_tile_span(w->g, 1, c0, min64(w->g->pw, c0 + w->t->pw_t), sc);
}

/* Row pitch of an input tile: its stored rows are this wide (CONV IN_W). */
static int64_t pitch(struct walk *w, const struct lpf_span *sr, const struct lpf_span *sc)
{
	uint64_t cycles;

	return lpf_tile_pitch(&w->pitches, sr, sc, w->room, &cycles);
}

/* Input channels of chunk k of an output-channel tile. */
static void chunk_channels(const struct walk *w, const struct lpf_octile *o, int64_t k,
			   int64_t *ch, int64_t *n)
{
	if (o->ng > 1) {
		*ch = o->ch0;
		*n = o->nch;
		return;
	}
	*ch = o->ch0 + k * w->t->ic_t;
	*n = min64(w->t->ic_t, o->nch - k * w->t->ic_t);
}

static bool key_eq(const struct key *a, const struct key *b)
{
	return a->a == b->a && a->b == b->b && a->c == b->c && a->d == b->d && a->e == b->e;
}

static lpfpga_status emit_contig(struct lpf_cc *cc, struct lpf_layer *l, uint32_t buf,
				 uint32_t seg, uint64_t dram, uint32_t sram, uint64_t n,
				 struct lpf_insn *first, uint32_t *last, struct lpf_err *err)
{
	struct lpf_insn in = { .opcode = LPF_OP_LOAD };
	uint64_t rows = n > 0xFFFF ? n / 4096 : 1, row = n > 0xFFFF ? 4096 : n;
	lpfpga_status st;

	in.pop_next = first->pop_next;
	first->pop_next = false;
	in.u.load = (struct lpf_insn_load){ .buf = buf, .seg = seg, .dram_off = (uint32_t)dram,
					    .sram_off = sram, .x_size = (uint32_t)row,
					    .y_size = (uint32_t)rows, .z_size = 1, .x_stride = 1,
					    .y_stride = (uint32_t)row,
					    .z_stride = (uint32_t)(rows * row) };
	if (dram > UINT32_MAX)
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "node '%s': DRAM offset beyond 4 GiB", l->name);
	st = push_insn(cc, &in, last, err);
	l->dram_read += rows * row;
	if (st || rows * row == n)
		return st;
	in.pop_next = false;
	in.u.load.dram_off = (uint32_t)(dram + rows * row);
	in.u.load.sram_off = sram + (uint32_t)(rows * row);
	in.u.load.x_size = (uint32_t)(n - rows * row);
	in.u.load.y_size = 1;
	in.u.load.y_stride = in.u.load.x_size;
	in.u.load.z_stride = in.u.load.x_size;
	l->dram_read += n - rows * row;
	return push_insn(cc, &in, last, err);
}

static lpfpga_status emit_loads(struct lpf_cc *cc, struct walk *w, int64_t j, bool pop_first,
				struct lpf_err *err)
{
	struct lpf_layer *l = (struct lpf_layer *)w->l;
	const struct lpf_conv_geom *g = w->g;
	struct lpf_insn pending = { 0 };
	struct lpf_span sr, sc;
	struct lpf_octile o;
	struct item it;
	struct key keys[B_N];
	int64_t need = -1, ch, nch;
	uint32_t last = UINT32_MAX;
	lpfpga_status st;
	bool miss[B_N];
	int b, h, half[B_N];

	item_of(w, j, &it);
	lpf_tile_oc(g, w->t, it.i, &o);
	chunk_channels(w, &o, it.k, &ch, &nch);
	keys[B_PAR] = (struct key){ it.i, 0, 0, 0, 0 };
	keys[B_WGT] = (struct key){ it.i, it.k, 0, 0, 0 };
	keys[B_INP] = (struct key){ it.img, it.r, it.c, ch, nch };
	/* hits keep their half; a miss takes the half the previous group does not use */
	for (b = 0; b < B_N; b++) {
		struct buf_state *s = &w->bs[b];

		miss[b] = true;
		for (h = 0; h < 2 && miss[b]; h++)
			if (s->valid[h] && key_eq(&s->key[h], &keys[b])) {
				half[b] = h;
				miss[b] = false;
			}
		if (!miss[b])
			continue;
		half[b] = 1 - s->mru;
		if (s->valid[half[b]] && s->last_group[half[b]] > need)
			need = s->last_group[half[b]];
	}
	pending.pop_next = pop_first;
	if (need > w->satisfied) {
		/* the compute group that last read the half we are about to overwrite */
		cc->insns[w->comp_last[need]].push_prev = true;
		w->satisfied = need;
		pending.pop_next = true;
	}
	for (b = 0; b < B_N; b++) {
		struct buf_state *s = &w->bs[b];

		h = half[b];
		s->mru = h;
		s->last_group[h] = j;
		w->half[3 * j + b] = (int8_t)h;
		if (!miss[b])
			continue;
		s->key[h] = keys[b];
		s->valid[h] = true;
		if (b == B_PAR) {
			st = emit_contig(cc, l, LPF_BUF_PARAM, w->p_seg,
					 w->p_base + (uint64_t)o.oc0 * LPF_PARAM_ENTRY_BYTES,
					 (uint32_t)h * (LPF_PARAM_BUF_ENTRIES / 2) *
						 LPF_PARAM_ENTRY_BYTES,
					 (uint64_t)o.noc * LPF_PARAM_ENTRY_BYTES, &pending, &last,
					 err);
		} else if (b == B_WGT) {
			int64_t icc = o.ng > 1 ? o.nch / o.ng : nch;

			st = emit_contig(cc, l, LPF_BUF_WGT, w->w_seg,
					 w->w_base + lpf_pack_wblock_off(&l->pd, &o, it.k),
					 (uint32_t)h * (LPF_WGT_BUF_BYTES / 2),
					 (uint64_t)(o.noc * icc * g->kh * g->kw), &pending, &last,
					 err);
		} else {
			struct lpf_insn in = { .opcode = LPF_OP_LOAD };
			uint64_t dram;
			/* PAD_X1 fills each row up to the pitch after the data */
			int64_t pad_x1;

			spans(w, &it, &sr, &sc);
			pad_x1 = pitch(w, &sr, &sc) - sc.pad0 - (sc.ld1 - sc.ld0);
			dram = w->in_base + (uint64_t)(it.img * l->in_img + ch * l->izs +
						       sr.ld0 * l->iys + sc.ld0 * l->ixs);
			if (dram > UINT32_MAX)
				return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
						   "node '%s': DRAM offset beyond 4 GiB", l->name);
			in.pop_next = pending.pop_next;
			pending.pop_next = false;
			in.u.load = (struct lpf_insn_load){
				.buf = LPF_BUF_INP, .seg = w->in_seg, .pad_value = l->zp.x_zp,
				.dram_off = (uint32_t)dram,
				.sram_off = (uint32_t)h * (LPF_INP_BUF_BYTES / 2),
				.x_size = (uint32_t)(sc.ld1 - sc.ld0),
				.y_size = (uint32_t)(sr.ld1 - sr.ld0), .z_size = (uint32_t)nch,
				.x_stride = (uint32_t)l->ixs, .y_stride = (uint32_t)l->iys,
				.z_stride = (uint32_t)l->izs, .pad_x0 = (uint32_t)sc.pad0,
				.pad_x1 = (uint32_t)pad_x1, .pad_y0 = (uint32_t)sr.pad0,
				.pad_y1 = (uint32_t)sr.pad1
			};
			st = push_insn(cc, &in, &last, err);
			if (!st && l->runtime)
				l->patch[l->n_patch++] = last;
			l->dram_read += (uint64_t)(nch * (sr.ld1 - sr.ld0) * (sc.ld1 - sc.ld0));
		}
		if (st)
			return st;
	}
	w->loads[j] = last != UINT32_MAX;
	if (last != UINT32_MAX)
		cc->insns[last].push_next = true;
	return LPFPGA_OK;
}

static lpfpga_status emit_compute(struct lpf_cc *cc, struct walk *w, int64_t j,
				  struct lpf_err *err)
{
	struct lpf_layer *l = (struct lpf_layer *)w->l;
	const struct lpf_conv_geom *g = w->g;
	struct lpf_insn in = { .opcode = LPF_OP_CONV };
	struct lpf_span sr, sc;
	struct lpf_octile o;
	struct item it;
	int64_t ch, nch, in_w;
	uint32_t idx, acc_off, par_off, out_off;
	lpfpga_status st;

	item_of(w, j, &it);
	lpf_tile_oc(g, w->t, it.i, &o);
	chunk_channels(w, &o, it.k, &ch, &nch);
	spans(w, &it, &sr, &sc);
	in_w = pitch(w, &sr, &sc);
	acc_off = (uint32_t)(w->tile % 2) * (LPF_ACC_BUF_ENTRIES / 2);
	par_off = (uint32_t)w->half[3 * j + B_PAR] * (LPF_PARAM_BUF_ENTRIES / 2);
	in.pop_prev = w->loads[j];
	in.u.conv = (struct lpf_insn_conv){
		.acc_mode = it.k > 0, .x_signed = l->x_signed, .w_signed = l->w_signed,
		.x_zp = l->zp.x_zp,
		.inp_off = (uint32_t)(w->half[3 * j + B_INP] * (LPF_INP_BUF_BYTES / 2) +
				      sr.skip * in_w + sc.skip),
		.wgt_off = (uint32_t)w->half[3 * j + B_WGT] * (LPF_WGT_BUF_BYTES / 2),
		.acc_off = acc_off, .param_off = par_off,
		.in_h = (uint32_t)(sr.pad0 + (sr.ld1 - sr.ld0) + sr.pad1),
		.in_w = (uint32_t)in_w, .out_h = (uint32_t)(sr.c1 - sr.c0),
		.out_w = (uint32_t)(sc.c1 - sc.c0), .kh = (uint32_t)g->kh, .kw = (uint32_t)g->kw,
		.sh = (uint32_t)g->sh, .sw = (uint32_t)g->sw, .dh = (uint32_t)g->dh,
		.dw = (uint32_t)g->dw, .icpg = (uint32_t)(o.ng > 1 ? o.nch / o.ng : nch),
		.ocpg = (uint32_t)(o.noc / o.ng), .groups = (uint32_t)o.ng
	};
	st = push_insn(cc, &in, &idx, err);
	if (st)
		return st;
	if (l->runtime)
		l->patch[l->n_patch++] = idx;
	if (it.k == w->nk - 1) {
		out_off = (uint32_t)(w->tile % 2) * (LPF_OUT_BUF_BYTES / 2);
		in = (struct lpf_insn){ .opcode = LPF_OP_POST };
		in.pop_next = w->tile >= 2;
		in.push_next = true;
		in.u.post = (struct lpf_insn_post){
			.mode = l->raw32 ? LPF_POST_MODE_RAW32 : LPF_POST_MODE_REQUANT,
			.out_signed = l->y_signed, .out_zp = l->zp.y_zp, .acc_off = acc_off,
			.param_off = par_off, .out_off = out_off, .th = (uint32_t)(sr.c1 - sr.c0),
			.tw = (uint32_t)(sc.c1 - sc.c0), .c = (uint32_t)o.noc,
			.clip_lo = l->clip_lo, .clip_hi = l->clip_hi, .pk_h = (uint32_t)g->pk_h,
			.pk_w = (uint32_t)g->pk_w, .ps_h = (uint32_t)g->ps_h,
			.ps_w = (uint32_t)g->ps_w, .py0 = (int32_t)sr.pool0,
			.px0 = (int32_t)sc.pool0, .ph = (uint32_t)(sr.p1 - sr.p0),
			.pw = (uint32_t)(sc.p1 - sc.p0)
		};
		st = push_insn(cc, &in, &idx, err);
		if (st)
			return st;
		if (l->runtime && !l->raw32)
			l->patch[l->n_patch++] = idx;
	}
	w->comp_last[j] = idx;
	return LPFPGA_OK;
}

static lpfpga_status emit_store(struct lpf_cc *cc, struct walk *w, int64_t j,
				struct lpf_emit_state *es, struct lpf_err *err)
{
	struct lpf_layer *l = (struct lpf_layer *)w->l;
	struct lpf_insn in = { .opcode = LPF_OP_STORE };
	struct lpf_span sr, sc;
	struct lpf_octile o;
	struct item it;
	uint64_t dram;
	lpfpga_status st;

	item_of(w, j, &it);
	lpf_tile_oc(w->g, w->t, it.i, &o);
	spans(w, &it, &sr, &sc);
	dram = w->out_base + (uint64_t)(it.img * l->out_img + o.oc0 * l->ozs + sr.p0 * l->oys +
					sc.p0 * l->oxs);
	if (dram > UINT32_MAX)
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "node '%s': DRAM offset beyond 4 GiB", l->name);
	in.pop_prev = true;
	in.push_prev = w->tile + 2 < w->n_tiles;
	in.u.store = (struct lpf_insn_store){
		.seg = w->out_seg, .elem_log2 = l->raw32 ? 2 : 0, .dram_off = (uint32_t)dram,
		.sram_off = (uint32_t)(w->tile % 2) * (LPF_OUT_BUF_BYTES / 2),
		.x_size = (uint32_t)(sc.p1 - sc.p0), .y_size = (uint32_t)(sr.p1 - sr.p0),
		.z_size = (uint32_t)o.noc, .x_stride = (uint32_t)l->oxs,
		.y_stride = (uint32_t)l->oys, .z_stride = (uint32_t)l->ozs
	};
	st = push_insn(cc, &in, &es->last_store, err);
	l->dram_write += (uint64_t)(o.noc * (sr.p1 - sr.p0) * (sc.p1 - sc.p0) * w->g->out_elem);
	w->tile++;
	return st;
}

/* A compute instruction that orders the next layer's loads after this layer's stores. */
static lpfpga_status emit_barrier(struct lpf_cc *cc, struct lpf_emit_state *es,
				  struct lpf_err *err)
{
	struct lpf_insn in = { .opcode = LPF_OP_POST };

	cc->insns[es->last_store].push_prev = true;
	in.pop_next = true;
	in.push_prev = true;
	in.u.post = (struct lpf_insn_post){ .mode = LPF_POST_MODE_REQUANT, .th = 1, .tw = 1,
					    .c = 1, .clip_lo = 0, .clip_hi = 0xFF, .pk_h = 1,
					    .pk_w = 1, .ps_h = 1, .ps_w = 1, .ph = 1, .pw = 1 };
	return push_insn(cc, &in, NULL, err);
}

static void resolve(const struct lpf_cc *cc, struct walk *w)
{
	const struct lpf_layer *l = w->l;
	const struct lpf_value *x = &cc->p->values[cc->p->value_of_tensor[l->x]];
	const struct lpf_value *y = &cc->p->values[cc->p->value_of_tensor[l->y]];
	const struct lpf_value *wv = &cc->p->values[l->wpack_val];
	const struct lpf_value *pv = &cc->p->values[l->param_val];

	w->in_seg = (uint32_t)x->seg;
	w->in_base = x->off + (uint64_t)l->in_byte_off;
	w->out_seg = (uint32_t)y->seg;
	w->out_base = y->off + (uint64_t)l->out_byte_off;
	w->w_seg = (uint32_t)wv->seg;
	w->w_base = wv->off;
	w->p_seg = (uint32_t)pv->seg;
	w->p_base = pv->off;
}

bool lpf_layer_split(const struct lpf_layer *l, struct lpf_split *s)
{
	const struct lpf_conv_geom *g = &l->pd.geom;

	if (l->in_byte_off || l->out_byte_off || l->pd.w_elem_off)
		return false;
	if (l->pd.mm_n) {
		/* A[M,K] x B[K,N]: rows of A run along x, or along y in the one-column form */
		s->units = g->h == 1 ? g->w : g->h;
		s->in_unit = g->c;
		s->out_unit = l->pd.mm_n * g->out_elem;
	} else {
		s->units = g->n_img;
		s->in_unit = l->in_img;
		s->out_unit = l->out_img;
	}
	return true;
}

/* The geometry and DRAM bases of units [lo, lo + n) of the layer alone. */
static void restrict_to_part(struct walk *w, struct lpf_conv_geom *g,
			     const struct lpf_emit_part *part)
{
	struct lpf_split s;

	if (!part->n || !lpf_layer_split(w->l, &s) || part->n == s.units)
		return;
	if (!w->l->pd.mm_n)
		g->n_img = part->n;
	else if (g->h == 1)
		g->w = g->ow = g->pw = part->n;
	else
		g->h = g->oh = g->ph = part->n;
	w->in_base += (uint64_t)(part->lo * s.in_unit);
	w->out_base += (uint64_t)(part->lo * s.out_unit);
}

static int64_t layer_items(const struct lpf_conv_geom *g, const struct lpf_tiling *t)
{
	return lpf_tile_n_oc(g, t) * g->n_img * ((g->ph + t->ph_t - 1) / t->ph_t) *
	       ((g->pw + t->pw_t - 1) / t->pw_t) * lpf_tile_n_chunks(g, t);
}

/* Room in the patch list for every INP load, CONV and POST of n_items more groups. */
static lpfpga_status grow_patch(struct lpf_layer *l, int64_t n_items, struct lpf_err *err)
{
	uint32_t *v;

	if (!l->runtime)
		return LPFPGA_OK;
	v = realloc(l->patch, (size_t)(l->n_patch + 3 * n_items + 1) * sizeof(*v));
	if (!v)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory emitting '%s'",
				   l->name);
	l->patch = v;
	return LPFPGA_OK;
}

lpfpga_status lpf_emit_layer(struct lpf_cc *cc, struct lpf_layer *l,
			     const struct lpf_emit_part *part, struct lpf_emit_state *es,
			     struct lpf_err *err)
{
	struct lpf_conv_geom g = l->pd.geom;
	struct walk w = { .l = l, .g = &g, .t = &l->pd.tiling, .satisfied = -1 };
	lpfpga_status st = LPFPGA_OK;
	bool pop_first = false;
	uint32_t first_insn;
	int64_t j;

	resolve(cc, &w);
	restrict_to_part(&w, &g, part);
	lpf_inp_memo_init(&w.pitches, g.sh, g.sw);
	w.room = lpf_tile_pitch_room(w.g, w.t);
	w.n_oc = lpf_tile_n_oc(w.g, w.t);
	w.nk = lpf_tile_n_chunks(w.g, w.t);
	w.n_r = (w.g->ph + w.t->ph_t - 1) / w.t->ph_t;
	w.n_c = (w.g->pw + w.t->pw_t - 1) / w.t->pw_t;
	w.n_items = layer_items(w.g, w.t);
	w.n_tiles = w.n_items / w.nk;
	w.half = malloc((size_t)w.n_items * 3);
	w.loads = malloc((size_t)w.n_items * sizeof(*w.loads));
	w.comp_last = malloc((size_t)w.n_items * sizeof(*w.comp_last));
	if (!w.half || !w.loads || !w.comp_last) {
		st = lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory emitting '%s'",
				 l->name);
		goto out;
	}
	if (part->first) {
		l->n_patch = 0;
		l->dram_read = l->dram_write = 0;
		l->n_tiles = 0;
	}
	st = grow_patch(l, w.n_items, err);
	if (st)
		goto out;
	l->n_tiles += (uint64_t)w.n_tiles;
	if (es->layer_in_group) {
		st = emit_barrier(cc, es, err);
		if (st)
			goto out;
		pop_first = true;
	}
	first_insn = cc->n_insns;
	st = emit_loads(cc, &w, 0, pop_first, err);
	for (j = 0; !st && j < w.n_items; j++) {
		if (j + 1 < w.n_items)
			st = emit_loads(cc, &w, j + 1, false, err);
		if (!st)
			st = emit_compute(cc, &w, j, err);
		if (!st && (j % w.nk) == w.nk - 1)
			st = emit_store(cc, &w, j, es, err);
	}
	if (part->first) {
		l->insn_first = first_insn;
		l->insn_count = cc->n_insns - first_insn;
	}
	es->layer_in_group = true;
out:
	lpf_inp_memo_free(&w.pitches);
	free(w.half);
	free(w.loads);
	free(w.comp_last);
	return st;
}

lpfpga_status lpf_emit_end(struct lpf_cc *cc, struct lpf_emit_state *es, struct lpf_err *err)
{
	struct lpf_insn in = { .opcode = LPF_OP_END };

	es->layer_in_group = false;
	return push_insn(cc, &in, NULL, err);
}

/* The token protocol as the fabric checks it, in stream order. */
lpfpga_status lpf_emit_check_tokens(const struct lpf_insn *v, uint32_t first, uint32_t n,
				    struct lpf_err *err)
{
	enum { L2C, C2L, C2S, S2C, NQ };
	int q[NQ] = { 0 }, i;
	uint32_t k;

	for (k = first; k < first + n; k++) {
		const struct lpf_insn *in = &v[k];
		int pp = -1, pn = -1, up = -1, un = -1;

		if (in->opcode == LPF_OP_LOAD) {
			pn = C2L;
			un = L2C;
		} else if (in->opcode == LPF_OP_CONV || in->opcode == LPF_OP_POST) {
			pp = L2C;
			pn = S2C;
			up = C2L;
			un = C2S;
		} else if (in->opcode == LPF_OP_STORE) {
			pp = C2S;
			up = S2C;
		} else if (in->opcode == LPF_OP_END) {
			for (i = 0; i < NQ; i++)
				if (q[i])
					return lpf_err_set(err, LPFPGA_ERROR_INTERNAL,
							   "token left over at END %u", k);
			continue;
		}
		if ((in->pop_prev && (pp < 0 || --q[pp] < 0)) ||
		    (in->pop_next && (pn < 0 || --q[pn] < 0)))
			return lpf_err_set(err, LPFPGA_ERROR_INTERNAL,
					   "instruction %u pops a token never pushed", k);
		if ((in->push_prev && (up < 0 || ++q[up] > (int)LPF_TOKEN_DEPTH)) ||
		    (in->push_next && (un < 0 || ++q[un] > (int)LPF_TOKEN_DEPTH)))
			return lpf_err_set(err, LPFPGA_ERROR_INTERNAL,
					   "instruction %u overflows a token queue", k);
	}
	return LPFPGA_OK;
}
