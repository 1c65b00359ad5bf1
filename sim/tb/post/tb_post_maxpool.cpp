// SPDX-License-Identifier: MIT
// Block test of hw/rtl/post/post_maxpool.sv: random windows of 1 .. MAX_POOL^2 elements, int8
// and uint8, idle cycles inside windows, compared against std::max over the window.
// +windows=N (default 200000), +seed=N.
#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>

#include "Vpost_maxpool.h"
#include "tb_util.h"
#include "verilated.h"

int main(int argc, char** argv) {
  std::unique_ptr<VerilatedContext> ctx(new VerilatedContext);
  ctx->commandArgs(argc, argv);
  uint64_t seed = tb::plusarg(argc, argv, "seed", 1);
  uint64_t nwin = tb::plusarg(argc, argv, "windows", 200000);
  tb::Rng rng(seed);
  std::unique_ptr<Vpost_maxpool> dut(new Vpost_maxpool(ctx.get()));
  std::deque<uint8_t> expect;
  tb::Test t_win("post_maxpool_windows");
  uint64_t spurious = 0;

  auto edge = [&]() {
    dut->clk_i = 1;
    dut->eval();
    if (dut->rst_ni && dut->valid_o) {
      if (expect.empty()) {
        spurious++;
      } else {
        uint8_t e = expect.front();
        expect.pop_front();
        if (dut->q_o == e) {
          t_win.pass();
        } else if (t_win.fail()) {
          std::printf("  post_maxpool_windows: rtl 0x%02x, expected 0x%02x\n", dut->q_o, e);
        }
      }
    }
    dut->clk_i = 0;
    dut->eval();
  };

  dut->clk_i = 0;
  dut->rst_ni = 0;
  dut->valid_i = 0;
  dut->eval();
  edge();
  edge();
  dut->rst_ni = 1;
  edge();
  const int max_elems = 15 * 15;  // MAX_POOL x MAX_POOL
  for (uint64_t i = 0; i < nwin; i++) {
    int n = static_cast<int>(rng.chance(50) ? rng.range(1, 9) : rng.range(1, max_elems));
    bool s = rng.chance(50);
    int8_t smax = -128;
    uint8_t umax = 0;
    for (int j = 0; j < n; j++) {
      while (rng.chance(10)) {
        dut->valid_i = 0;
        dut->first_i = rng.chance(50);
        dut->last_i = rng.chance(50);
        dut->q_i = static_cast<uint8_t>(rng.u32());
        edge();
      }
      uint8_t q = static_cast<uint8_t>(rng.u32());
      if (rng.chance(10)) q = s ? 0x80 : 0x00;
      if (rng.chance(5)) q = s ? 0x7f : 0xff;
      smax = std::max(smax, static_cast<int8_t>(q));
      umax = std::max(umax, q);
      dut->valid_i = 1;
      dut->first_i = j == 0;
      dut->last_i = j == n - 1;
      dut->out_signed_i = s;
      dut->q_i = q;
      if (j == n - 1) expect.push_back(s ? static_cast<uint8_t>(smax) : umax);
      edge();
    }
  }
  dut->valid_i = 0;
  for (int i = 0; i < 4; i++) edge();
  dut->final();
  tb::Test t_valid("post_maxpool_valid");
  if (spurious == 0 && expect.empty()) {
    t_valid.pass();
  } else {
    t_valid.fail();
  }
  bool ok = t_win.report();
  ok = t_valid.report() && ok;
  std::printf("tb_post_maxpool: %" PRIu64 " windows compared, %s\n", t_win.vectors(),
              ok ? "all passed" : "FAILURES");
  return ok ? 0 : 1;
}
