/* SPDX-License-Identifier: MIT */
/* Opening devices: backend selection, fabric identity check, job submission. */
#include "runtime/device.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char lpf_open_error[LPF_ERR_MSG_MAX];

LPFPGA_API const char *lpfpga_last_open_error(void)
{
	return lpf_open_error;
}

static const struct lpfpga_backend_ops *lpf_backend_find(const char *name, size_t len)
{
	for (size_t i = 0; lpf_backends[i]; i++)
		if (strlen(lpf_backends[i]->name) == len &&
		    !strncmp(lpf_backends[i]->name, name, len))
			return lpf_backends[i];
	return NULL;
}

/* The fabric must implement exactly the spec this library was built from. */
static lpfpga_status lpf_check_identity(const struct lpf_caps *c, struct lpf_err *err)
{
	if (c->id != LPF_ID_MAGIC)
		return lpf_err_set(err, LPFPGA_ERROR_VERSION_MISMATCH,
				   "device ID register reads 0x%08x, expected 0x%08x: not an lpfpga fabric",
				   c->id, LPF_ID_MAGIC);
	if (c->spec_hash != LPF_SPEC_HASH)
		return lpf_err_set(err, LPFPGA_ERROR_VERSION_MISMATCH,
				   "fabric implements spec %u.%u hash 0x%08x but this library was built for spec %u.%u hash 0x%08x: rebuild the bitstream or the library from the same hw/spec/lpfpga_spec.json",
				   c->version >> 16, c->version & 0xffffu, c->spec_hash,
				   LPF_SPEC_VERSION_MAJOR, LPF_SPEC_VERSION_MINOR, LPF_SPEC_HASH);
	return LPFPGA_OK;
}

static lpfpga_status lpf_open_backend(const struct lpfpga_backend_ops *ops, const char *args,
				      struct lpfpga_device **out, struct lpf_err *err)
{
	struct lpfpga_device *dev;
	const char *tmo = getenv("LPFPGA_TIMEOUT_MS");
	lpfpga_status st;

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory opening a device");
	dev->ops = ops;
	dev->timeout_ms = tmo && *tmo ? atoi(tmo) : 10000;
	st = ops->open(args, &dev->bdev, err);
	if (st != LPFPGA_OK) {
		lpf_err_prefix(err, "%s backend", ops->name);
		free(dev);
		return st;
	}
	st = ops->caps ? ops->caps(dev->bdev, &dev->caps, err)
		       : lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED, "backend has no caps hook");
	if (st == LPFPGA_OK)
		st = lpf_check_identity(&dev->caps, err);
	if (!dev->caps.units)
		dev->caps.units = 1;
	if (st != LPFPGA_OK) {
		lpf_err_prefix(err, "%s backend", ops->name);
		ops->close(dev->bdev);
		free(dev);
		return st;
	}
	pthread_mutex_init(&dev->job_lock, NULL);
	pthread_mutex_init(&dev->err_lock, NULL);
	*out = dev;
	return LPFPGA_OK;
}

LPFPGA_API lpfpga_status lpfpga_open(const char *uri, lpfpga_device **out)
{
	struct lpf_err err;
	const struct lpfpga_backend_ops *ops;
	const char *colon, *args;
	size_t len;
	lpfpga_status st;

	lpf_err_clear(&err);
	lpf_open_error[0] = '\0';
	if (!out) {
		snprintf(lpf_open_error, sizeof(lpf_open_error), "lpfpga_open: out is NULL");
		return LPFPGA_ERROR_INVALID_ARGUMENT;
	}
	if (!uri || !*uri)
		uri = "auto";
	if (!strcmp(uri, "auto")) {
		for (size_t i = 0; lpf_backends[i]; i++) {
			if (!lpf_backends[i]->probe || !lpf_backends[i]->probe())
				continue;
			if (lpf_open_backend(lpf_backends[i], "", out, &err) == LPFPGA_OK)
				return LPFPGA_OK;
		}
		uri = "cpu";
	}
	colon = strchr(uri, ':');
	len = colon ? (size_t)(colon - uri) : strlen(uri);
	args = colon ? colon + 1 : "";
	ops = lpf_backend_find(uri, len);
	if (!ops) {
		char known[256] = "";

		for (size_t i = 0; lpf_backends[i]; i++) {
			strncat(known, i ? ", " : "", sizeof(known) - strlen(known) - 1);
			strncat(known, lpf_backends[i]->name, sizeof(known) - strlen(known) - 1);
		}
		snprintf(lpf_open_error, sizeof(lpf_open_error),
			 "unknown backend '%.*s' (this build has: auto, %s)", (int)len, uri, known);
		return LPFPGA_ERROR_NOT_FOUND;
	}
	st = lpf_open_backend(ops, args, out, &err);
	if (st != LPFPGA_OK)
		snprintf(lpf_open_error, sizeof(lpf_open_error), "%s", err.msg);
	return st;
}

LPFPGA_API void lpfpga_close(lpfpga_device *dev)
{
	if (!dev)
		return;
	dev->ops->close(dev->bdev);
	pthread_mutex_destroy(&dev->job_lock);
	pthread_mutex_destroy(&dev->err_lock);
	free(dev);
}

LPFPGA_API const char *lpfpga_device_backend(const lpfpga_device *dev)
{
	return dev ? dev->ops->name : "";
}

LPFPGA_API lpfpga_status lpfpga_device_query(const lpfpga_device *dev, lpfpga_device_info *out)
{
	if (!dev || !out)
		return LPFPGA_ERROR_INVALID_ARGUMENT;
	*out = (lpfpga_device_info){
		.backend = dev->ops->name,
		.spec_major = dev->caps.version >> 16,
		.spec_minor = dev->caps.version & 0xffffu,
		.spec_hash = dev->caps.spec_hash,
		.pe_rows = dev->caps.pe_rows,
		.pe_cols = dev->caps.pe_cols,
		.inp_buf_bytes = dev->caps.inp_buf_bytes,
		.wgt_buf_bytes = dev->caps.wgt_buf_bytes,
		.acc_buf_entries = dev->caps.acc_buf_entries,
		.param_buf_entries = dev->caps.param_buf_entries,
		.features = dev->caps.features,
		.compute_units = dev->caps.units,
	};
	return LPFPGA_OK;
}

LPFPGA_API const char *lpfpga_device_last_error(const lpfpga_device *dev)
{
	return dev ? dev->err.msg : "";
}

lpfpga_status lpf_device_fail(struct lpfpga_device *dev, const struct lpf_err *e)
{
	pthread_mutex_lock(&dev->err_lock);
	dev->err = *e;
	pthread_mutex_unlock(&dev->err_lock);
	return e->status;
}

lpfpga_status lpf_device_alloc(struct lpfpga_device *dev, size_t size, struct lpf_dbuf **out,
			       struct lpf_err *err)
{
	size_t rounded = (size + 4095) & ~(size_t)4095;

	if (!rounded)
		rounded = 4096;
	return dev->ops->buf_alloc(dev->bdev, rounded, out, err);
}

void lpf_device_free(struct lpfpga_device *dev, struct lpf_dbuf *buf)
{
	if (buf)
		dev->ops->buf_free(dev->bdev, buf);
}

lpfpga_status lpf_device_sync(struct lpfpga_device *dev, struct lpf_dbuf *buf, int to_device,
			      struct lpf_err *err)
{
	if (!dev->ops->buf_sync)
		return LPFPGA_OK;
	return dev->ops->buf_sync(dev->bdev, buf, 0, buf->size, to_device, err);
}

lpfpga_status lpf_device_run_jobs(struct lpfpga_device *dev, const struct lpf_job *jobs,
				  unsigned n, lpfpga_counters *c, struct lpf_err *err)
{
	lpfpga_status st = LPFPGA_OK, ust;
	struct lpf_err uerr;
	unsigned started = 0, u;

	if (n < 1 || n > dev->caps.units)
		return lpf_err_set(err, LPFPGA_ERROR_INTERNAL, "%u jobs for %u compute units", n,
				   dev->caps.units);
	pthread_mutex_lock(&dev->job_lock);
	while (started < n && st == LPFPGA_OK) {
		st = dev->ops->submit(dev->bdev, started, &jobs[started], err);
		started += st == LPFPGA_OK;
	}
	/* Every started job is waited for, so that each unit is idle again afterwards. */
	for (u = 0; u < started; u++) {
		lpf_err_clear(&uerr);
		memset(&c[u], 0, sizeof(c[u]));
		ust = dev->ops->wait(dev->bdev, u, dev->timeout_ms, &uerr);
		if (ust == LPFPGA_OK && dev->ops->read_counters)
			ust = dev->ops->read_counters(dev->bdev, u, &c[u], &uerr);
		if (ust == LPFPGA_OK)
			c[u].jobs = 1;
		if (ust != LPFPGA_OK && st == LPFPGA_OK) {
			st = ust;
			if (err)
				*err = uerr;
			if (n > 1)
				lpf_err_prefix(err, "compute unit %u", u);
		}
	}
	pthread_mutex_unlock(&dev->job_lock);
	return st;
}
