/* SPDX-License-Identifier: MIT */
/* Internal view of an open device, shared by device.c, model.c and exec.c. */
#ifndef LPF_DEVICE_H
#define LPF_DEVICE_H

#include <pthread.h>

#include "runtime/backend.h"

struct lpfpga_device {
	const struct lpfpga_backend_ops *ops;
	struct lpf_bdev *bdev;
	struct lpf_caps caps;
	pthread_mutex_t job_lock;       /* one caller of the compute units at a time */
	pthread_mutex_t err_lock;
	struct lpf_err err;             /* last error, under err_lock */
	int timeout_ms;                 /* per job; LPFPGA_TIMEOUT_MS or 10 s */
};

/* Record a device-level error (thread-safe) and return its status. */
lpfpga_status lpf_device_fail(struct lpfpga_device *dev, const struct lpf_err *e);

/* Allocate a device buffer of at least size bytes (rounded up, never zero). */
lpfpga_status lpf_device_alloc(struct lpfpga_device *dev, size_t size, struct lpf_dbuf **out,
			       struct lpf_err *err);
void lpf_device_free(struct lpfpga_device *dev, struct lpf_dbuf *buf);
lpfpga_status lpf_device_sync(struct lpfpga_device *dev, struct lpf_dbuf *buf, int to_device,
			      struct lpf_err *err);

/*
 * Run jobs[u] on compute unit u, u < n <= caps.units, side by side and to completion
 * under the device's job lock; c[u] gets each job's counters (jobs = 1).
 */
lpfpga_status lpf_device_run_jobs(struct lpfpga_device *dev, const struct lpf_job *jobs,
				  unsigned n, lpfpga_counters *c, struct lpf_err *err);

#endif
