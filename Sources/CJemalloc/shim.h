// jemalloc replaces the C library's malloc in the `salve` executable on Linux: importing this module links it, and
// Debian's jemalloc exports the standard malloc/free names, so Swift's allocations go to it. Salve allocates and
// frees millions of small objects from both cores; glibc's malloc spent a sixth of a build's processor time on them.
#include <jemalloc/jemalloc.h>
