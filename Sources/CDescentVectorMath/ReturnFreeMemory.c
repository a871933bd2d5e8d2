// Returning freed heap memory to the operating system (see CDescentVectorMath.h).
#include "CDescentVectorMath.h"

#include <stdlib.h>   // defines __GLIBC__ on glibc systems
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int descent_return_free_memory(void) {
#if defined(__GLIBC__)
    // glibc raises its mmap threshold to the size of each large block freed (up to 32 MiB), so
    // later blocks of that size come from the heap, whose freed pages stay resident until trimmed.
    return malloc_trim(0);
#else
    return 0;
#endif
}
