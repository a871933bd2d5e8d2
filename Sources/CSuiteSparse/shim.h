// CHOLMOD (sparse Cholesky and LDLᵀ) from Debian's libsuitesparse-dev, for the shift-invert
// eigensolver's factorization of A − σI.
#ifndef DESCENT_CSUITESPARSE_SHIM_H
#define DESCENT_CSUITESPARSE_SHIM_H
#if __has_include(<suitesparse/cholmod.h>)
#include <suitesparse/cholmod.h>
#else
#include <cholmod.h>
#endif
#endif
