// SPDX-License-Identifier: MIT
// Block test of hw/rtl/post/post_requant.sv against the arithmetic contract.
//
// Every vector goes through the RTL and through both C references of hw/arith/lpf_arith.h,
// lpf_requantize_int() (integer datapath model) and lpf_requantize() (float32 contract),
// followed by the POST clip min(max(y, CLIP_LO), CLIP_HI); the output byte and the RAW32 sum
// must equal both, bit for bit. Directed sweeps cover the edge cases, then random vectors
// (with idle cycles between them) run for +vectors=N (default 3000000). +seed=N reseeds.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>

#include "Vpost_requant.h"
#include "tb_arith.h"
#include "tb_util.h"
#include "verilated.h"

namespace {

struct Vec {
  uint32_t acc;
  uint32_t bias;
  uint32_t mult;
  bool out_signed;
  uint8_t zp;
  uint8_t lo;
  uint8_t hi;
};

struct Expect {
  Vec v;
  uint8_t q;
  uint32_t sum;
  tb::Test* test;
};

int32_t as_out(uint8_t b, bool out_signed) {
  return out_signed ? static_cast<int32_t>(static_cast<int8_t>(b)) : static_cast<int32_t>(b);
}

int32_t clip(int32_t y, int32_t lo, int32_t hi) {
  if (y < lo) y = lo;
  if (y > hi) y = hi;
  return y;
}

class Bench {
 public:
  explicit Bench(VerilatedContext* ctx) : dut_(new Vpost_requant(ctx)) {
    dut_->clk_i = 0;
    dut_->rst_ni = 0;
    dut_->valid_i = 0;
    dut_->eval();
    for (int i = 0; i < 4; i++) tick();
    for (int i = 0; i < 4; i++) {
      tick();
      if (dut_->valid_o) spurious_++;
    }
    dut_->rst_ni = 1;
    tick();
  }
  ~Bench() { dut_->final(); }

  // Presents v for one cycle and queues what the references say it must produce.
  void push(const Vec& v, tb::Test* t) {
    Expect e{v, 0, 0, t};
    int32_t sum = static_cast<int32_t>(v.acc + v.bias);
    int32_t tmin = v.out_signed ? -128 : 0;
    int32_t tmax = v.out_signed ? 127 : 255;
    int32_t zp = as_out(v.zp, v.out_signed);
    int32_t lo = as_out(v.lo, v.out_signed);
    int32_t hi = as_out(v.hi, v.out_signed);
    int32_t yi = clip(tb_requantize_int(sum, v.mult, zp, tmin, tmax), lo, hi);
    int32_t yf = clip(tb_requantize_f32(sum, v.mult, zp, tmin, tmax), lo, hi);
    if (yi != yf) {
      // The two references disagree: a contract bug, reported against the test.
      if (t->fail()) {
        std::printf("  %s: lpf_requantize_int %d != lpf_requantize %d (sum %d mult 0x%08x)\n",
                    t->name(), yi, yf, sum, v.mult);
      }
    }
    e.q = static_cast<uint8_t>(yi);
    e.sum = static_cast<uint32_t>(sum);
    queue_.push_back(e);
    dut_->valid_i = 1;
    drive(v);
    tick();
    inputs_++;
  }

  // One cycle without a valid input; the data inputs carry garbage.
  void idle(tb::Rng& rng) {
    dut_->valid_i = 0;
    Vec g{rng.u32(), rng.u32(), rng.u32(), rng.chance(50), static_cast<uint8_t>(rng.u32()),
          static_cast<uint8_t>(rng.u32()), static_cast<uint8_t>(rng.u32())};
    drive(g);
    tick();
  }

  void flush(tb::Rng& rng) {
    for (int i = 0; i < 8; i++) idle(rng);
  }

  uint64_t inputs() const { return inputs_; }
  uint64_t outputs() const { return outputs_; }
  uint64_t spurious() const { return spurious_; }
  uint64_t pending() const { return queue_.size(); }
  uint64_t cycles() const { return cycles_; }

 private:
  void drive(const Vec& v) {
    dut_->acc_i = v.acc;
    dut_->bias_i = v.bias;
    dut_->mult_i = v.mult;
    dut_->out_signed_i = v.out_signed;
    dut_->zp_i = v.zp;
    dut_->clip_lo_i = v.lo;
    dut_->clip_hi_i = v.hi;
  }

  void tick() {
    dut_->clk_i = 1;
    dut_->eval();
    cycles_++;
    if (dut_->rst_ni) check();
    dut_->clk_i = 0;
    dut_->eval();
  }

  void check() {
    if (!dut_->valid_o) return;
    if (queue_.empty()) {
      spurious_++;
      return;
    }
    Expect e = queue_.front();
    queue_.pop_front();
    outputs_++;
    uint8_t q = static_cast<uint8_t>(dut_->q_o);
    uint32_t sum = dut_->sum_o;
    if (q == e.q && sum == e.sum) {
      e.test->pass();
      return;
    }
    if (e.test->fail()) {
      std::printf("  %s: acc 0x%08x bias 0x%08x mult 0x%08x signed %d zp 0x%02x lo 0x%02x "
                  "hi 0x%02x: rtl q 0x%02x sum 0x%08x, expected q 0x%02x sum 0x%08x\n",
                  e.test->name(), e.v.acc, e.v.bias, e.v.mult, e.v.out_signed, e.v.zp, e.v.lo,
                  e.v.hi, q, sum, e.q, e.sum);
    }
  }

  std::unique_ptr<Vpost_requant> dut_;
  std::deque<Expect> queue_;
  uint64_t inputs_ = 0;
  uint64_t outputs_ = 0;
  uint64_t spurious_ = 0;
  uint64_t cycles_ = 0;
};

// float32 bits with the given sign, biased exponent and fraction.
uint32_t f32(bool neg, uint32_t exp, uint32_t frac) {
  return (neg ? 0x80000000u : 0u) | ((exp & 0xffu) << 23) | (frac & 0x7fffffu);
}

int msb32(uint32_t v) {
  int n = 0;
  while (v >>= 1) n++;
  return n;
}

uint32_t magnitude(uint32_t acc) {
  int32_t s = static_cast<int32_t>(acc);
  return s < 0 ? 0u - acc : acc;
}

// A normal multiplier that puts |acc| * M near 2^target (the interesting range of the output).
uint32_t mult_near(uint32_t acc, int target, uint32_t frac, bool neg) {
  uint32_t mag = magnitude(acc);
  int lead = mag ? msb32(mag) : 0;
  int exp = target - lead + 127;
  if (exp < 1) exp = 1;
  if (exp > 254) exp = 254;
  return f32(neg, static_cast<uint32_t>(exp), frac);
}

// Random output configuration: type range half the time, else arbitrary clip bounds.
void random_cfg(tb::Rng& rng, Vec& v) {
  v.out_signed = rng.chance(50);
  v.zp = static_cast<uint8_t>(rng.u32());
  if (rng.chance(20)) v.zp = v.out_signed ? 0 : 128;
  if (rng.chance(50)) {
    v.lo = v.out_signed ? 0x80 : 0x00;
    v.hi = v.out_signed ? 0x7f : 0xff;
  } else {
    v.lo = static_cast<uint8_t>(rng.u32());
    v.hi = static_cast<uint8_t>(rng.u32());
    if (rng.chance(80) && as_out(v.lo, v.out_signed) > as_out(v.hi, v.out_signed)) {
      uint8_t t = v.lo;
      v.lo = v.hi;
      v.hi = t;
    }
  }
}

uint32_t random_acc(tb::Rng& rng) {
  switch (rng.below(5)) {
    case 0:
      return rng.u32();
    case 1:
      return static_cast<uint32_t>(rng.range(-4096, 4096));
    case 2: {
      int64_t base = int64_t{1} << (24 + rng.below(3));
      int64_t a = base + rng.range(-300, 300);
      return static_cast<uint32_t>(rng.chance(50) ? -a : a);
    }
    case 3: {
      uint32_t bits = rng.below(33);
      uint32_t a = bits == 32 ? rng.u32() : (rng.u32() & ((1u << bits) - 1));
      return rng.chance(50) ? 0u - a : a;
    }
    default: {
      static const uint32_t edge[] = {0u, 1u, 0xffffffffu, 0x80000000u, 0x7fffffffu,
                                      0x80000001u, 0x01000000u, 0xff000000u, 0x01000001u};
      return edge[rng.below(sizeof(edge) / sizeof(edge[0]))];
    }
  }
}

uint32_t random_mult(tb::Rng& rng, uint32_t acc) {
  uint32_t r = rng.below(100);
  if (r < 10) return rng.u32();  // any bit pattern: NaN, inf, subnormal, negative
  if (r < 75) return mult_near(acc, static_cast<int>(rng.range(-4, 11)), rng.u32(), rng.chance(3));
  if (r < 95) return f32(false, static_cast<uint32_t>(rng.range(127 - 27, 127 + 12)), rng.u32());
  return f32(false, 127 - rng.below(24), rng.chance(50) ? 0 : rng.u32() & 0x7f0000u);
}

const uint32_t kSpecialMults[] = {
    0x00000000u, 0x80000000u, 0x00000001u, 0x007fffffu, 0x00400000u, 0x80000001u,
    0x00800000u, 0x00800001u, 0x01000000u, 0x2f800000u, 0x30000000u, 0x33800000u,
    0x34000000u, 0x3effffffu, 0x3f000000u, 0x3f000001u, 0x3e800000u, 0x3f7fffffu,
    0x3f800000u, 0x3f800001u, 0x3fc00000u, 0x40000000u, 0x44800000u, 0x4b800000u,
    0x4e800000u, 0x5f800000u, 0x7f7fffffu, 0x7f800000u, 0xff800000u, 0x7fc00000u,
    0x7f800001u, 0xffc00000u, 0xffffffffu, 0xbf800000u, 0xbf000000u, 0xbeffffffu,
    0x3a800000u, 0x38000000u, 0x35800000u, 0x3c23d70au};

const uint32_t kSpecialAccs[] = {
    0x00000000u, 0x00000001u, 0xffffffffu, 0x00000002u, 0xfffffffeu, 0x00000003u,
    0x7fffffffu, 0x80000000u, 0x80000001u, 0x7ffffffeu, 0x00ffffffu, 0x01000000u,
    0x01000001u, 0x01000002u, 0x01000003u, 0xff000000u, 0xfeffffffu, 0xfefffffdu,
    0x40000000u, 0xc0000000u, 0x3fffffffu, 0x00800000u, 0x00800001u, 0x000000ffu,
    0xffffff01u, 0x00010000u, 0x0000ffffu, 0x7fffff80u, 0x7fffffc0u, 0x80000040u};

}  // namespace

int main(int argc, char** argv) {
  std::unique_ptr<VerilatedContext> ctx(new VerilatedContext);
  ctx->commandArgs(argc, argv);
  uint64_t seed = tb::plusarg(argc, argv, "seed", 1);
  uint64_t nrand = tb::plusarg(argc, argv, "vectors", 3000000);
  tb::Rng rng(seed);
  std::printf("tb_post_requant: seed %" PRIu64 ", %" PRIu64 " random vectors\n", seed, nrand);

  Bench b(ctx.get());
  Vec v{};

  // acc + bias = 0: y = zp for every multiplier (0 * inf is NaN, which counts as 0 too).
  tb::Test t_zero("post_requant_zero_acc");
  for (uint32_t m : kSpecialMults) {
    for (int s = 0; s < 2; s++) {
      for (uint32_t zp = 0; zp < 256; zp++) {
        uint32_t acc = rng.u32();
        v = Vec{acc, 0u - acc, m, s != 0, static_cast<uint8_t>(zp), 0, 0};
        v.lo = s ? 0x80 : 0x00;
        v.hi = s ? 0x7f : 0xff;
        if (zp & 1) v.acc = v.bias = 0;
        b.push(v, &t_zero);
      }
    }
  }

  // Accumulator extremes against the special multipliers and every exponent region.
  tb::Test t_acc("post_requant_acc_extremes");
  for (uint32_t a : kSpecialAccs) {
    for (uint32_t m : kSpecialMults) {
      for (int k = 0; k < 16; k++) {
        v.acc = a;
        v.bias = 0;
        v.mult = m;
        random_cfg(rng, v);
        b.push(v, &t_acc);
      }
    }
    for (int target = -4; target <= 12; target++) {
      for (int k = 0; k < 64; k++) {
        v.acc = a;
        v.bias = 0;
        v.mult = mult_near(a, target, rng.u32() & (k < 8 ? 0 : 0x7fffffu), k >= 60);
        random_cfg(rng, v);
        b.push(v, &t_acc);
      }
    }
  }

  // |acc| around 2^24 .. 2^31, where int32 -> float32 rounds (ties to even included).
  tb::Test t_prec("post_requant_f32_precision");
  for (int k = 23; k <= 31; k++) {
    for (int64_t d = -70; d <= 70; d++) {
      int64_t a = (int64_t{1} << k) + d;
      if (a > INT32_MAX) a = INT32_MAX - (a - INT32_MAX);
      for (int neg = 0; neg < 2; neg++) {
        for (int target = -2; target <= 10; target++) {
          v.acc = static_cast<uint32_t>(neg ? -a : a);
          v.bias = 0;
          v.mult = mult_near(v.acc, target, target & 1 ? rng.u32() : 0, false);
          random_cfg(rng, v);
          b.push(v, &t_prec);
        }
      }
    }
  }

  // Exact ties: (a) acc * M = n + 1/2 exactly, both signs; (b) the 48-bit mantissa product is
  // halfway between two float32 values (product rounding ties), with the bit below at 0 and 1.
  tb::Test t_tie("post_requant_ties");
  for (int n = 1; n <= 30; n++) {
    for (int k = 0; k < 400; k++) {
      uint32_t odd_a = (rng.u32() & ((1u << (k % 12 + 1)) - 1)) | 1u;
      if (n + msb32(odd_a) > 30) odd_a = 1;
      uint32_t odd_m = (rng.u32() & ((1u << (k % 7 + 1)) - 1)) | 1u;
      if (msb32(odd_a) + msb32(odd_m) >= 23) odd_m = 1;
      int64_t a = static_cast<int64_t>(odd_a) << (n - 1);
      // M = odd_m * 2^-n: exponent of odd_m's leading bit, fraction from its lower bits.
      int lead = msb32(odd_m);
      uint32_t frac = (odd_m << (23 - lead)) & 0x7fffffu;
      v.acc = static_cast<uint32_t>(k & 1 ? -a : a);
      v.bias = 0;
      v.mult = f32(k & 2, static_cast<uint32_t>(127 + lead - n), frac);
      random_cfg(rng, v);
      if (k % 4 == 0) {
        v.lo = v.out_signed ? 0x80 : 0x00;
        v.hi = v.out_signed ? 0x7f : 0xff;
      }
      b.push(v, &t_tie);
    }
  }
  for (int k = 0; k < 200000; k++) {
    // ma = 2^23 + a, mm = 2^23 + c with a * c = 2^22 * odd (top bit 46) or 2^23 * odd, a + c
    // even (top bit 47): the low 23 or 24 bits of the product are exactly one half.
    bool top47 = k & 1;
    int j = static_cast<int>(rng.range(1, top47 ? 22 : 21));
    int span = top47 ? 23 : 22;
    uint32_t a = ((rng.u32() | 1u) << j) & 0x7fffffu;
    uint32_t c = ((rng.u32() | 1u) << (span - j)) & 0x7fffffu;
    if (a == 0 || c == 0) continue;
    uint64_t ma = (1u << 23) | a, mm = (1u << 23) | c;
    uint64_t prod = ma * mm;
    int sh = (prod >> 47) ? 24 : 23;
    uint64_t rem = prod & ((uint64_t{1} << sh) - 1);
    if (rem != (uint64_t{1} << (sh - 1))) continue;
    // value = ma * mm * 2^(e - 150): put it at 2^target, target in [-2, 10].
    int target = static_cast<int>(rng.range(-2, 10));
    int e = target - (sh == 24 ? 47 : 46) + 23 + 150 - 23;  // acc = ma exactly (< 2^24)
    v.acc = static_cast<uint32_t>(ma);
    if (k & 2) v.acc = 0u - v.acc;
    v.bias = 0;
    v.mult = f32(false, static_cast<uint32_t>(e), c);
    random_cfg(rng, v);
    b.push(v, &t_tie);
  }

  // Roundings whose direction shows in the output byte. K is the 24-bit mantissa kept by a
  // rounding step; its f low (fraction) bits read 1000..0 with an even integer part n, or
  // 0111..1 with an odd n, so that rounding K the wrong way by one unit flips rne() of the
  // result. The discarded part is exactly one half (tie), just above it or just below it.
  //   int32 -> float32: acc = (2K + 1) * 2^(kk - 24) (+- sticky bits), M = 2^p exact;
  //   product:          acc = 3 * 2^22 with 3 * mm = 2K + 1 (tie), or acc = 5 * 2^21 with
  //                     5 * mm = 4K + 3 (above) or 4K + 1 (below): ma * mm = that * 2^21..22.
  for (int k = 0; k < 60000; k++) {
    int mode = k % 6;  // 0..2: conversion tie/above/below, 3..5: product tie/above/below
    bool conv = mode < 3;
    int where = mode % 3;
    bool pattern_even = where == 1 || (where == 0 && (k / 6) % 2 == 0);
    int f = static_cast<int>(rng.range(15, 23));
    uint32_t low = pattern_even ? (1u << (f - 1)) : ((1u << (f - 1)) - 1);
    uint32_t kept = 0;
    for (int tries = 0; tries < 256 && kept == 0; tries++) {
      uint32_t n = (1u << (23 - f)) | (rng.u32() & ((1u << (23 - f)) - 1));
      if ((n & 1) != (pattern_even ? 0u : 1u)) continue;
      uint32_t cand = (n << f) | low;
      if (conv) {
        kept = cand;
      } else if (where == 0) {
        if (cand >= 0xc00000u && (2 * cand + 1) % 3 == 0) kept = cand;
      } else {
        uint32_t num = 4 * cand + (where == 1 ? 3u : 1u);
        if (num % 5 == 0 && num / 5 >= 0x800000u && num < (1u << 26)) kept = cand;
      }
    }
    if (kept == 0) continue;
    if (conv) {
      int kk = static_cast<int>(rng.range(where == 0 ? 24 : 25, 30));
      uint64_t a = (2 * static_cast<uint64_t>(kept) + 1) << (kk - 24);
      uint64_t sticky = kk > 24 ? 1 + rng.below((1u << (kk - 24)) - 1) : 0;
      if (where == 1) a += sticky;
      if (where == 2) a -= sticky;
      v.acc = static_cast<uint32_t>(a);
      v.mult = f32(false, static_cast<uint32_t>(127 + 23 - f - kk), 0);
    } else if (where == 0) {
      v.acc = 3u << 22;
      v.mult = f32(false, static_cast<uint32_t>(127 - f), ((2 * kept + 1) / 3) & 0x7fffffu);
    } else {
      v.acc = 5u << 21;
      uint32_t num = 4 * kept + (where == 1 ? 3u : 1u);
      v.mult = f32(false, static_cast<uint32_t>(127 - f), (num / 5) & 0x7fffffu);
    }
    bool neg = rng.chance(50);
    if (neg) v.acc = 0u - v.acc;
    v.bias = 0;
    v.out_signed = rng.chance(50);
    v.zp = v.out_signed ? 0 : (neg ? 255 : 0);
    v.lo = v.out_signed ? 0x80 : 0x00;
    v.hi = v.out_signed ? 0x7f : 0xff;
    b.push(v, &t_tie);
  }

  // Multipliers at the edges: zero, subnormal (products below 2^-126), tiny, huge, infinite,
  // NaN, negative, against random accumulators.
  tb::Test t_mult("post_requant_mult_special");
  for (uint32_t m : kSpecialMults) {
    for (int k = 0; k < 4000; k++) {
      v.acc = random_acc(rng);
      v.bias = rng.chance(20) ? rng.u32() : 0;
      v.mult = m;
      if (k & 1) v.mult = (m & 0xff800000u) | (rng.u32() & 0x7fffffu);  // same class, any fraction
      if ((m & 0x7f800000u) == 0x7f800000u) v.mult = m;  // keep inf as inf
      random_cfg(rng, v);
      b.push(v, &t_mult);
    }
  }

  // Every multiplier exponent 0..255, both signs.
  tb::Test t_exp("post_requant_mult_exponents");
  for (uint32_t e = 0; e < 256; e++) {
    for (int k = 0; k < 2000; k++) {
      v.acc = random_acc(rng);
      v.bias = 0;
      v.mult = f32(k % 16 == 15, e, rng.u32());
      random_cfg(rng, v);
      b.push(v, &t_exp);
    }
  }

  // Saturation at both ends for every zero point of both types: acc sweeps through the range
  // with M = 1 and M = 0.5 (half-way values included).
  tb::Test t_sat("post_requant_saturation");
  const uint32_t sat_mults[] = {0x3f800000u, 0x3f000000u, 0x3fc00000u};
  for (int s = 0; s < 2; s++) {
    for (uint32_t zp = 0; zp < 256; zp++) {
      for (uint32_t m : sat_mults) {
        for (int32_t a = -800; a <= 800; a++) {
          v = Vec{static_cast<uint32_t>(a), 0, m, s != 0, static_cast<uint8_t>(zp), 0, 0};
          v.lo = s ? 0x80 : 0x00;
          v.hi = s ? 0x7f : 0xff;
          b.push(v, &t_sat);
        }
      }
    }
  }

  // Every pair of clip bounds (lo > hi included) for both types.
  tb::Test t_clip("post_requant_clip");
  for (int s = 0; s < 2; s++) {
    for (uint32_t lo = 0; lo < 256; lo++) {
      for (uint32_t hi = 0; hi < 256; hi++) {
        v.acc = static_cast<uint32_t>(rng.range(-600, 600));
        v.bias = 0;
        v.mult = rng.chance(50) ? 0x3f800000u : random_mult(rng, v.acc);
        v.out_signed = s != 0;
        v.zp = static_cast<uint8_t>(rng.u32());
        v.lo = static_cast<uint8_t>(lo);
        v.hi = static_cast<uint8_t>(hi);
        b.push(v, &t_clip);
      }
    }
  }

  // acc + bias wraps around in int32.
  tb::Test t_bias("post_requant_bias_wrap");
  for (int k = 0; k < 200000; k++) {
    int64_t a = rng.range(INT32_MAX - 100000, INT32_MAX);
    int64_t c = rng.range(1, 200000);
    if (k & 1) {
      a = -a - 1;
      c = -c;
    }
    v.acc = static_cast<uint32_t>(a);
    v.bias = static_cast<uint32_t>(c);
    uint32_t sum = v.acc + v.bias;
    v.mult = mult_near(sum, static_cast<int>(rng.range(-3, 10)), rng.u32(), false);
    random_cfg(rng, v);
    b.push(v, &t_bias);
  }

  // Random vectors, with idle cycles between some of them.
  tb::Test t_rand("post_requant_random");
  for (uint64_t k = 0; k < nrand; k++) {
    v.acc = random_acc(rng);
    v.bias = 0;
    if (rng.chance(30)) {
      v.bias = rng.chance(50) ? rng.u32() : static_cast<uint32_t>(rng.range(-70000, 70000));
    }
    v.mult = random_mult(rng, v.acc + v.bias);
    random_cfg(rng, v);
    b.push(v, &t_rand);
    while (rng.chance(10)) b.idle(rng);
  }
  b.flush(rng);

  // The valid chain: one output per input, none during reset or after the last input.
  tb::Test t_valid("post_requant_valid");
  if (b.inputs() == b.outputs() && b.spurious() == 0 && b.pending() == 0) {
    for (uint64_t k = 0; k < b.inputs(); k++) t_valid.pass();
  } else {
    t_valid.fail();
    std::printf("  post_requant_valid: %" PRIu64 " inputs, %" PRIu64 " outputs, %" PRIu64
                " spurious, %" PRIu64 " pending\n",
                b.inputs(), b.outputs(), b.spurious(), b.pending());
  }

  const tb::Test* tests[] = {&t_zero, &t_acc, &t_prec, &t_tie, &t_mult, &t_exp,
                             &t_sat,  &t_clip, &t_bias, &t_rand, &t_valid};
  bool ok = true;
  uint64_t total = 0;
  for (const tb::Test* t : tests) {
    ok = t->report() && ok;
    if (t != &t_valid) total += t->vectors();
  }
  std::printf("tb_post_requant: %" PRIu64 " vectors compared against lpf_requantize_int() and "
              "lpf_requantize(), %" PRIu64 " cycles, %s\n",
              total, b.cycles(), ok ? "all passed" : "FAILURES");
  return ok ? 0 : 1;
}
