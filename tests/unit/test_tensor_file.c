/* SPDX-License-Identifier: MIT */
/*
 * Tensor files: ONNX conformance .pb files read with the values python3-onnx
 * reports for them, .pb and .npy round trips (the .npy header byte-identical to
 * numpy's), and rejection of malformed files with a message naming the file.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/lpf_test.h"
#include "lpfpga.h"

#define DATA "/usr/share/libonnx-testdata/data/node/"

static char tmpdir[64];

static const char *tmp_path(const char *name)
{
	static char path[128];

	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/lpf_tensor_file_XXXXXX");
		CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpdir));
	}
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void write_bytes(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(data, 1, n, f), n);
	fclose(f);
}

static bool have_testdata(void)
{
	if (access(DATA "test_qlinearconv/test_data_set_0/input_0.pb", R_OK)) {
		lpf_test_skip("libonnx-testdata not installed");
		return false;
	}
	return true;
}

/* Expected values checked with python3-onnx (onnx.numpy_helper.to_array). */
static void test_reads_conformance_pb(void)
{
	lpfpga_tensor t;
	char err[256];
	float f;

	if (!have_testdata())
		return;
	CU_ASSERT_EQUAL_FATAL(lpfpga_tensor_read(DATA "test_qlinearconv/test_data_set_0/input_0.pb",
						 &t, err, sizeof(err)), LPFPGA_OK);
	CU_ASSERT_STRING_EQUAL(t.name, "x");
	CU_ASSERT_EQUAL(t.dtype, LPFPGA_DTYPE_UINT8);
	CU_ASSERT_EQUAL_FATAL(t.rank, 4);
	CU_ASSERT(t.dims[0] == 1 && t.dims[1] == 1 && t.dims[2] == 7 && t.dims[3] == 7);
	CU_ASSERT_EQUAL_FATAL(t.size, 49);
	CU_ASSERT_EQUAL(((uint8_t *)t.data)[0], 255);
	CU_ASSERT_EQUAL(((uint8_t *)t.data)[1], 174);
	CU_ASSERT_EQUAL(((uint8_t *)t.data)[48], 247);
	lpfpga_tensor_release(&t);
	CU_ASSERT_PTR_NULL(t.data);

	CU_ASSERT_EQUAL_FATAL(lpfpga_tensor_read(DATA "test_qlinearconv/test_data_set_0/input_1.pb",
						 &t, err, sizeof(err)), LPFPGA_OK);
	CU_ASSERT_STRING_EQUAL(t.name, "x_scale");
	CU_ASSERT_EQUAL(t.dtype, LPFPGA_DTYPE_FLOAT);
	CU_ASSERT_EQUAL(t.rank, 0);
	CU_ASSERT_EQUAL_FATAL(t.size, 4);
	memcpy(&f, t.data, 4);
	CU_ASSERT_EQUAL(f, 0.003692046971991658f);
	lpfpga_tensor_release(&t);

	CU_ASSERT_EQUAL_FATAL(lpfpga_tensor_read(DATA
						 "test_basic_convinteger/test_data_set_0/output_0.pb",
						 &t, err, sizeof(err)), LPFPGA_OK);
	CU_ASSERT_STRING_EQUAL(t.name, "y");
	CU_ASSERT_EQUAL(t.dtype, LPFPGA_DTYPE_INT32);
	CU_ASSERT_EQUAL(t.rank, 4);
	CU_ASSERT_EQUAL_FATAL(t.size, 16);
	CU_ASSERT_EQUAL(((int32_t *)t.data)[0], 12);
	CU_ASSERT_EQUAL(((int32_t *)t.data)[1], 16);
	CU_ASSERT_EQUAL(((int32_t *)t.data)[2], 24);
	CU_ASSERT_EQUAL(((int32_t *)t.data)[3], 28);
	lpfpga_tensor_release(&t);
}

static void roundtrip(const char *file, lpfpga_dtype dtype, int rank, const int64_t *dims,
		      const void *data, size_t size)
{
	lpfpga_tensor in = { .name = "t0", .dtype = dtype, .rank = rank,
			     .data = (void *)data, .size = size };
	lpfpga_tensor out;
	char err[256];

	memcpy(in.dims, dims, (size_t)rank * sizeof(*dims));
	CU_ASSERT_EQUAL_FATAL(lpfpga_tensor_write(tmp_path(file), &in, err, sizeof(err)),
			      LPFPGA_OK);
	CU_ASSERT_EQUAL_FATAL(lpfpga_tensor_read(tmp_path(file), &out, err, sizeof(err)),
			      LPFPGA_OK);
	CU_ASSERT_EQUAL(out.dtype, dtype);
	CU_ASSERT_EQUAL_FATAL(out.rank, rank);
	CU_ASSERT_EQUAL(memcmp(out.dims, dims, (size_t)rank * sizeof(*dims)), 0);
	CU_ASSERT_EQUAL_FATAL(out.size, size);
	CU_ASSERT_EQUAL(memcmp(out.data, data, size), 0);
	/* .npy carries no name; .pb keeps it. */
	CU_ASSERT_STRING_EQUAL(out.name, strstr(file, ".npy") ? "" : "t0");
	lpfpga_tensor_release(&out);
	unlink(tmp_path(file));
}

static void test_roundtrips(void)
{
	static const float f32[6] = { 1.0f, -2.5f, 3e-7f, 0.0f, 1e30f, -0.125f };
	static const int8_t i8[5] = { -128, -1, 0, 1, 127 };
	static const uint8_t u8[4] = { 0, 1, 128, 255 };
	static const int32_t i32[3] = { INT32_MIN, 0, INT32_MAX };
	static const int64_t i64[1] = { -1234567890123ll };
	static const int64_t d23[2] = { 2, 3 }, d5[1] = { 5 }, d1122[4] = { 1, 1, 2, 2 };
	static const int64_t d3[1] = { 3 }, d0[1] = { 0 };
	static const char *const ext[2] = { ".pb", ".npy" };
	char name[32];

	for (int i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "f32%s", ext[i]);
		roundtrip(name, LPFPGA_DTYPE_FLOAT, 2, d23, f32, sizeof(f32));
		snprintf(name, sizeof(name), "i8%s", ext[i]);
		roundtrip(name, LPFPGA_DTYPE_INT8, 1, d5, i8, sizeof(i8));
		snprintf(name, sizeof(name), "u8%s", ext[i]);
		roundtrip(name, LPFPGA_DTYPE_UINT8, 4, d1122, u8, sizeof(u8));
		snprintf(name, sizeof(name), "i32%s", ext[i]);
		roundtrip(name, LPFPGA_DTYPE_INT32, 1, d3, i32, sizeof(i32));
		snprintf(name, sizeof(name), "i64%s", ext[i]);
		roundtrip(name, LPFPGA_DTYPE_INT64, 0, d5, i64, sizeof(i64));
		snprintf(name, sizeof(name), "empty%s", ext[i]);
		roundtrip(name, LPFPGA_DTYPE_FLOAT, 1, d0, f32, 0);
	}
}

/* numpy.save(np.arange(6, dtype=np.int32).reshape(2, 3)) starts with exactly this. */
static void test_npy_header_matches_numpy(void)
{
	static const char want[] =
		"\x93NUMPY\x01\x00\x76\x00{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }";
	static const int32_t v[6] = { 0, 1, 2, 3, 4, 5 };
	lpfpga_tensor t = { .dtype = LPFPGA_DTYPE_INT32, .rank = 2, .dims = { 2, 3 },
			    .data = (void *)v, .size = sizeof(v) };
	unsigned char buf[256];
	size_t n;
	FILE *f;

	CU_ASSERT_EQUAL_FATAL(lpfpga_tensor_write(tmp_path("np.npy"), &t, NULL, 0), LPFPGA_OK);
	f = fopen(tmp_path("np.npy"), "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	unlink(tmp_path("np.npy"));
	CU_ASSERT_EQUAL_FATAL(n, 128 + sizeof(v));
	CU_ASSERT_EQUAL(memcmp(buf, want, sizeof(want) - 1), 0);
	CU_ASSERT_EQUAL(buf[127], '\n');
	CU_ASSERT_EQUAL(buf[126], ' ');
	CU_ASSERT_EQUAL(memcmp(buf + 128, v, sizeof(v)), 0);
}

static void expect_read_error(const char *file, const void *bytes, size_t n, lpfpga_status want,
			      const char *reason)
{
	lpfpga_tensor t = { 0 };
	char err[512] = "";
	const char *path = tmp_path(file);

	write_bytes(path, bytes, n);
	CU_ASSERT_EQUAL(lpfpga_tensor_read(path, &t, err, sizeof(err)), want);
	CU_ASSERT_PTR_NULL(t.data);
	CU_ASSERT_EQUAL(strncmp(err, path, strlen(path)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, reason));
	if (!strstr(err, reason))
		printf("\n  message was: %s\n", err);
	unlink(path);
}

static void npy_file(char *buf, size_t *n, const char *dict, size_t data_bytes)
{
	size_t hlen = strlen(dict);

	memcpy(buf, "\x93NUMPY\x01\x00", 8);
	buf[8] = (char)hlen;
	buf[9] = 0;
	memcpy(buf + 10, dict, hlen);
	memset(buf + 10 + hlen, 7, data_bytes);
	*n = 10 + hlen + data_bytes;
}

static void test_rejects_malformed(void)
{
	/* TensorProto: dims=[4], data_type=UINT8, raw_data of 3 bytes */
	static const uint8_t short_raw[] = { 0x08, 0x04, 0x10, 0x02, 0x4a, 0x03, 1, 2, 3 };
	/* dims=[1], data_type=BOOL, raw_data 1 byte */
	static const uint8_t bool_pb[] = { 0x08, 0x01, 0x10, 0x09, 0x4a, 0x01, 1 };
	static const uint8_t overflow[] = { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
	char npy[256];
	size_t n;

	expect_read_error("a.pb", short_raw, sizeof(short_raw), LPFPGA_ERROR_MODEL_INVALID,
			  "raw_data has 3 bytes, expected 4");
	expect_read_error("b.pb", bool_pb, sizeof(bool_pb), LPFPGA_ERROR_NOT_SUPPORTED, "bool");
	expect_read_error("c.pb", overflow, sizeof(overflow), LPFPGA_ERROR_MODEL_INVALID,
			  "varint overflow");
	expect_read_error("d.pb", "\xff\xff\xff", 3, LPFPGA_ERROR_MODEL_INVALID, "malformed");
	npy_file(npy, &n, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16);
	expect_read_error("e.npy", npy, n, LPFPGA_ERROR_NOT_SUPPORTED, "Fortran-order");
	npy_file(npy, &n, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8);
	expect_read_error("f.npy", npy, n, LPFPGA_ERROR_NOT_SUPPORTED, "big-endian");
	npy_file(npy, &n, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16);
	expect_read_error("g.npy", npy, n, LPFPGA_ERROR_NOT_SUPPORTED, "'<f8' is not supported");
	npy_file(npy, &n, "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", 20);
	expect_read_error("h.npy", npy, n, LPFPGA_ERROR_INVALID_ARGUMENT,
			  "data is 20 bytes, expected 24");
	npy_file(npy, &n, "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), ", 24);
	expect_read_error("i.npy", npy, n, LPFPGA_ERROR_INVALID_ARGUMENT, "malformed .npy header");
	npy_file(npy, &n,
		 "{'descr': '|u1', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }", 1);
	expect_read_error("j.npy", npy, n, LPFPGA_ERROR_INVALID_ARGUMENT, "bad .npy shape");
	expect_read_error("k.npy", "\x93NUMPY\x01\x00\xff\x00{", 11, LPFPGA_ERROR_INVALID_ARGUMENT,
			  "truncated");
}

static void test_rejects_bad_writes(void)
{
	static const uint8_t v[4] = { 1, 2, 3, 4 };
	lpfpga_tensor t = { .dtype = LPFPGA_DTYPE_UINT8, .rank = 1, .dims = { 8 },
			    .data = (void *)v, .size = sizeof(v) };
	lpfpga_tensor r;
	char err[256];

	CU_ASSERT_EQUAL(lpfpga_tensor_write(tmp_path("w.pb"), &t, err, sizeof(err)),
			LPFPGA_ERROR_INVALID_ARGUMENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "needs 8 bytes, buffer has 4"));
	t.dims[0] = -1;
	CU_ASSERT_EQUAL(lpfpga_tensor_write(tmp_path("w.pb"), &t, err, sizeof(err)),
			LPFPGA_ERROR_SHAPE_MISMATCH);
	t.dims[0] = 4;
	t.rank = LPFPGA_MAX_RANK + 1;
	CU_ASSERT_EQUAL(lpfpga_tensor_write(tmp_path("w.pb"), &t, err, sizeof(err)),
			LPFPGA_ERROR_SHAPE_MISMATCH);
	t.rank = 1;
	CU_ASSERT_EQUAL(lpfpga_tensor_write("/nonexistent/dir/w.npy", &t, err, sizeof(err)),
			LPFPGA_ERROR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/dir/w.npy"));
	CU_ASSERT_EQUAL(lpfpga_tensor_read("/nonexistent/x.pb", &r, err, sizeof(err)),
			LPFPGA_ERROR_NOT_FOUND);
	lpfpga_tensor_release(NULL);
	CU_ASSERT_EQUAL(access(tmp_path("w.pb"), F_OK), -1);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "tensor_file_reads_conformance_pb", test_reads_conformance_pb },
		{ "tensor_file_roundtrips_pb_and_npy", test_roundtrips },
		{ "tensor_file_npy_header_matches_numpy", test_npy_header_matches_numpy },
		{ "tensor_file_rejects_malformed", test_rejects_malformed },
		{ "tensor_file_rejects_bad_writes", test_rejects_bad_writes },
		{ NULL, NULL },
	};
	int rc = lpf_test_run("tensor_file", cases);

	if (tmpdir[0])
		rmdir(tmpdir);
	return rc;
}
