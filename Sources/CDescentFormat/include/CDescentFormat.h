#ifndef CDESCENT_FORMAT_H
#define CDESCENT_FORMAT_H

#include <stddef.h>

/// Writes x as C's "%.*g" with `digits` significant digits into `buffer` (NUL-terminated, at most
/// `size` bytes) and returns the length written, as snprintf does. A plain C entry point because
/// Swift cannot call the variadic snprintf directly, and its CVarArg route (withVaList) costs more
/// than the formatting itself when a verb prints millions of numbers.
int descent_format_general(double x, int digits, char *buffer, size_t size);

#endif
