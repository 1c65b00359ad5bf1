/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the host-op families: arity and dtype checks, error messages
 * naming node, op and shapes, attribute lists, axis normalisation and numpy-style
 * broadcasting. Internal to host/hostops/.
 */
#ifndef LPF_HOSTOP_UTIL_H
#define LPF_HOSTOP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hostops/hostops.h"

#define LPF_HOP_SHAPE_MAX 128

/* Bit for dtype dt in a set of accepted dtypes. */
#define LPF_HOP_DT(dt) (1u << (dt))

/* The family tables, each ending with a zeroed entry; hostops.c searches them. */
extern const struct lpf_hostop lpf_hostops_quantize[];
extern const struct lpf_hostop lpf_hostops_elementwise[];
extern const struct lpf_hostop lpf_hostops_cast[];
extern const struct lpf_hostop lpf_hostops_pool[];
extern const struct lpf_hostop lpf_hostops_softmax[];
extern const struct lpf_hostop lpf_hostops_shape[];
extern const struct lpf_hostop lpf_hostops_conv_float[];
extern const struct lpf_hostop lpf_hostops_gemm_float[];
extern const struct lpf_hostop lpf_hostops_ms_binary[];
extern const struct lpf_hostop lpf_hostops_ms_lut[];
extern const struct lpf_hostop lpf_hostops_ms_pool[];
extern const struct lpf_hostop lpf_hostops_ms_concat[];

/* Elements of v; 1 for a scalar (rank 0). */
int64_t lpf_hop_numel(const struct lpf_hval *v);

/* True if input i exists and is not an omitted optional input. */
bool lpf_hop_present(const struct lpf_hval *in, int n_in, int i);

/* "[1,3,4]" into buf; returns buf. */
const char *lpf_hop_shape(const struct lpf_hval *v, char *buf, size_t size);

/* Record "node '<name>' (<op>): <message>" in err; returns st. */
lpfpga_status lpf_hop_fail(const struct lpf_node *n, struct lpf_err *err, lpfpga_status st,
			   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Check that between min_in and max_in inputs are given, that the first min_in are
 * present, and that there are at least 1 and at most max_out outputs.
 */
lpfpga_status lpf_hop_check_arity(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				  int min_in, int max_in, int n_out, int max_out,
				  struct lpf_err *err);

/* Check that input i has a dtype in the set mask (LPF_HOP_DT bits). */
lpfpga_status lpf_hop_check_dtype(const struct lpf_node *n, const struct lpf_hval *in, int i,
				  unsigned int mask, struct lpf_err *err);

/* Check that inputs i and j have the same dtype. */
lpfpga_status lpf_hop_check_same_dtype(const struct lpf_node *n, const struct lpf_hval *in,
				       int i, int j, struct lpf_err *err);

/*
 * Copy the INTS attribute name into vals (at most max entries); *count is -1 when
 * the attribute is absent. A wrong type or too many entries is an error.
 */
lpfpga_status lpf_hop_attr_ints(const struct lpf_node *n, const char *name, int64_t *vals,
				int max, int *count, struct lpf_err *err);

/* Normalise axis (negative counts from the end) into [0, rank); false if out of range. */
bool lpf_hop_axis(int64_t axis, int rank, int *out);

/* Set dtype, rank and dims of an output. */
void lpf_hop_set_shape(struct lpf_hval *o, int dtype, int rank, const int64_t *dims);

/* Read element i of a constant integer tensor (int32 or int64) as int64. */
int64_t lpf_hop_int_at(const struct lpf_hval *v, int64_t i);

/* Numpy broadcast of shapes a and b into (rank, dims); false if they do not broadcast. */
bool lpf_hop_broadcast(const struct lpf_hval *a, const struct lpf_hval *b, int *rank,
		       int64_t *dims);

/*
 * Walks an output of shape (rank, dims) in row-major order while tracking the
 * element offsets of up to two broadcast inputs.
 */
struct lpf_hop_iter {
	int rank;
	int64_t dims[LPF_MAX_RANK];
	int64_t idx[LPF_MAX_RANK];
	int64_t stride[2][LPF_MAX_RANK];
	int64_t off[2];
};

/* b may be NULL. Inputs must broadcast to (rank, dims). */
void lpf_hop_iter_init(struct lpf_hop_iter *it, int rank, const int64_t *dims,
		       const struct lpf_hval *a, const struct lpf_hval *b);

static inline void lpf_hop_iter_next(struct lpf_hop_iter *it)
{
	for (int d = it->rank - 1; d >= 0; d--) {
		it->off[0] += it->stride[0][d];
		it->off[1] += it->stride[1][d];
		if (++it->idx[d] < it->dims[d])
			return;
		it->off[0] -= it->stride[0][d] * it->dims[d];
		it->off[1] -= it->stride[1][d] * it->dims[d];
		it->idx[d] = 0;
	}
}

#endif
