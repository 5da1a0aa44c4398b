// Writes the runtime's seeded test model to the path given as argument (the node API test loads it).
#include "test_model.h"

#include <cstdio>
#include <fstream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: msq_write_fixture OUT.msq\n");
    return 2;
  }
  const std::vector<uint8_t> bytes = msq::serialize(msq::test::make_test_model(21));
  std::ofstream out(argv[1], std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "msq_write_fixture: %s: cannot write\n", argv[1]);
    return 1;
  }
  return 0;
}
