/* SPDX-License-Identifier: MIT */
/*
 * The compiled-in backends, one line each: X(name) refers to
 * `const struct lpfpga_backend_ops lpf_<name>_backend` in <name>_backend.c.
 * "auto" tries them in this order (those with a probe hook) and falls back to cpu.
 */
X(cpu)
X(sim)
