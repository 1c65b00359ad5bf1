// SPDX-License-Identifier: MIT
// AXI4 slave DRAM model; see lpf_sim_dram.h.
#include "lpf_sim_dram.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace lpfsim {

namespace {
constexpr uint8_t kOkay = 0, kSlvErr = 2, kDecErr = 3;
constexpr uint8_t kBurstIncr = 1;
constexpr uint64_t kMaxReported = 10;
} // namespace

DramSlave::DramSlave(const lpf_sim_config &cfg, const lpf_sim_dram_ops &ops)
	: cfg_(cfg), ops_(ops), rng_(cfg.bp_seed ? cfg.bp_seed : 1),
	  max_out_(cfg.max_outstanding ? cfg.max_outstanding : 8)
{
	rd_credit_ = wr_credit_ = cfg_.bw_cycles + cfg_.bw_beats - 1;
	set_fault(cfg.fault);
}

void DramSlave::set_fault(const lpf_sim_fault &f)
{
	fault_ = Fault{};
	fault_.f = f;
}

void DramSlave::flush()
{
	rq_.clear();
	wq_.clear();
	bq_.clear();
	r_presenting_ = b_presenting_ = false;
	prev_arvalid_ = prev_awvalid_ = prev_wvalid_ = false;
}

void DramSlave::add_stats(lpf_sim_stats &s) const
{
	s.rd_bursts = stats_.rd_bursts;
	s.rd_beats = stats_.rd_beats;
	s.wr_bursts = stats_.wr_bursts;
	s.wr_beats = stats_.wr_beats;
	s.rd_errors = stats_.rd_errors;
	s.wr_errors = stats_.wr_errors;
	s.protocol_errors = protocol_errors_;
}

bool DramSlave::bp()
{
	if (!cfg_.bp_seed || !cfg_.bp_percent)
		return false;
	rng_ ^= rng_ << 13;
	rng_ ^= rng_ >> 17;
	rng_ ^= rng_ << 5;
	return rng_ % 100 < cfg_.bp_percent;
}

bool DramSlave::throttle_ok(uint32_t credit) const
{
	return !cfg_.bw_beats || !cfg_.bw_cycles || credit >= cfg_.bw_cycles;
}

void DramSlave::throttle_tick()
{
	// Credit accrues bw_beats per cycle and a beat costs bw_cycles; the cap lets a
	// window of bw_cycles cycles carry exactly bw_beats beats.
	const uint32_t cap = cfg_.bw_cycles + cfg_.bw_beats - 1;

	rd_credit_ = std::min(rd_credit_ + cfg_.bw_beats, cap);
	wr_credit_ = std::min(wr_credit_ + cfg_.bw_beats, cap);
}

uint64_t DramSlave::beat_addr(const Burst &b) const
{
	if (b.done == 0)
		return b.addr;
	return (b.addr & ~uint64_t(b.bytes - 1)) + uint64_t(b.done) * b.bytes;
}

// The beat's active byte lanes are [addr % 16, aligned(addr) % 16 + bytes).
uint8_t DramSlave::fill_read(const Burst &b, uint8_t *data)
{
	const uint64_t a = beat_addr(b);
	const unsigned lo = a % kBeatBytes;
	const unsigned hi = (a & ~uint64_t(b.bytes - 1)) % kBeatBytes + b.bytes;

	std::memset(data, 0, kBeatBytes);
	if (ops_.read(ops_.ctx, a, data + lo, hi - lo) != 0)
		return kDecErr;
	return kOkay;
}

uint8_t DramSlave::write_beat(const Burst &b, const MasterPins &in)
{
	const uint64_t a = beat_addr(b);
	const uint64_t base = a & ~uint64_t(kBeatBytes - 1);
	const unsigned lo = a % kBeatBytes;
	const unsigned hi = (a & ~uint64_t(b.bytes - 1)) % kBeatBytes + b.bytes;
	uint8_t resp = kOkay;

	for (unsigned i = 0; i < kBeatBytes;) {
		unsigned j = i;

		if (!(in.wstrb >> i & 1)) {
			i++;
			continue;
		}
		while (j < kBeatBytes && (in.wstrb >> j & 1))
			j++;
		if (i < lo || j > hi)
			violation("WSTRB enables a byte lane outside the beat");
		if (ops_.write(ops_.ctx, base + i, in.wdata + i, j - i) != 0)
			resp = kDecErr;
		i = j;
	}
	return resp;
}

bool DramSlave::fault_blocks(bool read, uint64_t index)
{
	const lpf_sim_fault &f = fault_.f;

	if ((f.dir == LPF_SIM_FAULT_READ) != read || index != f.beat)
		return false;
	if (f.kind == LPF_SIM_FAULT_STALL)
		return true;
	if (f.kind != LPF_SIM_FAULT_DELAY)
		return false;
	if (!fault_.holding) {
		fault_.holding = true;
		fault_.hold_until = now_ + f.delay_cycles;
	}
	return now_ < fault_.hold_until;
}

void DramSlave::violation(const char *what)
{
	if (protocol_errors_++ < kMaxReported)
		std::fprintf(stderr, "lpf_sim: AXI protocol violation at cycle %llu: %s\n",
			     (unsigned long long)now_, what);
}

void DramSlave::check_burst(const char *ch, uint64_t addr, uint8_t len, uint8_t size,
			    uint8_t burst)
{
	const uint64_t bytes = uint64_t(1) << size;
	const uint64_t start = addr & ~(bytes - 1);
	char msg[128];

	if (burst != kBurstIncr) {
		std::snprintf(msg, sizeof(msg), "%s burst type %u, only INCR is used", ch, burst);
		violation(msg);
	}
	if (bytes > kBeatBytes) {
		std::snprintf(msg, sizeof(msg), "%s size %u wider than the bus", ch, size);
		violation(msg);
	}
	if ((start & 0xfff) + (uint64_t(len) + 1) * bytes > 4096) {
		std::snprintf(msg, sizeof(msg), "%s burst at 0x%llx, %u beats, crosses 4 KiB", ch,
			      (unsigned long long)addr, len + 1u);
		violation(msg);
	}
}

void DramSlave::drive(SlavePins &out)
{
	bp_ar_ = bp();
	bp_aw_ = bp();
	bp_w_ = bp();
	bp_r_ = bp();
	bp_b_ = bp();

	out.arready = rq_.size() < max_out_ && !bp_ar_;
	out.awready = wq_.size() < max_out_ && bq_.size() < max_out_ && !bp_aw_;

	if (!r_presenting_ && !rq_.empty() && rq_.front().ready_at <= now_ &&
	    throttle_ok(rd_credit_) && !bp_r_ && !fault_blocks(true, fault_.rd_seen)) {
		const lpf_sim_fault &f = fault_.f;

		r_resp_ = fill_read(rq_.front(), r_data_);
		if (f.dir == LPF_SIM_FAULT_READ && fault_.rd_seen == f.beat) {
			if (f.kind == LPF_SIM_FAULT_SLVERR)
				r_resp_ = kSlvErr;
			else if (f.kind == LPF_SIM_FAULT_DECERR)
				r_resp_ = kDecErr;
		}
		r_presenting_ = true;
	}
	out.rvalid = r_presenting_;
	out.rlast = r_presenting_ && rq_.front().done + 1 == rq_.front().beats;
	out.rresp = r_presenting_ ? r_resp_ : kOkay;
	std::memcpy(out.rdata, r_data_, kBeatBytes);

	out.wready = !wq_.empty() && throttle_ok(wr_credit_) && !bp_w_ &&
		     !fault_blocks(false, fault_.wr_seen);

	if (!b_presenting_ && !bq_.empty() && bq_.front().ready_at <= now_ && !bp_b_)
		b_presenting_ = true;
	out.bvalid = b_presenting_;
	out.bresp = b_presenting_ ? bq_.front().resp : kOkay;
}

void DramSlave::commit(const MasterPins &in, const SlavePins &out)
{
	if (prev_arvalid_ && !ar_taken_ && (!in.arvalid || in.araddr != prev_araddr_))
		violation("ARVALID dropped or ARADDR changed before ARREADY");
	if (prev_awvalid_ && !aw_taken_ && (!in.awvalid || in.awaddr != prev_awaddr_))
		violation("AWVALID dropped or AWADDR changed before AWREADY");
	if (prev_wvalid_ && !w_taken_ && !in.wvalid)
		violation("WVALID dropped before WREADY");
	ar_taken_ = in.arvalid && out.arready;
	aw_taken_ = in.awvalid && out.awready;
	w_taken_ = in.wvalid && out.wready;
	prev_arvalid_ = in.arvalid;
	prev_awvalid_ = in.awvalid;
	prev_wvalid_ = in.wvalid;
	prev_araddr_ = in.araddr;
	prev_awaddr_ = in.awaddr;

	if (ar_taken_) {
		check_burst("AR", in.araddr, in.arlen, in.arsize, in.arburst);
		rq_.push_back(Burst{in.araddr, in.arlen + 1u, 0, 1u << std::min<unsigned>(in.arsize, 4),
				    now_ + 1 + cfg_.rd_latency, kOkay});
		stats_.rd_bursts++;
	}
	if (out.rvalid && in.rready) {
		Burst &b = rq_.front();

		stats_.rd_beats++;
		if (r_resp_ != kOkay)
			stats_.rd_errors++;
		fault_.rd_seen++;
		rd_credit_ -= std::min(rd_credit_, cfg_.bw_cycles);
		r_presenting_ = false;
		if (++b.done == b.beats)
			rq_.pop_front();
	}
	if (aw_taken_) {
		check_burst("AW", in.awaddr, in.awlen, in.awsize, in.awburst);
		wq_.push_back(Burst{in.awaddr, in.awlen + 1u, 0, 1u << std::min<unsigned>(in.awsize, 4),
				    0, kOkay});
		stats_.wr_bursts++;
	}
	if (w_taken_) {
		Burst &b = wq_.front();
		const lpf_sim_fault &f = fault_.f;
		uint8_t resp = write_beat(b, in);

		if (f.dir == LPF_SIM_FAULT_WRITE && fault_.wr_seen == f.beat) {
			if (f.kind == LPF_SIM_FAULT_SLVERR)
				resp = kSlvErr;
			else if (f.kind == LPF_SIM_FAULT_DECERR)
				resp = kDecErr;
		}
		if (resp != kOkay)
			stats_.wr_errors++;
		b.resp = std::max(b.resp, resp);
		stats_.wr_beats++;
		fault_.wr_seen++;
		wr_credit_ -= std::min(wr_credit_, cfg_.bw_cycles);
		if (in.wlast != (b.done + 1 == b.beats))
			violation("WLAST does not mark the last beat of the burst");
		if (++b.done == b.beats) {
			bq_.push_back(Resp{now_ + 1 + cfg_.wr_latency, b.resp});
			wq_.pop_front();
		}
	}
	if (out.bvalid && in.bready) {
		bq_.pop_front();
		b_presenting_ = false;
	}
	throttle_tick();
	now_++;
}

} // namespace lpfsim
