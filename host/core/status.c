/* SPDX-License-Identifier: MIT */
/* Status names and messages, dtype helpers and the library version. */
#include "lpfpga.h"

LPFPGA_API const char *lpfpga_version(void)
{
	return "0.1.0";
}

LPFPGA_API const char *lpfpga_status_name(lpfpga_status st)
{
	switch (st) {
#define LPF_STATUS_NAME(name, value, msg) \
	case name:                         \
		return #name;
		LPFPGA_STATUS_LIST(LPF_STATUS_NAME)
#undef LPF_STATUS_NAME
	}
	return "LPFPGA_UNKNOWN";
}

LPFPGA_API const char *lpfpga_status_str(lpfpga_status st)
{
	switch (st) {
#define LPF_STATUS_MSG(name, value, msg) \
	case name:                        \
		return msg;
		LPFPGA_STATUS_LIST(LPF_STATUS_MSG)
#undef LPF_STATUS_MSG
	}
	return "unknown status";
}

LPFPGA_API size_t lpfpga_dtype_size(lpfpga_dtype dtype)
{
	switch (dtype) {
	case LPFPGA_DTYPE_FLOAT:
	case LPFPGA_DTYPE_INT32:
		return 4;
	case LPFPGA_DTYPE_UINT8:
	case LPFPGA_DTYPE_INT8:
		return 1;
	case LPFPGA_DTYPE_INT64:
		return 8;
	case LPFPGA_DTYPE_UNDEFINED:
		break;
	}
	return 0;
}

LPFPGA_API const char *lpfpga_dtype_name(lpfpga_dtype dtype)
{
	switch (dtype) {
	case LPFPGA_DTYPE_FLOAT:
		return "float32";
	case LPFPGA_DTYPE_UINT8:
		return "uint8";
	case LPFPGA_DTYPE_INT8:
		return "int8";
	case LPFPGA_DTYPE_INT32:
		return "int32";
	case LPFPGA_DTYPE_INT64:
		return "int64";
	case LPFPGA_DTYPE_UNDEFINED:
		break;
	}
	return "undefined";
}
