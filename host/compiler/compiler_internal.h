/* SPDX-License-Identifier: MIT */
/*
 * State shared by the compiler's passes: the compile-time view of every tensor,
 * the fabric layers found by partitioning, and the packing descriptor that both
 * the compile-time packer and the run-time packing step use.
 */
#ifndef LPF_COMPILER_INTERNAL_H
#define LPF_COMPILER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "compiler/program.h"
#include "compiler/tiler.h"
#include "isa/isa.h"

/* Compile-time view of a graph tensor (the graph itself is read-only). */
struct lpf_ctensor {
	int dtype;
	int rank;                       /* -1 until inferred */
	int64_t dims[LPF_MAX_RANK];
	const void *data;               /* constant data, or NULL */
	void *owned;                    /* data folded at compile time; moved to the program */
	int n_consumers;
	int consumer;                   /* the consumer node when there is exactly one */
	bool fused;                     /* lives only inside a fabric layer */
};

enum lpf_layer_kind {
	LPF_LK_QCONV = 1,               /* QLinearConv */
	LPF_LK_QMATMUL,                 /* QLinearMatMul */
	LPF_LK_ICONV,                   /* ConvInteger: RAW32 */
	LPF_LK_IMATMUL,                 /* MatMulInteger: RAW32 */
};


/* Parameter inputs of a layer, in this order in a packing step's in[]. */
enum lpf_param_input {
	LPF_PI_W,
	LPF_PI_WSCALE,
	LPF_PI_WZP,
	LPF_PI_XSCALE,
	LPF_PI_XZP,
	LPF_PI_YSCALE,
	LPF_PI_YZP,
	LPF_PI_BIAS,
	LPF_PI_COUNT
};

#define LPF_QDQ_MAX_NODES 24

/*
 * A QDQ pattern lowered to the fabric (qdq.c): DequantizeLinear -> float Conv / MatMul /
 * Gemm (dequantized constant weights, optional bias) -> Relu / Clip / MaxPool ->
 * QuantizeLinear, with what the layer reads instead of the float tensors.
 */
struct lpf_qdq {
	int node;                       /* the float Conv, MatMul or Gemm */
	int x;                          /* quantized tensor the layer reads */
	int pin[LPF_PI_COUNT];          /* quantized weights, scales, zero points, int32 bias */
	int bias_node;                  /* an Add carrying a MatMul's bias, or -1 */
	int y_float;                    /* float result the POST chain starts from */
	int q;                          /* the QuantizeLinear that ends the pattern */
	bool trans_b;                   /* B is [N,K]: packed like convolution weights */
	int32_t *bias;                  /* int32 bias computed from a float bias, or NULL */
	int bias_rounded;               /* channels whose float bias was not representable */
	int nodes[LPF_QDQ_MAX_NODES];   /* pattern nodes on the input side, for the report */
	int n_nodes;
};

/* Everything the packer needs; flat, so a run-time packing step can own a copy. */
struct lpf_pack_desc {
	struct lpf_conv_geom geom;
	struct lpf_tiling tiling;
	int kind;                       /* enum lpf_layer_kind */
	int64_t w_elem_off;             /* first weight element of this layer (matmul slice) */
	int64_t mm_n;                   /* matmul: row length of B; 0 for convolutions */
	int x_dtype, w_dtype, y_dtype;
	uint64_t wpack_bytes, param_bytes;
};

/* Source of a layer's parameters: constants at compile time, host views at run time. */
struct lpf_pack_src {
	const void *data[LPF_PI_COUNT]; /* NULL: absent */
	int dtype[LPF_PI_COUNT];
	int64_t numel[LPF_PI_COUNT];
};

/* Zero points as the fields of CONV, LOAD and POST carry them. */
struct lpf_pack_zp {
	uint32_t x_zp, y_zp;            /* raw 8-bit patterns */
};

/* Run-time packing step: owns a copy of the descriptor and the fields to patch. */
struct lpf_pack_priv {
	struct lpf_pack_desc d;
	char name[128];
	uint32_t n_patch;
	uint32_t patch[];               /* instruction indices: CONV, input LOAD, POST */
};

struct lpf_layer {
	int kind;
	int node;                       /* the fabric node */
	int fused_nodes[LPF_QDQ_MAX_NODES];
	int n_fused;
	int qdq;                        /* index into lpf_cc.qdq, or -1 */
	char op[64];
	char name[128];
	int x, y;                       /* graph tensors read and finally written */
	int pin[LPF_PI_COUNT];          /* parameter tensors, -1 if absent */
	struct lpf_pack_desc pd;
	int64_t in_byte_off, out_byte_off; /* slice offsets inside x and y */
	int64_t in_img, izs, iys, ixs;  /* input view: bytes per image, channel, row, column */
	int64_t out_img, ozs, oys, oxs; /* output view */
	bool x_signed, w_signed, y_signed, raw32;
	uint32_t clip_lo, clip_hi;      /* raw 8-bit patterns */
	bool runtime;                   /* parameters packed at inference time */
	int wpack_val, param_val;       /* value indices */
	struct lpf_pack_zp zp;
	uint32_t insn_first, insn_count;
	uint32_t *patch;
	uint32_t n_patch;
	uint64_t dram_read, dram_write;
	uint64_t n_tiles;
	char in_shape[64], w_shape[64], out_shape[64];
};

/* The compilation in progress. */
struct lpf_cc {
	const struct lpf_graph *g;
	int batch;
	bool job_per_layer;             /* lpf_compile_opts.job_per_layer */
	int parts;                      /* lpf_compile_opts.parts, at least 1 */
	struct lpf_ctensor *t;
	int *role;                      /* per node: enum lpf_node_role */
	struct lpf_layer *layers;
	int n_layers, cap_layers;
	struct lpf_program *p;
	int cap_values;
	uint64_t cap_const;
	struct lpf_insn *insns;
	uint32_t n_insns, cap_insns;
	struct lpf_qdq *qdq;            /* QDQ patterns lowered to layers */
	int n_qdq;
};

enum lpf_node_role {
	LPF_ROLE_HOST = 0,              /* runs as a HOST step */
	LPF_ROLE_SKIP,                  /* its outputs are constants already */
	LPF_ROLE_FOLDED,                /* ran at compile time */
	LPF_ROLE_FABRIC,                /* the node of one or more layers */
	LPF_ROLE_FUSED,                 /* absorbed into a layer's POST */
};

/* Names for messages; lpf_node_err prefixes "<file>: node '<name>' (<op>): ". */
lpfpga_status lpf_node_err(const struct lpf_cc *cc, const struct lpf_node *n, lpfpga_status st,
			   struct lpf_err *err, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
const char *lpf_cc_path(const struct lpf_cc *cc);
const char *lpf_cc_tname(const struct lpf_cc *cc, int t);
int64_t lpf_ct_numel(const struct lpf_ctensor *t);
void lpf_ct_shape_str(const struct lpf_ctensor *t, char *buf, size_t size);

/* infer.c: dtype/shape inference of the fabric operators. */
bool lpf_is_fabric_op(const struct lpf_node *n);
lpfpga_status lpf_infer_fabric(struct lpf_cc *cc, int node, struct lpf_err *err);
/* Resolved convolution attributes of a Conv-like node (spatial rank 1 or 2, lifted to 2). */
struct lpf_conv_attrs {
	int64_t kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, group;
	int64_t oh, ow;                 /* output size */
};
lpfpga_status lpf_conv_attrs(const struct lpf_cc *cc, const struct lpf_node *n, int spatial,
			     const int64_t *in_hw, const int64_t *k_hw, bool pool,
			     struct lpf_conv_attrs *a, struct lpf_err *err);

/* partition.c: fabric layers with their fused POST operators. */
lpfpga_status lpf_partition(struct lpf_cc *cc, struct lpf_err *err);

/* qdq.c: QDQ patterns around float Conv / MatMul / Gemm. */
bool lpf_qdq_candidate(const struct lpf_cc *cc, int node);
/* Scale (positive, finite float32 scalar constant) and zero point (scalar constant or absent). */
bool lpf_qdq_params(const struct lpf_cc *cc, const struct lpf_node *n, float *s, int32_t *zp);
/* A Cast to its input's own type. */
bool lpf_qdq_noop_cast(const struct lpf_cc *cc, const struct lpf_node *n);
/* Match the pattern at node; *out is -1 (stays on the CPU) or an index into cc->qdq. */
lpfpga_status lpf_qdq_match(struct lpf_cc *cc, int node, int *out, struct lpf_err *err);
/* Host ops whose every consumer was absorbed into fabric layers are dropped. */
void lpf_qdq_prune(struct lpf_cc *cc);
void lpf_qdq_free(struct lpf_cc *cc);

/* pack.c */
lpfpga_status lpf_pack_layer(const struct lpf_pack_desc *d, const struct lpf_pack_src *src,
			     uint8_t *wout, uint8_t *pout, struct lpf_pack_zp *zp,
			     const char *name, struct lpf_err *err);
uint64_t lpf_pack_wblock_off(const struct lpf_pack_desc *d, const struct lpf_octile *o,
			     int64_t chunk);
void lpf_pack_sizes(struct lpf_pack_desc *d);
lpfpga_status lpf_pack_step(const struct lpf_program *p, const struct lpf_step *s,
			    struct lpf_hval *in, struct lpf_hval *out, uint8_t *cmd,
			    struct lpf_err *err);

/* emitter.c */
struct lpf_emit_state {
	bool layer_in_group;            /* a layer precedes in this job: emit a barrier */
	uint32_t last_store;            /* index of that layer's last STORE */
};

/*
 * A layer's independent units of work along its outermost axis: images, or the rows
 * of A for a matrix product, with the input and output bytes each one spans.
 */
struct lpf_split {
	int64_t units, in_unit, out_unit;
};
/* False for a layer that computes a slice of its tensors (a batched-matmul slice). */
bool lpf_layer_split(const struct lpf_layer *l, struct lpf_split *s);

/* What one job of a layer computes: units [lo, lo + n), n = 0 for all of them;
 * first: the first job of the layer. */
struct lpf_emit_part {
	int64_t lo, n;
	bool first;
};
lpfpga_status lpf_emit_layer(struct lpf_cc *cc, struct lpf_layer *l,
			     const struct lpf_emit_part *part, struct lpf_emit_state *es,
			     struct lpf_err *err);
lpfpga_status lpf_emit_end(struct lpf_cc *cc, struct lpf_emit_state *es, struct lpf_err *err);
lpfpga_status lpf_emit_check_tokens(const struct lpf_insn *v, uint32_t first, uint32_t n,
				    struct lpf_err *err);

/* report.c */
lpfpga_status lpf_report(struct lpf_cc *cc, struct lpf_err *err);

#endif
