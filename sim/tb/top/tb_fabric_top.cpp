// SPDX-License-Identifier: MIT
// Smoke testbench of the whole fabric (hw/rtl/top/lpf_fabric_top.sv) against the golden model
// (host/fabric/): a tiny AXI4 memory with an SLVERR window, an AXI4-Lite driver, and hand-built
// command streams encoded with host/isa/isa.c. Every job runs on the RTL and on the golden
// model with the same DRAM image and registers; STATUS, ERR_CODE, ERR_PC, IRQ_STATUS, the
// byte/MAC counters and (for jobs without error) the whole DRAM image must be identical.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <random>
#include <vector>

#include "Vlpf_fabric_top.h"
#include "verilated.h"

extern "C" {
#include "fabric/fabric_model.h"
#include "isa/isa.h"
}

namespace {

constexpr uint64_t kDramBase = 0x100000000ull;  // exercises the upper address bits
constexpr size_t kDramSize = 1u << 20;
constexpr uint64_t kSeg0 = kDramBase + 0x00000;
constexpr uint64_t kSeg1 = kDramBase + 0x40000;
constexpr uint64_t kCmd = kDramBase + 0x80000;
constexpr uint64_t kMaxCycles = 20000000;

struct Dram {
  std::vector<uint8_t> mem = std::vector<uint8_t>(kDramSize);
  uint64_t err_lo = 0, err_hi = 0;  // SLVERR window [lo, hi)
  bool bad(uint64_t a, size_t n) const {
    return a < kDramBase || a + n > kDramBase + kDramSize || (a < err_hi && a + n > err_lo);
  }
};

int golden_read(void *ctx, uint64_t addr, void *dst, size_t n) {
  auto *d = static_cast<Dram *>(ctx);
  if (d->bad(addr, n)) return -1;
  memcpy(dst, &d->mem[addr - kDramBase], n);
  return 0;
}

int golden_write(void *ctx, uint64_t addr, const void *src, size_t n) {
  auto *d = static_cast<Dram *>(ctx);
  if (d->bad(addr, n)) return -1;
  memcpy(&d->mem[addr - kDramBase], src, n);
  return 0;
}

struct Burst {
  uint64_t addr;
  unsigned len, beat;
  bool err;
};

class Tb {
 public:
  Tb() : top_(new Vlpf_fabric_top), rng_(1) {
    top_->clk_i = 0;
    top_->rst_ni = 0;
    for (int i = 0; i < 4; i++) tick();
    top_->rst_ni = 1;
    tick();
  }

  Dram dram;
  uint64_t cycles = 0;

  // One clock cycle: drive the AXI memory model, clock edge, update the model.
  void tick() {
    Vlpf_fabric_top *t = top_.get();
    // drive memory-side inputs
    t->m_axi_arready_i = 1;
    bool rv = !rq_.empty() && (rng_() % 4 != 0);
    t->m_axi_rvalid_i = rv;
    if (!rq_.empty()) {
      Burst &b = rq_.front();
      uint64_t a = (b.addr & ~15ull) + 16ull * b.beat;
      bool err = dram.bad(a, 16);
      for (int w = 0; w < 4; w++) {
        uint32_t v = 0;
        for (int k = 0; k < 4; k++)
          if (!err) v |= uint32_t(dram.mem[a - kDramBase + 4 * w + k]) << (8 * k);
        t->m_axi_rdata_i[w] = v;
      }
      t->m_axi_rresp_i = err ? 2 : 0;
      t->m_axi_rlast_i = (b.beat == b.len);
    }
    t->m_axi_awready_i = 1;
    t->m_axi_wready_i = !wq_.empty() && (rng_() % 3 != 0);
    t->m_axi_bvalid_i = !bq_.empty();
    t->m_axi_bresp_i = bq_.empty() ? 0 : (bq_.front() ? 2 : 0);
    t->clk_i = 0;
    t->eval();
    // handshakes seen at this edge
    bool ar = t->m_axi_arvalid_o && t->m_axi_arready_i;
    uint64_t ar_addr = t->m_axi_araddr_o;
    unsigned ar_len = t->m_axi_arlen_o;
    bool r = t->m_axi_rvalid_i && t->m_axi_rready_o;
    bool aw = t->m_axi_awvalid_o && t->m_axi_awready_i;
    uint64_t aw_addr = t->m_axi_awaddr_o;
    unsigned aw_len = t->m_axi_awlen_o;
    bool w = t->m_axi_wvalid_o && t->m_axi_wready_i;
    uint32_t wdata[4];
    for (int i = 0; i < 4; i++) wdata[i] = t->m_axi_wdata_o[i];
    uint32_t wstrb = t->m_axi_wstrb_o;
    bool wlast = t->m_axi_wlast_o;
    bool b = t->m_axi_bvalid_i && t->m_axi_bready_o;
    if (ar && (t->m_axi_arsize_o != 4 || t->m_axi_arburst_o != 1 || (ar_addr & 15) ||
               ((ar_addr & 4095) + 16ull * (ar_len + 1) > 4096)))
      fail("bad AR");
    if (aw && (t->m_axi_awsize_o != 4 || t->m_axi_awburst_o != 1 || (aw_addr & 15) ||
               ((aw_addr & 4095) + 16ull * (aw_len + 1) > 4096)))
      fail("bad AW");
    t->clk_i = 1;
    t->eval();
    cycles++;
    // update the memory model
    if (ar) rq_.push_back({ar_addr, ar_len, 0, false});
    if (r) {
      if (++rq_.front().beat > rq_.front().len) rq_.pop_front();
    }
    if (aw) wq_.push_back({aw_addr, aw_len, 0, false});
    if (w) {
      Burst &wb = wq_.front();
      uint64_t a = wb.addr + 16ull * wb.beat;
      if (dram.bad(a, 16)) {
        wb.err = true;
      } else {
        for (int k = 0; k < 16; k++)
          if (wstrb >> k & 1) dram.mem[a - kDramBase + k] = uint8_t(wdata[k / 4] >> (8 * (k % 4)));
      }
      if (wlast != (wb.beat == wb.len)) fail("WLAST mismatch");
      if (++wb.beat > wb.len) {
        bq_.push_back(wb.err);
        wq_.pop_front();
      }
    }
    if (b) bq_.pop_front();
  }

  void reg_write(uint32_t addr, uint32_t data) {
    Vlpf_fabric_top *t = top_.get();
    t->s_axil_awaddr_i = addr;
    t->s_axil_awvalid_i = 1;
    t->s_axil_wdata_i = data;
    t->s_axil_wstrb_i = 0xF;
    t->s_axil_wvalid_i = 1;
    t->s_axil_bready_i = 1;
    for (int n = 0;; n++) {
      t->clk_i = 0;
      t->eval();
      bool hs = t->s_axil_awready_o;
      tick();
      if (hs) break;
      if (n > 100) fail("AXI-Lite write stuck");
    }
    t->s_axil_awvalid_i = 0;
    t->s_axil_wvalid_i = 0;
    for (int n = 0;; n++) {
      t->clk_i = 0;
      t->eval();
      bool hs = t->s_axil_bvalid_o;
      tick();
      if (hs) break;
      if (n > 100) fail("AXI-Lite B stuck");
    }
    t->s_axil_bready_i = 0;
  }

  uint32_t reg_read(uint32_t addr) {
    Vlpf_fabric_top *t = top_.get();
    t->s_axil_araddr_i = addr;
    t->s_axil_arvalid_i = 1;
    t->s_axil_rready_i = 1;
    for (int n = 0;; n++) {
      t->clk_i = 0;
      t->eval();
      bool hs = t->s_axil_arready_o;
      tick();
      if (hs) break;
      if (n > 100) fail("AXI-Lite read stuck");
    }
    t->s_axil_arvalid_i = 0;
    uint32_t v = 0;
    for (int n = 0;; n++) {
      t->clk_i = 0;
      t->eval();
      bool hs = t->s_axil_rvalid_o;
      v = t->s_axil_rdata_o;
      tick();
      if (hs) break;
      if (n > 100) fail("AXI-Lite R stuck");
    }
    t->s_axil_rready_i = 0;
    return v;
  }

  bool irq() const { return top_->irq_o; }

  [[noreturn]] static void fail(const char *msg) {
    fprintf(stderr, "FATAL: %s\n", msg);
    exit(1);
  }

 private:
  std::unique_ptr<Vlpf_fabric_top> top_;
  std::mt19937 rng_;
  std::deque<Burst> rq_, wq_;
  std::deque<bool> bq_;
};

// ---------------------------------------------------------------- stream building
struct Stream {
  std::vector<uint8_t> bytes;
  void add(const lpf_insn &in) {
    uint8_t raw[LPF_INSN_BYTES];
    const char *bad = nullptr;
    if (lpf_insn_encode(&in, raw, &bad)) {
      fprintf(stderr, "encode failed: %s\n", bad ? bad : "?");
      exit(1);
    }
    bytes.insert(bytes.end(), raw, raw + LPF_INSN_BYTES);
  }
  void add_raw(const uint32_t w[8]) {
    for (int i = 0; i < 8; i++)
      for (int k = 0; k < 4; k++) bytes.push_back(uint8_t(w[i] >> (8 * k)));
  }
  uint32_t count() const { return uint32_t(bytes.size() / LPF_INSN_BYTES); }
};

lpf_insn load(uint32_t buf, uint32_t seg, uint32_t dram, uint32_t sram, uint32_t x, uint32_t y,
              uint32_t z, uint32_t xs, uint32_t ys, uint32_t zs, uint32_t px0 = 0,
              uint32_t px1 = 0, uint32_t py0 = 0, uint32_t py1 = 0, uint32_t pv = 0) {
  lpf_insn in{};
  in.opcode = LPF_OP_LOAD;
  in.u.load = {buf, seg, pv, dram, sram, x, y, z, xs, ys, zs, px0, px1, py0, py1};
  return in;
}

lpf_insn store(uint32_t seg, uint32_t e, uint32_t dram, uint32_t sram, uint32_t x, uint32_t y,
               uint32_t z, uint32_t xs, uint32_t ys, uint32_t zs) {
  lpf_insn in{};
  in.opcode = LPF_OP_STORE;
  in.u.store = {seg, e, dram, sram, x, y, z, xs, ys, zs};
  return in;
}

lpf_insn end_insn() {
  lpf_insn in{};
  in.opcode = LPF_OP_END;
  return in;
}

lpf_insn flags(lpf_insn in, bool pp, bool pn, bool up, bool un) {
  in.pop_prev = pp;
  in.pop_next = pn;
  in.push_prev = up;
  in.push_next = un;
  return in;
}

// ---------------------------------------------------------------- job runner
struct Harness {
  Tb tb;
  Dram gdram;
  lpf_fabric *gold;
  int failures = 0;

  Harness() {
    lpf_dram_ops ops{golden_read, golden_write, &gdram};
    gold = lpf_fabric_new(&ops);
    std::mt19937 r(7);
    for (auto &b : tb.dram.mem) b = uint8_t(r());
    gdram.mem = tb.dram.mem;
  }
  ~Harness() { lpf_fabric_free(gold); }

  void both_write(uint32_t reg, uint32_t v) {
    tb.reg_write(reg, v);
    lpf_fabric_reg_write(gold, reg, v);
  }

  void poke(uint64_t addr, const void *src, size_t n) {
    memcpy(&tb.dram.mem[addr - kDramBase], src, n);
    memcpy(&gdram.mem[addr - kDramBase], src, n);
  }

  void set_err_window(uint64_t lo, uint64_t hi) {
    tb.dram.err_lo = gdram.err_lo = lo;
    tb.dram.err_hi = gdram.err_hi = hi;
  }

  void check(bool ok, const char *name, const char *what, uint64_t got, uint64_t want) {
    if (!ok) {
      printf("  MISMATCH %s: %s rtl=0x%llx golden=0x%llx\n", name, what,
             (unsigned long long)got, (unsigned long long)want);
      failures++;
    }
  }

  uint64_t last_busy = 0, last_macs = 0;
  uint64_t rtl_cycles = 0;  // cycles simulated while a job ran, and the wall time they took
  double rtl_secs = 0;

  uint64_t reg64(uint32_t lo) {
    return tb.reg_read(lo) | uint64_t(tb.reg_read(lo + 4)) << 32;
  }

  void run(const char *name, const Stream &s) {
    int before = failures;
    poke(kCmd, s.bytes.data(), s.bytes.size());
    both_write(LPF_REG_SEG0_LO, uint32_t(kSeg0));
    both_write(LPF_REG_SEG0_HI, uint32_t(kSeg0 >> 32));
    both_write(LPF_REG_SEG1_LO, uint32_t(kSeg1));
    both_write(LPF_REG_SEG1_HI, uint32_t(kSeg1 >> 32));
    both_write(LPF_REG_CMD_BASE_LO, uint32_t(kCmd));
    both_write(LPF_REG_CMD_BASE_HI, uint32_t(kCmd >> 32));
    both_write(LPF_REG_CMD_LEN, s.count());
    both_write(LPF_REG_IRQ_ENABLE, 3);
    both_write(LPF_REG_IRQ_STATUS, 3);
    uint64_t c0 = tb.cycles;
    std::vector<uint8_t> before_img = gdram.mem;
    both_write(LPF_REG_CTRL, LPF_REG_CTRL_START_MASK);
    const auto w0 = std::chrono::steady_clock::now();
    const uint64_t k0 = tb.cycles;
    while (tb.reg_read(LPF_REG_STATUS) & LPF_REG_STATUS_BUSY_MASK) {
      for (int i = 0; i < 200; i++) tb.tick();
      if (tb.cycles - c0 > kMaxCycles) {
        printf("  TIMEOUT %s\n", name);
        failures++;
        return;
      }
    }
    rtl_cycles += tb.cycles - k0;
    rtl_secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    const uint32_t regs[] = {LPF_REG_STATUS,        LPF_REG_ERR_CODE,      LPF_REG_ERR_PC,
                             LPF_REG_IRQ_STATUS,    LPF_REG_PERF_MACS_LO,  LPF_REG_PERF_RD_BYTES_LO,
                             LPF_REG_PERF_WR_BYTES_LO};
    const char *names[] = {"STATUS", "ERR_CODE", "ERR_PC", "IRQ_STATUS", "PERF_MACS",
                           "PERF_RD_BYTES", "PERF_WR_BYTES"};
    uint32_t st = lpf_fabric_reg_read(gold, LPF_REG_STATUS);
    bool err = st & LPF_REG_STATUS_ERROR_MASK;
    for (int i = 0; i < 7; i++) {
      if (err && i >= 4) break;  // counters of a failed job are not compared
      uint32_t g = lpf_fabric_reg_read(gold, regs[i]), r = tb.reg_read(regs[i]);
      check(g == r, name, names[i], r, g);
    }
    check(tb.irq(), name, "irq_o", tb.irq(), 1);
    if (!err) {
      size_t ndiff = 0, first = 0;
      static const bool debug = getenv("TB_DEBUG") != nullptr;
      for (size_t i = 0; i < kDramSize; i++) {
        if (tb.dram.mem[i] != gdram.mem[i] && !ndiff++) first = i;
        if (debug && tb.dram.mem[i] != gdram.mem[i] && ndiff < 40)
          printf("    diff 0x%zx rtl %02x gold %02x\n", i, tb.dram.mem[i], gdram.mem[i]);
      }
      if (ndiff) {
        printf("  MISMATCH %s: %zu DRAM bytes differ, first at offset 0x%zx: rtl 0x%02x golden "
               "0x%02x\n", name, ndiff, first, tb.dram.mem[first], gdram.mem[first]);
        failures++;
      }
    }
    size_t changed = 0;
    for (size_t i = 0; i < kDramSize; i++) changed += tb.dram.mem[i] != before_img[i];
    last_busy = reg64(LPF_REG_PERF_BUSY_LO);
    last_macs = reg64(LPF_REG_PERF_MACS_LO);
    // after an error, resynchronise the DRAM images (contents are unspecified)
    tb.dram.mem = gdram.mem;
    printf("%s %s (%llu cycles, %zu DRAM bytes changed, ERR_CODE %u, ERR_PC %u)\n",
           failures == before ? "PASS" : "FAIL", name, (unsigned long long)(tb.cycles - c0), changed,
           lpf_fabric_reg_read(gold, LPF_REG_ERR_CODE), lpf_fabric_reg_read(gold, LPF_REG_ERR_PC));
  }
};

// Parameter entries: bias, multiplier, w_zp, 0.
void put_params(Harness &h, uint64_t addr, const std::vector<int32_t> &bias,
                const std::vector<float> &mult, const std::vector<int32_t> &wzp) {
  std::vector<uint8_t> b(16 * bias.size());
  for (size_t c = 0; c < bias.size(); c++) {
    uint32_t v[4];
    v[0] = uint32_t(bias[c]);
    memcpy(&v[1], &mult[c], 4);
    v[2] = uint32_t(wzp[c]);
    v[3] = 0;
    memcpy(&b[16 * c], v, 16);
  }
  h.poke(addr, b.data(), b.size());
}

// A conv job: LOAD INP (padded) / WGT / PARAM, CONV, POST, STORE, END.
struct ConvCase {
  uint32_t c, h, w, pad, oc, groups, k, s, d;
  uint32_t x_signed, w_signed, out_signed, mode;
  uint32_t pk, ps;
  int32_t p0;
  uint32_t ph, pw;
  uint32_t split = 0;  // 1: two CONVs over the two halves of the input channels (ACC_MODE 1)
};

// MAC-array utilisation: MACs / (cycles x PE_ROWS x PE_COLS)
double util(uint64_t macs, uint64_t cycles) {
  return cycles ? 100.0 * double(macs) / (double(cycles) * LPF_PE_ROWS * LPF_PE_COLS) : 0.0;
}

void conv_job(Harness &h, const char *name, const ConvCase &cc, std::mt19937 &rng) {
  const uint32_t ih = cc.h + 2 * cc.pad, iw = cc.w + 2 * cc.pad;
  const uint32_t oh = (ih - (cc.k - 1) * cc.d - 1) / cc.s + 1;
  const uint32_t ow = (iw - (cc.k - 1) * cc.d - 1) / cc.s + 1;
  const uint32_t icpg = cc.c / cc.groups, ocpg = cc.oc / cc.groups;
  const uint32_t x_zp = rng() & 0xFF;
  const uint32_t in_off = 0x1003;  // unaligned, segment 1
  const uint32_t nw = cc.groups * icpg * cc.k * cc.k * ocpg;
  const uint32_t wgt_off = 0x2007;  // segment 0
  const uint32_t par_off = std::max(0x3000u, (wgt_off + nw + 0xFFFu) & ~0xFFFu);
  std::vector<uint8_t> wgt(nw);
  for (auto &v : wgt) v = uint8_t(rng());
  h.poke(kSeg0 + wgt_off, wgt.data(), wgt.size());
  std::vector<int32_t> bias(cc.oc), wzp(cc.oc);
  std::vector<float> mult(cc.oc);
  for (uint32_t c = 0; c < cc.oc; c++) {
    bias[c] = int32_t(rng() % 20001) - 10000;
    mult[c] = float(rng() % 1000 + 1) / 300000.0f;
    wzp[c] = cc.w_signed ? int32_t(rng() % 256) - 128 : int32_t(rng() % 256);
  }
  put_params(h, kSeg0 + par_off, bias, mult, wzp);
  // input: NCHW c x h x w at seg1 + in_off, row stride w
  Stream s;
  s.add(load(LPF_BUF_INP, 1, in_off, 5, cc.w, cc.h, cc.c, 1, cc.w, cc.w * cc.h, cc.pad, cc.pad,
             cc.pad, cc.pad, x_zp));
  s.add(load(LPF_BUF_WGT, 0, wgt_off, 3, nw, 1, 1, 1, 0, 0));
  s.add(flags(load(LPF_BUF_PARAM, 0, par_off, 16 * 2, 16 * cc.oc, 1, 1, 1, 0, 0), 0, 0, 0, 1));
  lpf_insn cv{};
  cv.opcode = LPF_OP_CONV;
  cv.u.conv = {0, cc.x_signed, cc.w_signed, x_zp, 5, 3, 7, 2, ih, iw, oh, ow,
               cc.k, cc.k, cc.s, cc.s, cc.d, cc.d, icpg, ocpg, cc.groups};
  if (cc.split) {
    // first half of the input channels overwrites, second half accumulates
    const uint32_t h1 = icpg / 2;
    cv.u.conv.icpg = h1;
    s.add(flags(cv, 1, 0, 0, 0));
    lpf_insn cv2 = cv;
    cv2.u.conv.acc_mode = 1;
    cv2.u.conv.inp_off = 5 + h1 * ih * iw;
    cv2.u.conv.wgt_off = 3 + h1 * cc.k * cc.k * ocpg;
    cv2.u.conv.icpg = icpg - h1;
    s.add(cv2);
  } else {
    s.add(flags(cv, 1, 0, 0, 0));
  }
  lpf_insn pp{};
  pp.opcode = LPF_OP_POST;
  uint32_t lo = cc.out_signed ? 0x90 : 0x03, hi = cc.out_signed ? 0x70 : 0xF0;
  uint32_t ph = cc.ph ? cc.ph : oh, pw = cc.pw ? cc.pw : ow;
  pp.u.post = {cc.mode, cc.out_signed, uint32_t(rng() & 0x3F), 7, 2, 9, oh, ow, cc.oc, lo, hi,
               cc.pk, cc.pk, cc.ps, cc.ps, cc.p0, cc.p0, ph, pw};
  s.add(flags(pp, 0, 0, 0, 1));
  // output: oc x ph x pw elements, stored with a channel stride larger than the plane
  uint32_t e = cc.mode == LPF_POST_MODE_RAW32 ? 2 : 0;
  uint32_t esz = 1u << e;
  uint32_t xs = cc.mode == LPF_POST_MODE_RAW32 ? 8 : 1;  // RAW32: element-strided store
  s.add(flags(store(1, e, 0x20001, 9, pw, ph, cc.oc, xs, pw * xs + 3, (ph * pw * xs + 40) * esz),
              1, 0, 0, 0));
  s.add(end_insn());
  h.run(name, s);
  const uint64_t job_busy = h.last_busy, macs = h.last_macs;
  // the CONV alone again, on the buffers the job left (both models keep them across jobs)
  Stream sc;
  lpf_insn c1 = cv;
  if (cc.split) c1.u.conv.icpg = icpg;  // whole reduction in one CONV
  c1.u.conv.acc_mode = 0;
  sc.add(c1);
  sc.add(end_insn());
  std::string cname = std::string(name) + "/conv_only";
  h.run(cname.c_str(), sc);
  printf("  perf %s: %ux%ux%u -> %ux%ux%u k%u s%u, MACs %llu; job %llu cycles, util %.1f%%; "
         "CONV alone %llu cycles, util %.1f%%\n",
         name, cc.c, ih, iw, cc.oc, oh, ow, cc.k, cc.s, (unsigned long long)macs,
         (unsigned long long)job_busy, util(macs, job_busy), (unsigned long long)h.last_busy,
         util(h.last_macs, h.last_busy));
}

}  // namespace

int main(int argc, char **argv) {
  Verilated::commandArgs(argc, argv);
  const auto t0 = std::chrono::steady_clock::now();
  Harness h;
  std::mt19937 rng(11);

  // TB_CASE="c,h,w,pad,oc,groups,k,s,d,xs,ws,os,mode,pk,ps,p0,ph,pw": run that one conv job
  if (const char *dc = getenv("TB_CASE")) {
    ConvCase c{};
    sscanf(dc, "%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%d,%u,%u", &c.c, &c.h, &c.w, &c.pad,
           &c.oc, &c.groups, &c.k, &c.s, &c.d, &c.x_signed, &c.w_signed, &c.out_signed, &c.mode,
           &c.pk, &c.ps, &c.p0, &c.ph, &c.pw);
    conv_job(h, "tb_case", c, rng);
    return h.failures ? 1 : 0;
  }

  // 1. LOAD with padding (strided, unaligned) and a round trip INP -> identity conv -> OUT ->
  //    STORE: pad ring and data come back exactly.
  {
    Stream s;
    float one = 1.0f;
    put_params(h, kSeg0 + 0x100, {0}, {one}, {0});
    uint8_t w1 = 1;
    h.poke(kSeg0 + 0x200, &w1, 1);
    // 3 planes of 5x7 from a strided source (x stride 2, y stride 37, z stride 301), pads 1,2,3,1
    s.add(load(LPF_BUF_INP, 1, 0x333, 0, 7, 5, 3, 2, 37, 301, 1, 2, 3, 1, 0x5A));
    s.add(load(LPF_BUF_WGT, 0, 0x200, 0, 1, 1, 1, 1, 0, 0));
    s.add(flags(load(LPF_BUF_PARAM, 0, 0x100, 0, 16, 1, 1, 1, 0, 0), 0, 0, 0, 1));
    lpf_insn cv{};
    cv.opcode = LPF_OP_CONV;
    // the padded tile is 3 x 9 x 10 = 270 pixels viewed as 1 x 1 x 270 with 3 channels
    cv.u.conv = {0, 0, 0, 0, 0, 0, 0, 0, 9, 10, 9, 10, 1, 1, 1, 1, 1, 1, 1, 1, 3};
    s.add(flags(cv, 1, 0, 0, 0));
    lpf_insn pp{};
    pp.opcode = LPF_OP_POST;
    pp.u.post = {0, 0, 0, 0, 0, 0, 9, 10, 3, 0, 255, 1, 1, 1, 1, 0, 0, 9, 10};
    s.add(flags(pp, 0, 0, 0, 1));
    s.add(flags(store(1, 0, 0x10005, 0, 10, 9, 3, 1, 10, 97), 1, 0, 0, 0));
    s.add(end_insn());
    h.run("load_pad_store_roundtrip", s);
  }

  // 2. 3x3 conv, padding 1, 20 output channels (two column blocks), 64 pixels (four row blocks)
  conv_job(h, "conv3x3", {3, 8, 8, 1, 20, 1, 3, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0}, rng);
  // 3. grouped conv, stride 2, dilation 2, uint8 weights, with 3x3/2 max pool from row -1
  conv_job(h, "conv_grouped_pool", {4, 11, 9, 2, 6, 2, 3, 1, 2, 1, 0, 0, 0, 3, 2, -1, 6, 5},
           rng);
  conv_job(h, "conv_pool2x2", {2, 8, 8, 0, 5, 1, 2, 2, 1, 0, 1, 0, 0, 2, 2, 0, 2, 2}, rng);
  // 6x6/3 pool from (-2, -2): window rows wider than the 4 POST lanes, clipped at both ends
  conv_job(h, "conv_pool6x6", {3, 12, 12, 1, 9, 1, 3, 1, 1, 1, 1, 1, 0, 6, 3, -2, 5, 5}, rng);
  // 1x1 pool with an origin inside the tile (crop): the 4-lane path from column PX0 = 1
  conv_job(h, "conv_crop", {4, 9, 11, 1, 6, 1, 3, 1, 1, 0, 1, 0, 0, 1, 1, 1, 7, 9}, rng);
  // 4. RAW32 output, stored element by element (x stride 8)
  conv_job(h, "conv_raw32", {5, 4, 6, 1, 7, 1, 3, 1, 1, 1, 1, 0, LPF_POST_MODE_RAW32, 1, 1, 0,
                             0, 0},
           rng);

  // 5. SRAM_RANGE at pc 1, then a good job
  {
    Stream s;
    s.add(load(LPF_BUF_INP, 1, 0, 0, 16, 2, 1, 1, 16, 0));
    s.add(load(LPF_BUF_WGT, 1, 0, LPF_WGT_BUF_BYTES - 10, 16, 1, 1, 1, 0, 0));
    s.add(end_insn());
    h.run("error_sram_range", s);
    conv_job(h, "after_sram_range", {2, 5, 5, 1, 3, 1, 3, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0}, rng);
  }
  // 6. decode-side errors in stream order
  {
    Stream s;
    s.add(load(LPF_BUF_INP, 1, 0, 0, 16, 2, 1, 1, 16, 0));
    s.add(flags(load(LPF_BUF_INP, 1, 0, 0, 16, 2, 1, 1, 16, 0), 0, 1, 0, 0));  // underflow
    s.add(end_insn());
    h.run("error_token_underflow", s);
    Stream s2;
    s2.add(flags(load(LPF_BUF_INP, 1, 0, 0, 16, 2, 1, 1, 16, 0), 0, 0, 0, 1));
    s2.add(end_insn());
    h.run("error_token_leftover", s2);
    Stream s3;
    uint32_t bad[8] = {0x7, 0, 0, 0, 0, 0, 0, 0};
    s3.add(load(LPF_BUF_INP, 1, 0, 0, 16, 2, 1, 1, 16, 0));
    s3.add_raw(bad);
    h.run("error_bad_opcode", s3);
    Stream s4;
    lpf_insn pp{};
    pp.opcode = LPF_OP_POST;
    pp.u.post = {0, 0, 0, 0, 0, 0, 4, 4, 1, 0, 255, 2, 2, 2, 2, -2, 0, 2, 2};
    s4.add(pp);
    h.run("error_pool_window", s4);
    Stream s5;
    lpf_insn cv{};
    cv.opcode = LPF_OP_CONV;
    cv.u.conv = {0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1};
    s5.add(cv);
    h.run("error_kernel_range", s5);
    Stream s6;
    s6.add(load(LPF_BUF_INP, 1, 0, 0, 16, 2, 1, 1, 16, 0));
    h.run("error_cmd_fetch_past_len", s6);
  }
  // 7. SLVERR from memory on a LOAD, then a good job
  {
    h.set_err_window(kSeg1 + 0x8000, kSeg1 + 0x8100);
    Stream s;
    s.add(load(LPF_BUF_INP, 1, 0x7FF0, 0, 64, 2, 1, 1, 64, 0));
    s.add(end_insn());
    h.run("error_dma_slverr_load", s);
    Stream s2;
    s2.add(store(1, 0, 0x8050, 0, 16, 1, 1, 1, 0, 0));
    s2.add(end_insn());
    h.run("error_dma_slverr_store", s2);
    h.set_err_window(0, 0);
    conv_job(h, "after_slverr", {3, 6, 6, 1, 4, 1, 3, 1, 1, 0, 1, 1, 0, 2, 2, 0, 3, 3}, rng);
  }

  // 8. ACC_MODE 1 (input channels split over two CONVs), int8 activations with uint8
  //    weights, a stride-2 conv, TOKEN_OVERFLOW
  conv_job(h, "conv_acc_mode_split", {12, 9, 10, 1, 19, 1, 3, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1},
           rng);
  conv_job(h, "conv_int8x_uint8w", {6, 7, 9, 1, 18, 1, 3, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0}, rng);
  conv_job(h, "conv_stride2", {8, 14, 14, 1, 24, 1, 3, 2, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0}, rng);
  {
    Stream s;
    for (int i = 0; i <= LPF_TOKEN_DEPTH; i++)
      s.add(flags(load(LPF_BUF_INP, 1, 0, 0, 16, 1, 1, 1, 16, 0), 0, 0, 0, 1));
    s.add(end_insn());
    h.run("error_token_overflow", s);
  }
  // 9. Fashion-MNIST conv layers (1->16 and 16->32, 3x3 pad 1, 2x2/2 max pool) and a
  //    multi-tile ResNet-18-shaped tile: 64->64 3x3 on 4 rows of a 56x56 layer
  conv_job(h, "fashion_conv1", {1, 28, 28, 1, 16, 1, 3, 1, 1, 0, 1, 0, 0, 2, 2, 0, 14, 14}, rng);
  conv_job(h, "fashion_conv2", {16, 14, 14, 1, 32, 1, 3, 1, 1, 0, 1, 0, 0, 2, 2, 0, 7, 7}, rng);
  conv_job(h, "resnet_64x64_3x3_56", {64, 4, 56, 1, 64, 1, 3, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0},
           rng);

  // 10. SOFT_RESET in the middle of a job (RTL only; the golden model runs a job atomically),
  //    then a good job on both
  {
    Stream s;
    s.add(load(LPF_BUF_INP, 1, 0, 0, 4000, 8, 4, 1, 4000, 32000));
    s.add(end_insn());
    h.poke(kCmd, s.bytes.data(), s.bytes.size());
    h.tb.reg_write(LPF_REG_CMD_LEN, s.count());
    h.tb.reg_write(LPF_REG_IRQ_STATUS, 3);
    h.tb.reg_write(LPF_REG_CTRL, LPF_REG_CTRL_START_MASK);
    for (int i = 0; i < 3000; i++) h.tb.tick();
    uint32_t busy = h.tb.reg_read(LPF_REG_STATUS);
    h.tb.reg_write(LPF_REG_CTRL, LPF_REG_CTRL_SOFT_RESET_MASK);
    for (int i = 0; i < 2000; i++) h.tb.tick();
    uint32_t st = h.tb.reg_read(LPF_REG_STATUS), irq = h.tb.reg_read(LPF_REG_IRQ_STATUS);
    bool ok = busy == LPF_REG_STATUS_BUSY_MASK && st == 0 && irq == 0;
    if (!ok) h.failures++;
    printf("%s soft_reset_mid_job (STATUS before 0x%x, after 0x%x, IRQ_STATUS 0x%x)\n",
           ok ? "PASS" : "FAIL", busy, st, irq);
    lpf_fabric_reg_write(h.gold, LPF_REG_CTRL, LPF_REG_CTRL_SOFT_RESET_MASK);
    conv_job(h, "after_soft_reset", {3, 7, 5, 1, 17, 1, 3, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0}, rng);
  }

  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  printf("  perf simulation: %llu cycles in %.2f s (golden model and checks included), "
         "%.0f cycles/s; while jobs run (RTL and memory model only) %.0f cycles/s\n",
         (unsigned long long)h.tb.cycles, secs, double(h.tb.cycles) / secs,
         h.rtl_secs > 0 ? double(h.rtl_cycles) / h.rtl_secs : 0.0);
  printf("%s: %d mismatches\n", h.failures ? "FAILED" : "ALL PASSED", h.failures);
  return h.failures ? 1 : 0;
}
