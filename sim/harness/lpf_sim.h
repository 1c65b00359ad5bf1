/* SPDX-License-Identifier: MIT */
/*
 * C API of the Verilated fabric (build/sim/liblpfpga_sim.so, `make sim`).
 *
 * One lpf_sim is one lpf_fabric_top with its own Verilator context, clock and reset,
 * an AXI4-Lite driver for the register map (docs/registers.md) and an AXI4 slave
 * DRAM model on the fabric's master port. DRAM contents live with the caller and
 * are reached through callbacks with the same contract as struct lpf_dram_ops of
 * the golden model (host/fabric/fabric_model.h): return 0, or -1 for an address
 * nothing is mapped at, which the slave answers with DECERR.
 *
 * The library is loaded with dlopen(): callers take every entry point from the
 * table returned by lpf_sim_get_api() (LPF_SIM_API_SYMBOL), so liblpfpga has no
 * link-time dependency on Verilator. Handles are independent; one handle must not
 * be used by two threads at once.
 */
#ifndef LPF_SIM_H
#define LPF_SIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LPF_SIM_API_VERSION 1u
#define LPF_SIM_API_SYMBOL "lpf_sim_get_api"
#define LPF_SIM_LIB_NAME "liblpfpga_sim.so"

typedef struct lpf_sim lpf_sim;

/* DRAM as the fabric's AXI master sees it; same contract as struct lpf_dram_ops. */
struct lpf_sim_dram_ops {
	int (*read)(void *ctx, uint64_t addr, void *dst, size_t n);
	int (*write)(void *ctx, uint64_t addr, const void *src, size_t n);
	void *ctx;
};

enum lpf_sim_fault_kind {
	LPF_SIM_FAULT_NONE = 0,
	LPF_SIM_FAULT_SLVERR,   /* answer the chosen beat with SLVERR */
	LPF_SIM_FAULT_DECERR,   /* answer the chosen beat with DECERR */
	LPF_SIM_FAULT_STALL,    /* never deliver (read) or never accept (write) the beat */
	LPF_SIM_FAULT_DELAY,    /* hold the beat back delay_cycles extra cycles, then serve it */
};

enum lpf_sim_fault_dir {
	LPF_SIM_FAULT_READ = 0, /* R beats, command fetch included */
	LPF_SIM_FAULT_WRITE,    /* W beats; an error is reported in the burst's B response */
};

/* One injected fault; beats are counted from 0 from the moment it is armed. */
struct lpf_sim_fault {
	enum lpf_sim_fault_kind kind;
	enum lpf_sim_fault_dir dir;
	uint64_t beat;
	uint32_t delay_cycles;
};

struct lpf_sim_config {
	uint32_t rd_latency;    /* cycles from AR accepted to its first R beat */
	uint32_t wr_latency;    /* cycles from the last W beat to B */
	uint32_t bw_beats;      /* at most bw_beats data beats per bw_cycles cycles, */
	uint32_t bw_cycles;     /* per direction; 0 in either: unthrottled */
	uint32_t max_outstanding; /* AR and AW bursts the slave queues; 0: 8 */
	uint32_t bp_seed;       /* non-zero: random back-pressure on every channel */
	uint32_t bp_percent;    /* probability (0-100) a ready/valid is withheld a cycle */
	struct lpf_sim_fault fault;
	const char *waves;      /* FST file to write, NULL: $LPFPGA_WAVES, else none */
};

/* Counts of the DRAM model since create (for tests and benches). */
struct lpf_sim_stats {
	uint64_t cycles;
	uint64_t rd_bursts, rd_beats, wr_bursts, wr_beats;
	uint64_t rd_errors, wr_errors;  /* beats answered with SLVERR/DECERR */
	uint64_t protocol_errors;       /* AXI rule violations by the fabric (also on stderr) */
};

struct lpf_sim_api {
	uint32_t version;       /* LPF_SIM_API_VERSION */
	const char *build;      /* "top=<module> trace=<0|1> coverage=<0|1>" */
	/*
	 * New simulator held in reset for a few cycles, then released. cfg may be NULL
	 * (no latency, no throttling, no faults). On failure returns NULL with a
	 * message in err.
	 */
	lpf_sim *(*create)(const struct lpf_sim_config *cfg, const struct lpf_sim_dram_ops *dram,
			   char *err, size_t err_len);
	/* Finishes the waveform and the coverage file, frees everything. NULL is fine. */
	void (*destroy)(lpf_sim *s);
	/*
	 * AXI4-Lite accesses; the clock runs while the handshakes complete. Return 0, or
	 * -1 if the slave did not answer within 1000 cycles or answered with an error.
	 */
	int (*reg_read)(lpf_sim *s, uint32_t offset, uint32_t *value);
	int (*reg_write)(lpf_sim *s, uint32_t offset, uint32_t value);
	/*
	 * Clock until irq_o is high (returns 1) or max_cycles have passed (returns 0).
	 * *ran (if non-NULL) receives the cycles clocked. max_cycles 0 checks irq only.
	 */
	int (*run)(lpf_sim *s, uint64_t max_cycles, uint64_t *ran);
	/* Cycles clocked since create. */
	uint64_t (*cycles)(const lpf_sim *s);
	/* Arm a fault (replacing the previous one); beat counting restarts at 0. */
	void (*set_fault)(lpf_sim *s, const struct lpf_sim_fault *f);
	/* Drop queued DRAM bursts (after CTRL.SOFT_RESET has aborted the job). */
	void (*dram_flush)(lpf_sim *s);
	void (*stats)(const lpf_sim *s, struct lpf_sim_stats *out);
};

/* The entry table, or NULL if the caller expects another API version. */
const struct lpf_sim_api *lpf_sim_get_api(uint32_t version);

typedef const struct lpf_sim_api *(*lpf_sim_get_api_fn)(uint32_t version);

#ifdef __cplusplus
}
#endif

#endif
