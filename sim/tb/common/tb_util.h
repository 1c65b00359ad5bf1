// SPDX-License-Identifier: MIT
// Shared helpers of the block-level Verilator testbenches: a seeded PRNG, command-line options
// (+seed=N, +vectors=N) and the per-test result lines that scripts/hw-check.sh counts:
//   PASS <test> <vectors> vectors
//   FAIL <test> <mismatches> of <vectors> vectors
#ifndef TB_UTIL_H
#define TB_UTIL_H

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace tb {

// splitmix64: small, fast, and every seed gives a full-quality stream.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t u32() { return static_cast<uint32_t>(next() >> 32); }
  // Uniform in [0, n), n > 0.
  uint32_t below(uint32_t n) { return static_cast<uint32_t>((next() >> 32) % n); }
  // Uniform in [lo, hi].
  int64_t range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool chance(uint32_t percent) { return below(100) < percent; }

 private:
  uint64_t state_;
};

// Value of "+name=value" on the command line, or def.
inline uint64_t plusarg(int argc, char** argv, const char* name, uint64_t def) {
  std::string key = std::string("+") + name + "=";
  for (int i = 1; i < argc; i++) {
    if (std::strncmp(argv[i], key.c_str(), key.size()) == 0) {
      return std::strtoull(argv[i] + key.size(), nullptr, 0);
    }
  }
  return def;
}

// Counts vectors and mismatches of one named test and prints its result line.
class Test {
 public:
  explicit Test(const char* name) : name_(name) {}
  void pass() { vectors_++; }
  // Records a mismatch; prints the first few in detail (the caller formats them).
  bool fail() {
    vectors_++;
    return ++mismatches_ <= 10;
  }
  uint64_t vectors() const { return vectors_; }
  uint64_t mismatches() const { return mismatches_; }
  const char* name() const { return name_; }
  bool report() const {
    if (mismatches_ == 0 && vectors_ > 0) {
      std::printf("PASS %s %" PRIu64 " vectors\n", name_, vectors_);
      return true;
    }
    std::printf("FAIL %s %" PRIu64 " of %" PRIu64 " vectors\n", name_, mismatches_, vectors_);
    return false;
  }

 private:
  const char* name_;
  uint64_t vectors_ = 0;
  uint64_t mismatches_ = 0;
};

}  // namespace tb

#endif
