/* SPDX-License-Identifier: MIT */
/*
 * lpfpga.h - the public C API of liblpfpga.
 *
 * Open a device (a board, the simulated fabric or the CPU golden model), load a
 * quantized ONNX model onto it and run inferences. Every handle is opaque; every
 * create has a destroy. Functions return an lpfpga_status (LPFPGA_OK = 0, errors
 * negative); the detailed reason of the last failure on a handle is kept in that
 * handle and read with lpfpga_device_last_error() / lpfpga_model_last_error().
 * Out-parameters are written only on success.
 *
 * Threads: distinct devices and distinct models may be used from different
 * threads at once. Calls on one model are serialised internally.
 */
#ifndef LPFPGA_H
#define LPFPGA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(LPFPGA_BUILDING_LIBRARY)
#define LPFPGA_API __attribute__((visibility("default")))
#else
#define LPFPGA_API
#endif

/** Bumped on every addition to this header. */
#define LPFPGA_API_VERSION 5

/* X-macro: name, value, message. */
#define LPFPGA_STATUS_LIST(X)                                                        \
	X(LPFPGA_OK, 0, "success")                                                   \
	X(LPFPGA_ERROR_INVALID_ARGUMENT, -1, "invalid argument")                     \
	X(LPFPGA_ERROR_NO_MEMORY, -2, "out of memory")                               \
	X(LPFPGA_ERROR_IO, -3, "input/output error")                                 \
	X(LPFPGA_ERROR_NOT_FOUND, -4, "not found")                                   \
	X(LPFPGA_ERROR_NOT_SUPPORTED, -5, "not supported")                           \
	X(LPFPGA_ERROR_MODEL_INVALID, -6, "malformed model")                         \
	X(LPFPGA_ERROR_UNSUPPORTED_OP, -7, "unsupported operator")                   \
	X(LPFPGA_ERROR_SHAPE_MISMATCH, -8, "shape mismatch")                         \
	X(LPFPGA_ERROR_DTYPE_MISMATCH, -9, "data type mismatch")                     \
	X(LPFPGA_ERROR_NO_DEVICE, -10, "no device")                                  \
	X(LPFPGA_ERROR_DEVICE, -11, "device error")                                  \
	X(LPFPGA_ERROR_TIMEOUT, -12, "timeout")                                      \
	X(LPFPGA_ERROR_BUSY, -13, "busy")                                            \
	X(LPFPGA_ERROR_VERSION_MISMATCH, -14, "fabric version mismatch")             \
	X(LPFPGA_ERROR_INTERNAL, -15, "internal error")

typedef enum lpfpga_status {
#define LPFPGA_STATUS_ENUM(name, value, msg) name = (value),
	LPFPGA_STATUS_LIST(LPFPGA_STATUS_ENUM)
#undef LPFPGA_STATUS_ENUM
} lpfpga_status;

/** Element types; values equal ONNX TensorProto.DataType. */
typedef enum lpfpga_dtype {
	LPFPGA_DTYPE_UNDEFINED = 0,
	LPFPGA_DTYPE_FLOAT = 1,
	LPFPGA_DTYPE_UINT8 = 2,
	LPFPGA_DTYPE_INT8 = 3,
	LPFPGA_DTYPE_INT32 = 6,
	LPFPGA_DTYPE_INT64 = 7,
} lpfpga_dtype;

#define LPFPGA_MAX_RANK 8

typedef struct lpfpga_device lpfpga_device;
typedef struct lpfpga_model lpfpga_model;

/** A dense row-major tensor owned by the caller. */
typedef struct lpfpga_tensor {
	const char *name;                /* optional on input; matched by position if NULL */
	lpfpga_dtype dtype;
	int rank;
	int64_t dims[LPFPGA_MAX_RANK];
	void *data;                      /* caller-owned buffer */
	size_t size;                     /* bytes available at data */
} lpfpga_tensor;

/** Description of a model input or output. */
typedef struct lpfpga_tensor_info {
	const char *name;                /* owned by the model */
	lpfpga_dtype dtype;
	int rank;
	int64_t dims[LPFPGA_MAX_RANK];   /* -1 for the symbolic batch dimension */
	float scale;                     /* quantization scale; 0 when not quantized */
	int32_t zero_point;
} lpfpga_tensor_info;

typedef struct lpfpga_model_options {
	int batch;                       /* batch size to compile first; 0 = 1 */
	int profile;                     /* non-zero: one fabric job per layer, so that
					  * lpfpga_model_layer_stats() measures each layer */
} lpfpga_model_options;

/** What a device's fabric reports about itself (its ID and CAP registers). */
typedef struct lpfpga_device_info {
	const char *backend;             /* "cpu", "sim", ... */
	uint32_t spec_major, spec_minor; /* spec version the fabric implements */
	uint32_t spec_hash;              /* hash of hw/spec/lpfpga_spec.json */
	uint32_t pe_rows, pe_cols;       /* MAC array geometry */
	uint32_t inp_buf_bytes, wgt_buf_bytes;
	uint32_t acc_buf_entries, param_buf_entries;
	uint32_t features;               /* the CAP3 register: feature bits, docs/registers.md */
	uint32_t compute_units;          /* fabrics that run jobs side by side; a batch is
					  * split over them (cpu: one per thread) */
} lpfpga_device_info;

/** Per-inference device counters, summed over the fabric jobs of one run. */
typedef struct lpfpga_counters {
	uint64_t busy_cycles;
	uint64_t macs;
	uint64_t stall_cycles;
	uint64_t dram_read_bytes;
	uint64_t dram_write_bytes;
	uint64_t jobs;
} lpfpga_counters;

/** Library version string, e.g. "0.1.0". Never fails. */
LPFPGA_API const char *lpfpga_version(void);

/** Constant name ("LPFPGA_ERROR_IO") of a status; "LPFPGA_UNKNOWN" if unknown. */
LPFPGA_API const char *lpfpga_status_name(lpfpga_status st);

/** Short English message of a status. Never NULL. */
LPFPGA_API const char *lpfpga_status_str(lpfpga_status st);

/**
 * Open a device. uri: "auto" (first board present, else "cpu") or a backend name
 * with optional arguments after a colon ("cpu", "sim", "pcie:/dev/lpfpga0", ...).
 * lpfpga_backend_names() lists what this build knows.
 * Returns LPFPGA_ERROR_NOT_FOUND for an unknown backend, LPFPGA_ERROR_NO_DEVICE if
 * the backend finds no device. On failure the reason is in lpfpga_last_open_error().
 */
LPFPGA_API lpfpga_status lpfpga_open(const char *uri, lpfpga_device **out);

/** Reason of the last failed lpfpga_open() on this thread. */
LPFPGA_API const char *lpfpga_last_open_error(void);

/** Close a device. All models loaded on it must be freed first. NULL is a no-op. */
LPFPGA_API void lpfpga_close(lpfpga_device *dev);

/** Name of the backend the device runs on ("cpu", "sim", ...). */
LPFPGA_API const char *lpfpga_device_backend(const lpfpga_device *dev);

/** NULL-terminated list of backend names compiled into this library. */
LPFPGA_API const char *const *lpfpga_backend_names(void);

/** Describe the device's fabric. Returns LPFPGA_ERROR_INVALID_ARGUMENT for NULL. */
LPFPGA_API lpfpga_status lpfpga_device_query(const lpfpga_device *dev, lpfpga_device_info *out);

/** Detailed message of the last error on the device ("" if none). */
LPFPGA_API const char *lpfpga_device_last_error(const lpfpga_device *dev);

/**
 * Load and compile an ONNX model. opts may be NULL. Malformed files, unsupported
 * operators and shape errors fail with a message naming the file, node, operator
 * and shape in lpfpga_device_last_error(dev).
 */
LPFPGA_API lpfpga_status lpfpga_model_load(lpfpga_device *dev, const char *path,
					   const lpfpga_model_options *opts,
					   lpfpga_model **out);

/** Like lpfpga_model_load() from a buffer holding the serialized ModelProto. */
LPFPGA_API lpfpga_status lpfpga_model_load_buffer(lpfpga_device *dev, const void *data,
						  size_t size, const char *name,
						  const lpfpga_model_options *opts,
						  lpfpga_model **out);

/** Free a model. NULL is a no-op. */
LPFPGA_API void lpfpga_model_free(lpfpga_model *model);

LPFPGA_API int lpfpga_model_num_inputs(const lpfpga_model *model);
LPFPGA_API int lpfpga_model_num_outputs(const lpfpga_model *model);
LPFPGA_API lpfpga_status lpfpga_model_input_info(const lpfpga_model *model, int index,
						 lpfpga_tensor_info *info);
LPFPGA_API lpfpga_status lpfpga_model_output_info(const lpfpga_model *model, int index,
						  lpfpga_tensor_info *info);

/** Detailed message of the last error on the model ("" if none). */
LPFPGA_API const char *lpfpga_model_last_error(const lpfpga_model *model);

/**
 * Run one inference, synchronously. inputs are matched by name when every one of
 * them names a model input, otherwise by position; dims must equal the model's
 * (the symbolic batch dimension is bound from the inputs). outputs[i] receive the model outputs in order: on entry
 * data/size give the caller's buffer; on success dtype, rank and dims are filled in.
 * Returns LPFPGA_ERROR_SHAPE_MISMATCH / DTYPE_MISMATCH for wrong inputs,
 * LPFPGA_ERROR_INVALID_ARGUMENT for a too small output buffer.
 */
LPFPGA_API lpfpga_status lpfpga_infer(lpfpga_model *model, const lpfpga_tensor *inputs,
				      int n_inputs, lpfpga_tensor *outputs, int n_outputs);

/** Counters of the last lpfpga_infer() on this model. */
LPFPGA_API lpfpga_status lpfpga_model_counters(const lpfpga_model *model,
					       lpfpga_counters *out);

/** A fabric layer: the compiler's figures and, when profiling, what the fabric measured. */
typedef struct lpfpga_layer_stats {
	const char *name;                /* ONNX node name(s); owned by the model */
	const char *op;                  /* "QLinearConv+MaxPool", ... */
	uint64_t macs;                   /* compiler: multiply-accumulates */
	uint64_t dram_bytes;             /* compiler: bytes its instructions move */
	uint64_t dram_lower_bound;       /* compiler: each input, weight and output byte once */
	uint64_t conv_cycles;            /* compiler: cycles of its CONV reduction steps (INP
					  * bank conflicts included, all parts of a split layer
					  * together): a lower bound of its cycles on one fabric */
	int measured;                    /* 1 if the next field holds this layer's own counters */
	lpfpga_counters counters;        /* last lpfpga_infer() (needs options.profile) */
} lpfpga_layer_stats;

/** Fabric layers of the most recently used compilation of the model. */
LPFPGA_API int lpfpga_model_num_layers(const lpfpga_model *model);

/** Layer i of lpfpga_model_num_layers(); LPFPGA_ERROR_INVALID_ARGUMENT if out of range. */
LPFPGA_API lpfpga_status lpfpga_model_layer_stats(const lpfpga_model *model, int index,
						  lpfpga_layer_stats *out);

/**
 * Human-readable compile report (per layer: op, shapes, tiles, MACs, DRAM traffic
 * and its lower bound; the CPU-fallback partition). Owned by the model.
 */
LPFPGA_API const char *lpfpga_model_report(lpfpga_model *model);

/**
 * Read a tensor file: an ONNX TensorProto (.pb) or a NumPy array (.npy, C order,
 * float32/uint8/int8/int32/int64). On success *out holds a malloc'd copy of the
 * name and data owned by the caller: release it with lpfpga_tensor_release().
 * On failure errbuf (if non-NULL) says why.
 */
LPFPGA_API lpfpga_status lpfpga_tensor_read(const char *path, lpfpga_tensor *out, char *errbuf,
					    size_t errlen);

/** Write t as a TensorProto (.pb) or, if path ends in ".npy", as a NumPy array. */
LPFPGA_API lpfpga_status lpfpga_tensor_write(const char *path, const lpfpga_tensor *t,
					     char *errbuf, size_t errlen);

/** Free what lpfpga_tensor_read() allocated and clear *t. NULL is a no-op. */
LPFPGA_API void lpfpga_tensor_release(lpfpga_tensor *t);

/** Bytes of one element of dtype; 0 if unknown. */
LPFPGA_API size_t lpfpga_dtype_size(lpfpga_dtype dtype);

/** Name of dtype ("uint8"); "undefined" if unknown. */
LPFPGA_API const char *lpfpga_dtype_name(lpfpga_dtype dtype);

#ifdef __cplusplus
}
#endif

#endif /* LPFPGA_H */
