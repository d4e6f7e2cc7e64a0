#include <malloc.h>
#include <sys/resource.h>

#include "app/cli.hpp"

int main(int argc, char** argv) {
  // argon2id allocates its memory cost (19 MiB) per hash. A fixed mmap threshold keeps such blocks out of
  // the heap, so they go back to the system when freed instead of holding RSS at the peak of a login storm.
  mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
  // A server that keeps idle keep-alive clients needs more descriptors than the usual soft limit of 1024.
  if (rlimit limit{}; getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  return menshen::app::RunCli(argc, argv);
}
