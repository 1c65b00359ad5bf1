// SPDX-License-Identifier: MIT
// The Verilated lpf_fabric_top behind the C API of lpf_sim.h: clock and reset, the
// AXI4-Lite register driver, the DRAM slave (lpf_sim_dram.cpp), FST waves and coverage.
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <unistd.h>

#include "Vlpf_fabric.h"
#include "lpf_sim.h"
#include "lpf_sim_dram.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

#ifndef LPF_SIM_TOP_NAME
#error "LPF_SIM_TOP_NAME must name the Verilated top module"
#endif

namespace {

constexpr unsigned kResetCycles = 4;
constexpr unsigned kLiteTimeout = 1000;

struct LiteState {
	bool awvalid, wvalid, bready, arvalid, rready;
	uint32_t awaddr, wdata, araddr;
	bool b_done, r_done;
	uint8_t bresp, rresp;
	uint32_t rdata;
};

void set_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	std::vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

} // namespace

struct lpf_sim {
	VerilatedContext ctx;
	Vlpf_fabric *top = nullptr;
	lpfsim::DramSlave *dram = nullptr;
#if VM_TRACE
	VerilatedFstC *fst = nullptr;
#endif
	uint64_t cycle = 0;
	LiteState lite{};
};

namespace {

void pins_in(Vlpf_fabric *t, const lpfsim::SlavePins &s, const LiteState &l)
{
	t->s_axil_awaddr_i = l.awaddr;
	t->s_axil_awvalid_i = l.awvalid;
	t->s_axil_wdata_i = l.wdata;
	t->s_axil_wstrb_i = 0xf;
	t->s_axil_wvalid_i = l.wvalid;
	t->s_axil_bready_i = l.bready;
	t->s_axil_araddr_i = l.araddr;
	t->s_axil_arvalid_i = l.arvalid;
	t->s_axil_rready_i = l.rready;
	t->m_axi_arready_i = s.arready;
	for (unsigned w = 0; w < 4; w++) {
		uint32_t v;

		std::memcpy(&v, s.rdata + 4 * w, 4);
		t->m_axi_rdata_i[w] = v;
	}
	t->m_axi_rresp_i = s.rresp;
	t->m_axi_rlast_i = s.rlast;
	t->m_axi_rvalid_i = s.rvalid;
	t->m_axi_awready_i = s.awready;
	t->m_axi_wready_i = s.wready;
	t->m_axi_bresp_i = s.bresp;
	t->m_axi_bvalid_i = s.bvalid;
}

void pins_out(const Vlpf_fabric *t, lpfsim::MasterPins &m)
{
	m.araddr = t->m_axi_araddr_o;
	m.arlen = t->m_axi_arlen_o;
	m.arsize = t->m_axi_arsize_o;
	m.arburst = t->m_axi_arburst_o;
	m.arvalid = t->m_axi_arvalid_o;
	m.rready = t->m_axi_rready_o;
	m.awaddr = t->m_axi_awaddr_o;
	m.awlen = t->m_axi_awlen_o;
	m.awsize = t->m_axi_awsize_o;
	m.awburst = t->m_axi_awburst_o;
	m.awvalid = t->m_axi_awvalid_o;
	for (unsigned w = 0; w < 4; w++) {
		uint32_t v = t->m_axi_wdata_o[w];

		std::memcpy(m.wdata + 4 * w, &v, 4);
	}
	m.wstrb = t->m_axi_wstrb_o;
	m.wlast = t->m_axi_wlast_o;
	m.wvalid = t->m_axi_wvalid_o;
	m.bready = t->m_axi_bready_o;
}

void dump(lpf_sim *s, uint64_t t)
{
#if VM_TRACE
	if (s->fst)
		s->fst->dump(t);
#else
	(void)s;
	(void)t;
#endif
}

// One clock cycle: drive inputs with the clock low, let them settle, sample every
// handshake, then the rising edge.
void step(lpf_sim *s)
{
	Vlpf_fabric *t = s->top;
	LiteState &l = s->lite;
	lpfsim::SlavePins sp;
	lpfsim::MasterPins mp;

	s->dram->drive(sp);
	t->clk_i = 0;
	pins_in(t, sp, l);
	t->eval();
	dump(s, 2 * s->cycle);
	pins_out(t, mp);
	const bool aw = l.awvalid && t->s_axil_awready_o;
	const bool w = l.wvalid && t->s_axil_wready_o;
	const bool b = l.bready && t->s_axil_bvalid_o;
	const bool ar = l.arvalid && t->s_axil_arready_o;
	const bool r = l.rready && t->s_axil_rvalid_o;
	if (b)
		l.bresp = t->s_axil_bresp_o;
	if (r) {
		l.rresp = t->s_axil_rresp_o;
		l.rdata = t->s_axil_rdata_o;
	}
	t->clk_i = 1;
	t->eval();
	dump(s, 2 * s->cycle + 1);
	s->dram->commit(mp, sp);
	l.awvalid = l.awvalid && !aw;
	l.wvalid = l.wvalid && !w;
	l.arvalid = l.arvalid && !ar;
	if (b) {
		l.bready = false;
		l.b_done = true;
	}
	if (r) {
		l.rready = false;
		l.r_done = true;
	}
	s->cycle++;
	s->ctx.time(2 * s->cycle);
}

void sim_destroy(lpf_sim *s);

lpf_sim *sim_create(const lpf_sim_config *cfg, const lpf_sim_dram_ops *dram, char *err,
		    size_t err_len)
{
	static const lpf_sim_config none{};
	const char *waves;
	lpf_sim *s;

	if (!dram || !dram->read || !dram->write) {
		set_err(err, err_len, "lpf_sim: DRAM read and write callbacks are required");
		return nullptr;
	}
	if (!cfg)
		cfg = &none;
	waves = cfg->waves ? cfg->waves : std::getenv("LPFPGA_WAVES");
	if (waves && !*waves)
		waves = nullptr;
#if !VM_TRACE
	if (waves) {
		set_err(err, err_len,
			"lpf_sim: waves requested (%s) but this library was built without trace "
			"support; use build/sim-trace/" LPF_SIM_LIB_NAME " (make sim builds it)",
			waves);
		return nullptr;
	}
#endif
	s = new (std::nothrow) lpf_sim;
	if (!s) {
		set_err(err, err_len, "lpf_sim: out of memory");
		return nullptr;
	}
	s->ctx.randReset(0);
#if VM_TRACE
	if (waves)
		s->ctx.traceEverOn(true);
#endif
	s->top = new (std::nothrow) Vlpf_fabric{&s->ctx, "TOP"};
	s->dram = new (std::nothrow) lpfsim::DramSlave(*cfg, *dram);
	if (!s->top || !s->dram) {
		sim_destroy(s);
		set_err(err, err_len, "lpf_sim: out of memory");
		return nullptr;
	}
#if VM_TRACE
	if (waves) {
		s->fst = new VerilatedFstC;
		s->top->trace(s->fst, 99);
		s->fst->open(waves);
		if (!s->fst->isOpen()) {
			set_err(err, err_len, "lpf_sim: cannot write waves to %s", waves);
			sim_destroy(s);
			return nullptr;
		}
	}
#endif
	s->top->rst_ni = 0;
	for (unsigned i = 0; i < kResetCycles; i++)
		step(s);
	s->top->rst_ni = 1;
	step(s);
	return s;
}

void sim_destroy(lpf_sim *s)
{
	if (!s)
		return;
	if (s->top)
		s->top->final();
#if VM_TRACE
	if (s->fst) {
		s->fst->close();
		delete s->fst;
	}
#endif
#if VM_COVERAGE
	{
		static unsigned serial;
		const char *dir = std::getenv("LPFPGA_SIM_COV_DIR");
		std::string path = std::string(dir && *dir ? dir : ".") + "/lpf_sim_" +
				   std::to_string(getpid()) + "_" + std::to_string(serial++) + ".dat";

		s->ctx.coveragep()->write(path.c_str());
	}
#endif
	delete s->top;
	delete s->dram;
	delete s;
}

int sim_reg_write(lpf_sim *s, uint32_t offset, uint32_t value)
{
	LiteState &l = s->lite;

	l.awaddr = offset;
	l.wdata = value;
	l.awvalid = l.wvalid = l.bready = true;
	l.b_done = false;
	for (unsigned i = 0; i < kLiteTimeout && !l.b_done; i++)
		step(s);
	if (!l.b_done) {
		l.awvalid = l.wvalid = l.bready = false;
		return -1;
	}
	return l.bresp ? -1 : 0;
}

int sim_reg_read(lpf_sim *s, uint32_t offset, uint32_t *value)
{
	LiteState &l = s->lite;

	l.araddr = offset;
	l.arvalid = l.rready = true;
	l.r_done = false;
	for (unsigned i = 0; i < kLiteTimeout && !l.r_done; i++)
		step(s);
	if (!l.r_done) {
		l.arvalid = l.rready = false;
		return -1;
	}
	*value = l.rdata;
	return l.rresp ? -1 : 0;
}

int sim_run(lpf_sim *s, uint64_t max_cycles, uint64_t *ran)
{
	uint64_t n = 0;

	while (!s->top->irq_o && n < max_cycles) {
		step(s);
		n++;
	}
	if (ran)
		*ran = n;
	return s->top->irq_o ? 1 : 0;
}

uint64_t sim_cycles(const lpf_sim *s)
{
	return s->cycle;
}

void sim_set_fault(lpf_sim *s, const lpf_sim_fault *f)
{
	static const lpf_sim_fault none{};

	s->dram->set_fault(f ? *f : none);
}

void sim_dram_flush(lpf_sim *s)
{
	s->dram->flush();
}

void sim_stats(const lpf_sim *s, lpf_sim_stats *out)
{
	*out = lpf_sim_stats{};
	s->dram->add_stats(*out);
	out->cycles = s->cycle;
}

#define LPF_SIM_STR2(x) #x
#define LPF_SIM_STR(x) LPF_SIM_STR2(x)

const lpf_sim_api api = {
	LPF_SIM_API_VERSION,
	"top=" LPF_SIM_STR(LPF_SIM_TOP_NAME) " trace=" LPF_SIM_STR(VM_TRACE)
		" coverage=" LPF_SIM_STR(VM_COVERAGE),
	sim_create,
	sim_destroy,
	sim_reg_read,
	sim_reg_write,
	sim_run,
	sim_cycles,
	sim_set_fault,
	sim_dram_flush,
	sim_stats,
};

} // namespace

extern "C" __attribute__((visibility("default"))) const lpf_sim_api *
lpf_sim_get_api(uint32_t version)
{
	return version == LPF_SIM_API_VERSION ? &api : nullptr;
}
