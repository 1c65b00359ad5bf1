/* SPDX-License-Identifier: MIT */
/*
 * Topological order of the imported nodes (Kahn's algorithm). Ready nodes leave a
 * min-heap keyed by file position, so a file already in order keeps its order.
 */
#include <stdlib.h>

#include "onnx/onnx_build.h"

struct topo {
	int *indeg;                     /* unfinished producer edges per node */
	int *start;                     /* CSR: consumers of node p at succ[start[p]..start[p+1]) */
	int *succ;
	int *heap;
	int n_heap;
	int *order;
	bool *done;
};

static void heap_push(struct topo *t, int v)
{
	int i = t->n_heap++;

	while (i > 0 && t->heap[(i - 1) / 2] > v) {
		t->heap[i] = t->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	t->heap[i] = v;
}

static int heap_pop(struct topo *t)
{
	int top = t->heap[0], last = t->heap[--t->n_heap], i = 0;

	for (;;) {
		int c = 2 * i + 1;

		if (c >= t->n_heap)
			break;
		if (c + 1 < t->n_heap && t->heap[c + 1] < t->heap[c])
			c++;
		if (last <= t->heap[c])
			break;
		t->heap[i] = t->heap[c];
		i = c;
	}
	if (t->n_heap)
		t->heap[i] = last;
	return top;
}

/* Producer node of input j of node v, or -1 for constants, graph inputs and omitted ones. */
static int pred(const struct lpf_graph *g, int v, int j)
{
	int ti = g->nodes[v].in[j];

	return ti < 0 ? -1 : g->tensors[ti].producer;
}

static int build_edges(const struct lpf_graph *g, struct topo *t)
{
	int n = g->n_nodes, edges = 0;

	for (int v = 0; v < n; v++)
		for (int j = 0; j < g->nodes[v].n_in; j++)
			if (pred(g, v, j) >= 0) {
				t->start[pred(g, v, j) + 1]++;
				t->indeg[v]++;
				edges++;
			}
	for (int p = 0; p < n; p++)
		t->start[p + 1] += t->start[p];
	t->succ = malloc((size_t)(edges ? edges : 1) * sizeof(int));
	if (!t->succ)
		return -1;
	/* Fill with a moving cursor per producer, then shift the cursors back. */
	for (int v = 0; v < n; v++)
		for (int j = 0; j < g->nodes[v].n_in; j++)
			if (pred(g, v, j) >= 0)
				t->succ[t->start[pred(g, v, j)]++] = v;
	for (int p = n; p > 0; p--)
		t->start[p] = t->start[p - 1];
	t->start[0] = 0;
	return 0;
}

/* Walk unfinished predecessors n times: the walk must then be inside a cycle. */
static int node_on_cycle(const struct lpf_graph *g, const struct topo *t)
{
	int v = 0;

	while (t->done[v])
		v++;
	for (int step = 0; step < g->n_nodes; step++) {
		for (int j = 0; j < g->nodes[v].n_in; j++) {
			int p = pred(g, v, j);

			if (p >= 0 && !t->done[p]) {
				v = p;
				break;
			}
		}
	}
	return v;
}

static int reorder(struct lpf_graph *g, const int *order)
{
	int n = g->n_nodes;
	struct lpf_node *sorted = malloc((size_t)(n ? n : 1) * sizeof(*sorted));
	int *pos = malloc((size_t)(n ? n : 1) * sizeof(*pos));

	if (!sorted || !pos) {
		free(sorted);
		free(pos);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		sorted[i] = g->nodes[order[i]];
		pos[order[i]] = i;
	}
	for (int i = 0; i < g->n_tensors; i++)
		if (g->tensors[i].producer >= 0)
			g->tensors[i].producer = pos[g->tensors[i].producer];
	free(g->nodes);
	g->nodes = sorted;
	free(pos);
	return 0;
}

static void topo_free(struct topo *t)
{
	free(t->indeg);
	free(t->start);
	free(t->succ);
	free(t->heap);
	free(t->order);
	free(t->done);
}

lpfpga_status lpf_onnx_topo_sort(struct lpf_onnx_build *b)
{
	struct lpf_graph *g = b->g;
	size_t n = (size_t)g->n_nodes + 1;
	struct topo t = { 0 };
	int emitted = 0;
	lpfpga_status st = LPFPGA_OK;

	t.indeg = calloc(n, sizeof(int));
	t.start = calloc(n, sizeof(int));
	t.heap = malloc(n * sizeof(int));
	t.order = malloc(n * sizeof(int));
	t.done = calloc(n, sizeof(bool));
	if (!t.indeg || !t.start || !t.heap || !t.order || !t.done || build_edges(g, &t)) {
		topo_free(&t);
		return lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	}
	for (int v = 0; v < g->n_nodes; v++)
		if (!t.indeg[v])
			heap_push(&t, v);
	while (t.n_heap) {
		int v = heap_pop(&t);

		t.done[v] = true;
		t.order[emitted++] = v;
		for (int e = t.start[v]; e < t.start[v + 1]; e++)
			if (--t.indeg[t.succ[e]] == 0)
				heap_push(&t, t.succ[e]);
	}
	if (emitted < g->n_nodes) {
		const struct lpf_node *c = &g->nodes[node_on_cycle(g, &t)];

		st = lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
				   "graph has a cycle through node '%s' (%s)", c->name, c->op_type);
	} else if (reorder(g, t.order)) {
		st = lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	}
	topo_free(&t);
	return st;
}
