// SPDX-License-Identifier: MIT
// The AXI4 slave in front of the caller's DRAM callbacks: queued AR/AW bursts, read and
// write latency, bandwidth throttling, random back-pressure, injected faults and a small
// protocol checker. It knows nothing of Verilator: lpf_sim.cpp copies pins in and out.
#ifndef LPF_SIM_DRAM_H
#define LPF_SIM_DRAM_H

#include <cstdint>
#include <deque>

#include "lpf_sim.h"

namespace lpfsim {

constexpr unsigned kBeatBytes = 16;

// What the fabric drives, sampled after the inputs of a cycle settled.
struct MasterPins {
	uint64_t araddr, awaddr;
	uint8_t arlen, arsize, arburst, awlen, awsize, awburst;
	bool arvalid, rready, awvalid, wvalid, wlast, bready;
	uint8_t wdata[kBeatBytes];
	uint16_t wstrb;
};

// What the slave drives for the coming cycle; a function of its state only.
struct SlavePins {
	bool arready, rvalid, rlast, awready, wready, bvalid;
	uint8_t rresp, bresp;
	uint8_t rdata[kBeatBytes];
};

class DramSlave {
public:
	DramSlave(const lpf_sim_config &cfg, const lpf_sim_dram_ops &ops);
	void drive(SlavePins &out);                          // before the edge
	void commit(const MasterPins &in, const SlavePins &out); // after the edge
	void set_fault(const lpf_sim_fault &f);
	void flush();
	void add_stats(lpf_sim_stats &s) const;
	uint64_t protocol_errors() const { return protocol_errors_; }

private:
	struct Burst {
		uint64_t addr;
		uint32_t beats, done, bytes;
		uint64_t ready_at;
		uint8_t resp;
	};
	struct Resp {
		uint64_t ready_at;
		uint8_t resp;
	};
	struct Fault {
		lpf_sim_fault f;
		uint64_t rd_seen, wr_seen;      // beats counted since armed
		uint64_t hold_until;
		bool holding;
	};

	bool bp();
	bool throttle_ok(uint32_t credit) const;
	void throttle_tick();
	uint64_t beat_addr(const Burst &b) const;
	uint8_t fill_read(const Burst &b, uint8_t *data);
	uint8_t write_beat(const Burst &b, const MasterPins &in);
	bool fault_blocks(bool read, uint64_t index);
	void check_burst(const char *ch, uint64_t addr, uint8_t len, uint8_t size, uint8_t burst);
	void violation(const char *what);

	lpf_sim_config cfg_;
	lpf_sim_dram_ops ops_;
	uint64_t now_ = 0;
	uint32_t rng_;
	uint32_t max_out_;
	uint32_t rd_credit_, wr_credit_;
	std::deque<Burst> rq_, wq_;
	std::deque<Resp> bq_;
	Fault fault_{};
	// An R beat once presented stays until taken; so does a B response.
	bool r_presenting_ = false, b_presenting_ = false;
	uint8_t r_data_[kBeatBytes] = {};
	uint8_t r_resp_ = 0;
	bool bp_ar_ = false, bp_aw_ = false, bp_w_ = false, bp_r_ = false, bp_b_ = false;
	// Protocol checker: a valid stays up and stable until taken.
	bool prev_arvalid_ = false, prev_awvalid_ = false, prev_wvalid_ = false;
	bool ar_taken_ = false, aw_taken_ = false, w_taken_ = false;
	uint64_t prev_araddr_ = 0, prev_awaddr_ = 0;
	uint64_t protocol_errors_ = 0;
	lpf_sim_stats stats_{};
};

} // namespace lpfsim

#endif
