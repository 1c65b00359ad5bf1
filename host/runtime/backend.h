/* SPDX-License-Identifier: MIT */
/*
 * The backend interface: what liblpfpga needs from anything that runs command
 * streams (the CPU golden model, the Verilated RTL, a PCIe board, XRT, USB).
 * A backend knows buffers, registers and jobs; never graphs or ONNX.
 *
 * Adding a backend: write host/backends/<name>_backend.c exporting
 * `const struct lpfpga_backend_ops lpf_<name>_backend` and add one line to
 * host/backends/backend_list.h. Hooks a backend lacks are NULL; callers treat a
 * NULL hook as LPFPGA_ERROR_NOT_SUPPORTED.
 */
#ifndef LPF_BACKEND_H
#define LPF_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "lpf_spec.h"
#include "lpfpga.h"

struct lpf_bdev;                        /* backend-private device state */

/* A DRAM buffer the fabric can reach, mapped into the host. */
struct lpf_dbuf {
	uint64_t dev_addr;              /* address the fabric uses */
	void *host;                     /* host mapping */
	size_t size;
	void *priv;                     /* backend-private */
};

/* What the fabric says about itself (its ID/CAP registers). */
struct lpf_caps {
	uint32_t id, version, spec_hash;
	uint32_t pe_rows, pe_cols;
	uint32_t inp_buf_bytes, wgt_buf_bytes, acc_buf_entries, param_buf_entries;
	uint32_t features;              /* CAP3 */
	uint32_t units;                 /* compute units (see below); set by the backend, >= 1 */
};

/* One job: a command stream and the segment bases it runs with. */
struct lpf_job {
	uint64_t cmd_addr;              /* device address of the first instruction */
	uint32_t n_insns;
	uint64_t seg_base[LPF_NUM_SEGS];
};

struct lpfpga_backend_ops {
	const char *name;
	const char *desc;
	/* Non-zero if a device is present; used by "auto". NULL: never chosen by auto. */
	int (*probe)(void);
	lpfpga_status (*open)(const char *args, struct lpf_bdev **out, struct lpf_err *err);
	void (*close)(struct lpf_bdev *b);
	lpfpga_status (*caps)(struct lpf_bdev *b, struct lpf_caps *caps, struct lpf_err *err);
	lpfpga_status (*buf_alloc)(struct lpf_bdev *b, size_t size, struct lpf_dbuf **out,
				   struct lpf_err *err);
	void (*buf_free)(struct lpf_bdev *b, struct lpf_dbuf *buf);
	/* Make [off, off+len) coherent: to_device != 0 after host writes, 0 before host reads. */
	lpfpga_status (*buf_sync)(struct lpf_bdev *b, struct lpf_dbuf *buf, size_t off, size_t len,
				  int to_device, struct lpf_err *err);
	/*
	 * A device has caps.units compute units sharing its memory, as a card holds
	 * several instances of the fabric; each runs one job at a time. submit may return
	 * before the job has run; wait returns once it has finished.
	 */
	lpfpga_status (*submit)(struct lpf_bdev *b, unsigned unit, const struct lpf_job *job,
				struct lpf_err *err);
	/* Wait for unit's job; LPFPGA_ERROR_TIMEOUT after timeout_ms (< 0: forever). */
	lpfpga_status (*wait)(struct lpf_bdev *b, unsigned unit, int timeout_ms,
			      struct lpf_err *err);
	/* Performance counters of unit's last finished job. */
	lpfpga_status (*read_counters)(struct lpf_bdev *b, unsigned unit, lpfpga_counters *c,
				       struct lpf_err *err);
};

/* NULL-terminated table of compiled-in backends (host/backends/backends.c). */
extern const struct lpfpga_backend_ops *const lpf_backends[];

#endif
