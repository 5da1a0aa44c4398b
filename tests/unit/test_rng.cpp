// Rng: determinism, independence of forks, and the ranges of its draws.
#include "modelsat/rng.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

TEST_CASE("rng: the same seed gives the same stream, different seeds differ", "[unit]") {
  modelsat::Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u64();
    CHECK(x == b.next_u64());
    CHECK(x != c.next_u64());
  }
}

TEST_CASE("rng: the stream is pinned across platforms", "[unit]") {
  modelsat::Rng rng(1);
  const uint64_t first = rng.next_u64();
  modelsat::Rng again(1);
  CHECK(first == again.next_u64());
  // xoshiro256** seeded by splitmix64(1): a fixed value, so a change in the generator is caught.
  CHECK(first == 0xB3F2AF6D0FC710C5ULL);
}

TEST_CASE("rng: uniform, below and normal stay in range with the right moments", "[unit]") {
  modelsat::Rng rng(7);
  double sum = 0, sum_sq = 0, normal_sum = 0, normal_sq = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
    sum_sq += u * u;
    REQUIRE(rng.below(10) < 10);
    const double z = rng.normal();
    normal_sum += z;
    normal_sq += z * z;
  }
  CHECK(sum / n == Approx(0.5).margin(0.01));
  CHECK(sum_sq / n - (sum / n) * (sum / n) == Approx(1.0 / 12).margin(0.005));
  CHECK(normal_sum / n == Approx(0.0).margin(0.03));
  CHECK(normal_sq / n == Approx(1.0).margin(0.05));
}

TEST_CASE("rng: forks are deterministic, distinct, and leave the parent untouched", "[unit]") {
  modelsat::Rng parent(5);
  modelsat::Rng copy(5);
  auto f1 = parent.fork(1), f1_again = parent.fork(1), f2 = parent.fork(2);
  CHECK(parent.next_u64() == copy.next_u64());
  const auto x = f1.next_u64();
  CHECK(x == f1_again.next_u64());
  CHECK(x != f2.next_u64());
}

TEST_CASE("rng: shuffle is a seeded permutation", "[unit]") {
  std::vector<int> a(50), b(50);
  std::iota(a.begin(), a.end(), 0);
  std::iota(b.begin(), b.end(), 0);
  modelsat::Rng r1(9), r2(9);
  r1.shuffle(a);
  r2.shuffle(b);
  CHECK(a == b);
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> expected(50);
  std::iota(expected.begin(), expected.end(), 0);
  CHECK(sorted == expected);
  CHECK(a != expected);
}
