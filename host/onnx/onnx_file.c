/* SPDX-License-Identifier: MIT */
#include "onnx/onnx_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static lpfpga_status read_all(int fd, const char *path, void *buf, size_t size,
			      struct lpf_err *err)
{
	size_t done = 0;

	while (done < size) {
		ssize_t r = read(fd, (char *)buf + done, size - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return lpf_err_set(err, LPFPGA_ERROR_IO, "%s: read failed: %s", path,
					   strerror(errno));
		if (r == 0)
			return lpf_err_set(err, LPFPGA_ERROR_IO,
					   "%s: file shrank while reading (%zu of %zu bytes)", path,
					   done, size);
		done += (size_t)r;
	}
	return LPFPGA_OK;
}

lpfpga_status lpf_onnx_read_file(const char *path, size_t max, void **buf, size_t *size,
				 struct lpf_err *err)
{
	struct stat sb;
	lpfpga_status st;
	void *data;
	int fd;

	if (!path)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT, "no file name");
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return lpf_err_set(err, errno == ENOENT ? LPFPGA_ERROR_NOT_FOUND : LPFPGA_ERROR_IO,
				   "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return lpf_err_set(err, LPFPGA_ERROR_IO, "%s: not a regular file", path);
	}
	if ((unsigned long long)sb.st_size > max) {
		close(fd);
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "%s: file is %lld bytes, over the limit of %zu", path,
				   (long long)sb.st_size, max);
	}
	data = malloc(sb.st_size ? (size_t)sb.st_size : 1);
	if (!data) {
		close(fd);
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "%s: out of memory", path);
	}
	st = read_all(fd, path, data, (size_t)sb.st_size, err);
	close(fd);
	if (st) {
		free(data);
		return st;
	}
	*buf = data;
	*size = (size_t)sb.st_size;
	return LPFPGA_OK;
}
