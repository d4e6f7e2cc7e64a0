#include <malloc.h>

#include "app/cli.hpp"

int main(int argc, char** argv) {
  // argon2id allocates its memory cost (19 MiB) per hash. A fixed mmap threshold keeps such blocks out of
  // the heap, so they go back to the system when freed instead of holding RSS at the peak of a login storm.
  mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
  return menshen::app::RunCli(argc, argv);
}
