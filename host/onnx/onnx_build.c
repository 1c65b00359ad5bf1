/* SPDX-License-Identifier: MIT */
/* The importer's tensor table: append, name index (FNV-1a, linear probing), messages. */
#include "onnx/onnx_build.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx/onnx_import.h"

lpfpga_status lpf_onnx_fail(struct lpf_onnx_build *b, lpfpga_status st, const char *fmt, ...)
{
	char msg[LPF_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lpf_err_set(b->err, st, "%s: %s", b->file, msg);
}

lpfpga_status lpf_onnx_fail_prefix(struct lpf_onnx_build *b)
{
	lpf_err_prefix(b->err, "%s", b->file);
	return b->err->status;
}

char *lpf_onnx_strdup(struct lpf_onnx_build *b, const char *s)
{
	char *d = strdup(s);

	if (!d)
		lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	return d;
}

static size_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 0x100000001b3ull;
	return (size_t)h;
}

static size_t slot_of(const struct lpf_onnx_build *b, const char *name)
{
	size_t mask = b->n_slots - 1, i = name_hash(name) & mask;

	while (b->slots[i] >= 0 && strcmp(b->g->tensors[b->slots[i]].name, name))
		i = (i + 1) & mask;
	return i;
}

int lpf_onnx_find(const struct lpf_onnx_build *b, const char *name)
{
	if (!b->n_slots)
		return -1;
	return b->slots[slot_of(b, name)];
}

static int grow_index(struct lpf_onnx_build *b)
{
	size_t n = b->n_slots ? b->n_slots * 2 : 64;
	int *old = b->slots;
	size_t n_old = b->n_slots;

	b->slots = malloc(n * sizeof(*b->slots));
	if (!b->slots) {
		b->slots = old;
		return -1;
	}
	memset(b->slots, 0xff, n * sizeof(*b->slots));
	b->n_slots = n;
	for (size_t i = 0; i < n_old; i++)
		if (old[i] >= 0)
			b->slots[slot_of(b, b->g->tensors[old[i]].name)] = old[i];
	free(old);
	return 0;
}

static int grow_tensors(struct lpf_onnx_build *b)
{
	int n = b->cap_tensors ? b->cap_tensors * 2 : 64;
	struct lpf_tensor *t;

	t = realloc(b->g->tensors, (size_t)n * sizeof(*t));
	if (!t)
		return -1;
	b->g->tensors = t;
	b->cap_tensors = n;
	return 0;
}

int lpf_onnx_add_tensor(struct lpf_onnx_build *b, const char *name, bool indexed)
{
	struct lpf_graph *g = b->g;
	struct lpf_tensor *t;
	int idx = g->n_tensors;

	if (idx >= LPF_ONNX_MAX_TENSORS) {
		lpf_onnx_fail(b, LPFPGA_ERROR_NOT_SUPPORTED, "more than %d tensors",
			      LPF_ONNX_MAX_TENSORS);
		return -1;
	}
	if ((idx >= b->cap_tensors && grow_tensors(b)) ||
	    (indexed && (size_t)(b->n_named + 1) * 2 > b->n_slots && grow_index(b))) {
		lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
		return -1;
	}
	t = &g->tensors[idx];
	memset(t, 0, sizeof(*t));
	t->rank = -1;
	t->producer = -1;
	t->name = lpf_onnx_strdup(b, name);
	if (!t->name)
		return -1;
	g->n_tensors++;
	if (indexed) {
		b->slots[slot_of(b, name)] = idx;
		b->n_named++;
	}
	return idx;
}
