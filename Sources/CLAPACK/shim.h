// CBLAS and LAPACKE from Debian's libopenblas-dev and liblapacke-dev.
// lapacke.h is included with complex types as plain structs' pointers so that
// Swift imports the real-valued (d*) routines we use without _Complex friction.
#ifndef DESCENT_CLAPACK_SHIM_H
#define DESCENT_CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
