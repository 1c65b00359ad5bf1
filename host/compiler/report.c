/* SPDX-License-Identifier: MIT */
/*
 * The compile report: one line per fabric layer (op with its fused parts,
 * shapes, tiles, MACs, DRAM traffic against its lower bound), the partition
 * (which ops fell back to the CPU), and totals. A layer lowered from a QDQ pattern
 * lists the nodes it absorbed and how its rounding relates to the float graph.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "compiler/compiler_internal.h"

struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void put(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		char *ns;

		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if (b->s && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		ns = realloc(b->s, (b->cap + (size_t)n + 1) * 2);

		if (!ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = (b->cap + (size_t)n + 1) * 2;
	}
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* What a QDQ layer absorbed, and how its arithmetic relates to the float graph. */
static void qdq_lines(struct sbuf *b, const struct lpf_cc *cc, const struct lpf_layer *l)
{
	const struct lpf_qdq *m = &cc->qdq[l->qdq];
	int nodes[2 * LPF_QDQ_MAX_NODES + 1], n = 0, i;

	for (i = 0; i < m->n_nodes; i++)
		nodes[n++] = m->nodes[i];
	nodes[n++] = m->node;
	for (i = 0; i < l->n_fused; i++)
		nodes[n++] = l->fused_nodes[i];
	qsort(nodes, (size_t)n, sizeof(nodes[0]), cmp_int);
	put(b, "  QDQ: fused");
	for (i = 0; i < n; i++) {
		const struct lpf_node *nd = &cc->g->nodes[nodes[i]];

		/* nodes still running on the CPU (other consumers) are not part of the layer */
		if ((i && nodes[i] == nodes[i - 1]) || cc->role[nodes[i]] == LPF_ROLE_HOST)
			continue;
		put(b, "%s %s '%s'", i ? "," : "", nd->op_type, nd->name);
	}
	put(b, "\n  QDQ: lowered to the fabric: exact int32 accumulation, one requantization "
	       "(docs/arithmetic.md), as onnxruntime's fused QLinearConv/QLinearMatMul; the "
	       "unfused float graph may differ by 1 LSB where its float sum lands near a "
	       "rounding tie\n");
	if (m->bias)
		put(b, "  QDQ: float bias converted to int32 round(b / (x_scale * w_scale)); %d of "
		       "%lld values not exactly representable\n",
		    m->bias_rounded, (long long)l->pd.geom.oc);
}

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

lpfpga_status lpf_report(struct lpf_cc *cc, struct lpf_err *err)
{
	const struct lpf_program *p = cc->p;
	struct sbuf b = { 0 };
	uint64_t macs = 0, rd = 0, wr = 0, lb = 0;
	int i, n_host = 0, n_jobs = 0, first = 1;

	for (i = 0; i < p->n_layers; i++) {
		const struct lpf_layer_info *l = &p->layers[i];

		put(&b, "layer %d: %s '%s' in %s w %s out %s | tile %s | %u tiles | %llu MACs | "
			"DRAM %llu+%llu B, lower bound %llu B, ratio %.2f | CONV >= %llu cycles, "
			"utilisation <= %.1f%%\n",
		    i, l->op, l->name, l->in_shape, l->w_shape, l->out_shape, l->tile, l->n_tiles,
		    (unsigned long long)l->macs, (unsigned long long)l->dram_read,
		    (unsigned long long)l->dram_write, (unsigned long long)l->lower_bound,
		    ratio(l->dram_read + l->dram_write, l->lower_bound),
		    (unsigned long long)l->est_conv_cycles,
		    100.0 * ratio(l->macs, l->est_conv_cycles * LPF_PE_ROWS * LPF_PE_COLS));
		if (cc->layers[i].qdq >= 0 &&
		    (i == 0 || cc->layers[i - 1].node != cc->layers[i].node))
			qdq_lines(&b, cc, &cc->layers[i]);
		macs += l->macs;
		rd += l->dram_read;
		wr += l->dram_write;
		lb += l->lower_bound;
	}
	for (i = 0; i < cc->g->n_nodes; i++)
		n_host += cc->role[i] == LPF_ROLE_HOST;
	for (i = 0; i < p->n_steps; i++)
		n_jobs += p->steps[i].kind == LPF_STEP_FABRIC;
	put(&b, "partition: %d fabric layer%s, %d host op%s", p->n_layers,
	    p->n_layers == 1 ? "" : "s", n_host, n_host == 1 ? "" : "s");
	for (i = 0; i < cc->g->n_nodes; i++) {
		const struct lpf_node *n = &cc->g->nodes[i];

		if (cc->role[i] != LPF_ROLE_HOST)
			continue;
		put(&b, "%s %s '%s'", first ? ":" : ",", n->op_type, n->name);
		first = 0;
	}
	put(&b, "\ntotal: %llu MACs, DRAM %llu B read + %llu B written, lower bound %llu B, "
		"ratio %.2f; %u instructions in %d fabric job%s, %d steps; constants %llu B, "
		"arena %llu B\n",
	    (unsigned long long)macs, (unsigned long long)rd, (unsigned long long)wr,
	    (unsigned long long)lb, ratio(rd + wr, lb), p->n_insns, n_jobs,
	    n_jobs == 1 ? "" : "s", p->n_steps, (unsigned long long)p->const_size,
	    (unsigned long long)p->arena_size);
	if (b.oom) {
		free(b.s);
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory for the report");
	}
	cc->p->report = b.s;
	return LPFPGA_OK;
}
