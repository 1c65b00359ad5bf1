// SPDX-License-Identifier: MIT
// Block test of hw/rtl/array/array_top.sv against a plain C++ dot product.
//
// The reference is cycle-accurate at the array's documented interface: an input accepted at
// clock edge t is in the accumulators after edge t + 2, and a column read presented at edge t'
// returns the accumulators as they were after edge t' - 1, so reads may be interleaved with
// accumulation anywhere. Every read compares Rows int32 accumulators bit for bit against
//   acc[r][c] = sum over k of (x[k][r] - x_zp) * (w[k][c] - w_zp[c])   (int32, wraps)
// restarted by first_i. Build with -DTB_ROWS=R -DTB_COLS=C matching -GRows/-GCols.
// +tiles=N sets the number of random tiles (default 20000), +seed=N reseeds.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <vector>

#include "Varray_top.h"
#include "tb_util.h"
#include "verilated.h"

#ifndef TB_ROWS
#error "build with -DTB_ROWS=<Rows>"
#endif
#ifndef TB_COLS
#error "build with -DTB_COLS=<Cols>"
#endif

namespace {

constexpr int kRows = TB_ROWS;
constexpr int kCols = TB_COLS;
static_assert(kRows * 32 > 64, "rd_acc_o must be a wide (VlWide) port");

// Field setters for ports that Verilator represents as IData, QData or VlWide<N>.
void set_byte(uint32_t& port, int idx, uint8_t val) {
  port = (port & ~(0xffu << (8 * idx))) | (static_cast<uint32_t>(val) << (8 * idx));
}
void set_byte(uint64_t& port, int idx, uint8_t val) {
  port = (port & ~(uint64_t{0xff} << (8 * idx))) | (static_cast<uint64_t>(val) << (8 * idx));
}
template <std::size_t N>
void set_byte(VlWide<N>& port, int idx, uint8_t val) {
  uint32_t& w = port[idx / 4];
  int sh = 8 * (idx % 4);
  w = (w & ~(0xffu << sh)) | (static_cast<uint32_t>(val) << sh);
}

int32_t operand(uint8_t v, uint8_t zp, bool is_signed) {
  int32_t a = is_signed ? static_cast<int8_t>(v) : v;
  int32_t z = is_signed ? static_cast<int8_t>(zp) : zp;
  return a - z;
}

struct Step {
  bool valid = false;
  bool first = false;
  std::vector<int32_t> x;  // operands with the zero point subtracted
  std::vector<int32_t> w;
};

struct Read {
  int col;
  std::vector<uint32_t> expect;
  tb::Test* test;
};

class Bench {
 public:
  explicit Bench(VerilatedContext* ctx) : dut_(new Varray_top(ctx)), acc_(kRows * kCols, 0) {
    dut_->clk_i = 0;
    dut_->rst_ni = 0;
    dut_->valid_i = 0;
    dut_->rd_en_i = 0;
    dut_->eval();
    for (int i = 0; i < 4; i++) edge();
    dut_->rst_ni = 1;
    for (int i = 0; i < 4; i++) edge();
  }
  ~Bench() { dut_->final(); }

  // Configuration of the following inputs (may change at any cycle).
  void config(bool xs, bool ws, uint8_t xzp, const std::vector<uint8_t>& wzp) {
    xs_ = xs;
    ws_ = ws;
    xzp_ = xzp;
    wzp_ = wzp;
    dut_->x_signed_i = xs;
    dut_->w_signed_i = ws;
    dut_->x_zp_i = xzp;
    for (int c = 0; c < kCols; c++) set_byte(dut_->w_zp_i, c, wzp[c]);
  }

  // One clock cycle: an optional input step and an optional column read.
  void cycle(const std::vector<uint8_t>* x, const std::vector<uint8_t>* w, bool first, int rd_col,
             tb::Test* t, tb::Rng& rng) {
    Step s;
    s.valid = x != nullptr;
    s.first = first;
    for (int r = 0; r < kRows; r++) {
      uint8_t b = s.valid ? (*x)[r] : static_cast<uint8_t>(rng.u32());
      set_byte(dut_->x_i, r, b);
      if (s.valid) s.x.push_back(operand(b, xzp_, xs_));
    }
    for (int c = 0; c < kCols; c++) {
      uint8_t b = s.valid ? (*w)[c] : static_cast<uint8_t>(rng.u32());
      set_byte(dut_->w_i, c, b);
      if (s.valid) s.w.push_back(operand(b, wzp_[c], ws_));
    }
    dut_->valid_i = s.valid;
    dut_->first_i = s.valid ? first : rng.chance(50);
    dut_->rd_en_i = rd_col >= 0;
    dut_->rd_col_i = static_cast<uint8_t>(rd_col >= 0 ? rd_col : rng.below(kCols));
    if (rd_col >= 0) {
      Read rd{rd_col, std::vector<uint32_t>(kRows), t};
      for (int r = 0; r < kRows; r++) rd.expect[r] = acc_[r * kCols + rd_col];
      reads_.push_back(rd);
    }
    pipe_.push_back(s);
    edge();
    // The step accepted two edges ago reaches the accumulators at this edge.
    if (pipe_.size() > 2) {
      apply(pipe_.front());
      pipe_.pop_front();
    }
  }

  void idle(tb::Rng& rng) { cycle(nullptr, nullptr, false, -1, nullptr, rng); }

  uint64_t cycles() const { return cycles_; }
  uint64_t spurious() const { return spurious_; }
  uint64_t pending() const { return reads_.size(); }

 private:
  void apply(const Step& s) {
    if (!s.valid) return;
    for (int r = 0; r < kRows; r++) {
      for (int c = 0; c < kCols; c++) {
        uint32_t p = static_cast<uint32_t>(s.x[r] * s.w[c]);
        uint32_t& a = acc_[r * kCols + c];
        a = (s.first ? 0u : a) + p;
      }
    }
  }

  void edge() {
    dut_->clk_i = 1;
    dut_->eval();
    cycles_++;
    if (dut_->rst_ni) check();
    dut_->clk_i = 0;
    dut_->eval();
  }

  void check() {
    if (!dut_->rd_valid_o) return;
    if (reads_.empty()) {
      spurious_++;
      return;
    }
    Read rd = reads_.front();
    reads_.pop_front();
    for (int r = 0; r < kRows; r++) {
      uint32_t got = dut_->rd_acc_o[r];
      if (got == rd.expect[r]) {
        rd.test->pass();
      } else if (rd.test->fail()) {
        std::printf("  %s: cycle %" PRIu64 " column %d row %d: rtl %d, expected %d\n",
                    rd.test->name(), cycles_, rd.col, r, static_cast<int32_t>(got),
                    static_cast<int32_t>(rd.expect[r]));
      }
    }
  }

  std::unique_ptr<Varray_top> dut_;
  std::vector<uint32_t> acc_;  // reference accumulators after the last edge
  std::deque<Step> pipe_;
  std::deque<Read> reads_;
  bool xs_ = false;
  bool ws_ = false;
  uint8_t xzp_ = 0;
  std::vector<uint8_t> wzp_ = std::vector<uint8_t>(kCols, 0);
  uint64_t cycles_ = 0;
  uint64_t spurious_ = 0;
};

const uint8_t kEdgeBytes[] = {0x00, 0x01, 0x7f, 0x80, 0x81, 0xfe, 0xff};

uint8_t pick(tb::Rng& rng, bool edge) {
  return edge ? kEdgeBytes[rng.below(sizeof(kEdgeBytes))] : static_cast<uint8_t>(rng.u32());
}

// One output tile of k steps with random configuration; reads of random columns are sprinkled
// over the accumulation (they see partial sums), then every column is read in random order.
void tile(Bench& b, tb::Rng& rng, tb::Test* t, int k, bool edge, int gap) {
  std::vector<uint8_t> wzp(kCols);
  for (int c = 0; c < kCols; c++) wzp[c] = pick(rng, edge || rng.chance(20));
  b.config(rng.chance(50), rng.chance(50), pick(rng, edge || rng.chance(20)), wzp);
  std::vector<uint8_t> x(kRows), w(kCols);
  for (int i = 0; i < k; i++) {
    while (rng.chance(10)) {
      int rd = rng.chance(5) ? static_cast<int>(rng.below(kCols)) : -1;
      b.cycle(nullptr, nullptr, false, rd, t, rng);
    }
    for (int r = 0; r < kRows; r++) x[r] = pick(rng, edge);
    for (int c = 0; c < kCols; c++) w[c] = pick(rng, edge);
    b.cycle(&x, &w, i == 0, rng.chance(5) ? static_cast<int>(rng.below(kCols)) : -1, t, rng);
  }
  for (int i = 0; i < gap; i++) b.idle(rng);
  std::vector<int> order(kCols);
  for (int c = 0; c < kCols; c++) order[c] = c;
  for (int c = kCols - 1; c > 0; c--) std::swap(order[c], order[rng.below(c + 1)]);
  for (int c : order) {
    b.cycle(nullptr, nullptr, false, c, t, rng);
    if (rng.chance(10)) b.idle(rng);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::unique_ptr<VerilatedContext> ctx(new VerilatedContext);
  ctx->commandArgs(argc, argv);
  uint64_t seed = tb::plusarg(argc, argv, "seed", 1);
  uint64_t ntiles = tb::plusarg(argc, argv, "tiles", 20000);
  tb::Rng rng(seed);
  std::printf("tb_array_top: %dx%d, seed %" PRIu64 ", %" PRIu64 " random tiles\n", kRows, kCols,
              seed, ntiles);
  Bench b(ctx.get());

  // Random tiles: mostly short reductions, some long ones; the read gap after the last input is
  // 2 cycles (the earliest complete read) or more.
  tb::Test t_rand("array_top_tiles_random");
  for (uint64_t i = 0; i < ntiles; i++) {
    int k = static_cast<int>(rng.chance(85) ? rng.range(1, 64) : rng.range(65, 1200));
    tile(b, rng, &t_rand, k, false, static_cast<int>(rng.range(2, 4)));
  }

  // Operands and zero points at the type edges, every signedness combination.
  tb::Test t_edge("array_top_extremes");
  for (uint64_t i = 0; i < ntiles / 4 + 8; i++) {
    tile(b, rng, &t_edge, static_cast<int>(rng.range(1, 300)), true, 2);
  }

  // int32 wrap-around: 40000 products of about +-255 * 255 (|sum| ~ 2.6e9 > 2^31) overflow
  // every accumulator, downwards (w - w_zp = -255) and upwards (w - w_zp = 255).
  tb::Test t_wrap("array_top_wrap");
  for (int up = 0; up < 2; up++) {
    std::vector<uint8_t> wzp(kCols, up ? 0x00 : 0xff);
    b.config(false, false, 0x00, wzp);
    std::vector<uint8_t> x(kRows), w(kCols);
    for (int i = 0; i < 40000; i++) {
      for (int r = 0; r < kRows; r++) {
        x[r] = static_cast<uint8_t>(0xff - (rng.chance(5) ? rng.below(4) : 0));
      }
      for (int c = 0; c < kCols; c++) {
        w[c] = static_cast<uint8_t>(up ? 0xff - rng.below(2) : rng.below(2));
      }
      b.cycle(&x, &w, i == 0, rng.chance(1) ? static_cast<int>(rng.below(kCols)) : -1, &t_wrap,
              rng);
    }
    b.idle(rng);
    b.idle(rng);
    for (int c = 0; c < kCols; c++) b.cycle(nullptr, nullptr, false, c, &t_wrap, rng);
  }

  // An output accumulated over two separate runs (ACC_MODE 1 style): first_i only at the start;
  // reading in between does not disturb the sums.
  tb::Test t_cont("array_top_accumulate");
  for (int i = 0; i < 200; i++) {
    tile(b, rng, &t_cont, static_cast<int>(rng.range(1, 50)), false, 3);
    std::vector<uint8_t> x(kRows), w(kCols);
    int k = static_cast<int>(rng.range(1, 50));
    for (int j = 0; j < k; j++) {
      for (int r = 0; r < kRows; r++) x[r] = static_cast<uint8_t>(rng.u32());
      for (int c = 0; c < kCols; c++) w[c] = static_cast<uint8_t>(rng.u32());
      b.cycle(&x, &w, false, -1, &t_cont, rng);
    }
    b.idle(rng);
    b.idle(rng);
    for (int c = 0; c < kCols; c++) b.cycle(nullptr, nullptr, false, c, &t_cont, rng);
  }
  for (int i = 0; i < 4; i++) b.idle(rng);

  tb::Test t_valid("array_top_read_valid");
  if (b.spurious() == 0 && b.pending() == 0) {
    t_valid.pass();
  } else {
    t_valid.fail();
    std::printf("  array_top_read_valid: %" PRIu64 " spurious, %" PRIu64 " missing\n",
                b.spurious(), b.pending());
  }

  const tb::Test* tests[] = {&t_rand, &t_edge, &t_wrap, &t_cont, &t_valid};
  bool ok = true;
  uint64_t total = 0;
  for (const tb::Test* t : tests) {
    ok = t->report() && ok;
    if (t != &t_valid) total += t->vectors();
  }
  std::printf("tb_array_top: %dx%d, %" PRIu64 " accumulators compared against the C++ dot "
              "product, %" PRIu64 " cycles, %s\n",
              kRows, kCols, total, b.cycles(), ok ? "all passed" : "FAILURES");
  return ok ? 0 : 1;
}
