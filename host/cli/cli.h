/* SPDX-License-Identifier: MIT */
/* The lpfpga command-line tool: one file per subcommand, public API only. */
#ifndef LPF_CLI_H
#define LPF_CLI_H

#include "lpfpga.h"

int cmd_info(int argc, char **argv);
int cmd_compile(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_onnx_test(int argc, char **argv);
int cmd_classify(int argc, char **argv);

/* Open uri, printing the reason on failure; returns NULL on failure. */
lpfpga_device *cli_open(const char *uri);

/* Load path on dev, printing the reason on failure; returns NULL on failure. */
lpfpga_model *cli_load(lpfpga_device *dev, const char *path, int batch, int profile);

/* Per-layer table of the last inference: compiler figures and measured counters. */
void cli_print_profile(lpfpga_device *dev, lpfpga_model *m);

/* Bounded snprintf: returns 0, or -1 (and an empty buf) if the result would not fit. */
int cli_path(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Bytes of a tensor from its dtype and dims. */
size_t cli_tensor_bytes(const lpfpga_tensor *t);

/* Print "name: uint8 [N,1,28,28] scale 0.0039 zp 0" for a model input/output. */
void cli_print_info(const char *what, const lpfpga_tensor_info *info);

#endif
