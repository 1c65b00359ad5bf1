/* SPDX-License-Identifier: MIT */
/*
 * The compiler's product, consumed by the runtime: where every value lives in
 * device memory, the constant image, one encoded command stream, and the steps
 * that run it (fabric jobs and CPU-fallback host ops) in order.
 *
 * Memory: segment LPF_PROG_SEG_CONST holds the constant image (packed weights,
 * parameter tables, constant tensors), uploaded once at load; segment
 * LPF_PROG_SEG_ARENA holds inputs, outputs and every intermediate value.
 * Tensors in device memory are dense, row-major, in ONNX layout (NCHW).
 */
#ifndef LPF_PROGRAM_H
#define LPF_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "ir/graph.h"

#define LPF_PROG_SEG_CONST 0
#define LPF_PROG_SEG_ARENA 1
#define LPF_STEP_MAX_IO 16

struct lpf_value {
	int tensor;                     /* graph tensor index, or -1 for internal buffers */
	int dtype;                      /* enum lpf_onnx_dtype */
	int rank;
	int64_t dims[LPF_MAX_RANK];     /* concrete: the batch is bound */
	int seg;                        /* LPF_PROG_SEG_* */
	uint64_t off;                   /* byte offset in the segment */
	uint64_t nbytes;
	float scale;                    /* quantization parameters when known, else 0 */
	int32_t zero_point;
};

/* A host view of a value, handed to host ops. */
struct lpf_hval {
	int dtype;
	int rank;
	int64_t dims[LPF_MAX_RANK];
	void *data;
};

struct lpf_program;
struct lpf_step;

/*
 * A host step's work: in/out are host views of the step's values. cmd is the host
 * mapping of the device copy of the command stream (p->n_insns instructions), so a
 * step that packs run-time parameters can patch the fields that depend on them
 * (zero points, clip bounds); the runtime syncs it to the device afterwards.
 */
typedef lpfpga_status (*lpf_host_step_fn)(const struct lpf_program *p, const struct lpf_step *s,
					  struct lpf_hval *in, struct lpf_hval *out, uint8_t *cmd,
					  struct lpf_err *err);

enum lpf_step_kind {
	LPF_STEP_FABRIC = 1,            /* insn range ending with END: one job */
	LPF_STEP_HOST = 2,              /* CPU fallback op or runtime packing */
};

/* Jobs one fabric step may be split into, one per compute unit. */
#define LPF_MAX_PARTS 64

struct lpf_step {
	int kind;
	/* FABRIC: n_parts independent jobs, part p being instructions
	 * [part_insn[p], part_insn[p + 1]), each ending with END; together they are
	 * [insn_first, insn_first + insn_count). */
	uint32_t insn_first, insn_count;
	int n_parts;
	uint32_t part_insn[LPF_MAX_PARTS + 1];
	int layer_first, layer_count;   /* layers[] covered, for counters and reports */
	/* HOST */
	lpf_host_step_fn fn;
	const struct lpf_node *node;    /* the ONNX node it runs, or NULL */
	void *priv;                     /* owned by the program, freed with free() */
	int n_in, n_out;
	int in[LPF_STEP_MAX_IO];        /* value indices; -1 for an omitted optional input */
	int out[LPF_STEP_MAX_IO];
};

/* One fabric layer, for the compile report. */
struct lpf_layer_info {
	char name[128];                 /* ONNX node name(s) fused into it */
	char op[64];                    /* "QLinearConv+MaxPool", ... */
	char in_shape[64], w_shape[64], out_shape[64];
	char tile[96];                  /* tile sizes, e.g. "oc16 oh8 ow28 ic32" */
	uint32_t n_tiles;
	uint64_t macs;
	uint64_t dram_read, dram_write; /* bytes the command stream moves */
	uint64_t est_read, est_write;   /* the tiler's prediction of them (for one part) */
	uint64_t est_conv_cycles;       /* the tiler's CONV step cycles (for one part) */
	uint64_t lower_bound;           /* bytes: each input, weight and output once */
	uint32_t insn_first, insn_count;
};

struct lpf_program {
	const struct lpf_graph *graph;  /* not owned */
	int batch;
	int n_values;
	struct lpf_value *values;
	int *value_of_tensor;           /* graph tensor index -> value index or -1 */
	uint8_t *const_image;
	uint64_t const_size;
	uint64_t arena_size;
	uint8_t *cmd;                   /* n_insns * LPF_INSN_BYTES encoded bytes */
	uint32_t n_insns;
	int n_steps;
	struct lpf_step *steps;
	int n_layers;
	struct lpf_layer_info *layers;
	char *report;                   /* compile report text, NUL-terminated */
};

struct lpf_compile_opts {
	int batch;                      /* binds the symbolic batch dimension; >= 1 */
	/* One fabric job per layer instead of one per run of layers, so that the fabric's
	 * counters measure each layer on its own (profiling). */
	bool job_per_layer;
	/*
	 * Split each fabric job by images (or matrix rows) into up to this many jobs
	 * that run side by side on separate compute units; <= 1: one job.
	 */
	int parts;
};

/*
 * Compile g. Unsupported ops, dtypes and shapes fail with a message naming node, op
 * and shape.
 */
lpfpga_status lpf_compile_opts(const struct lpf_graph *g, const struct lpf_compile_opts *opts,
			       struct lpf_program **out, struct lpf_err *err);

/* lpf_compile_opts() for batch with the default options. */
lpfpga_status lpf_compile(const struct lpf_graph *g, int batch, struct lpf_program **out,
			  struct lpf_err *err);
void lpf_program_free(struct lpf_program *p);

#endif
