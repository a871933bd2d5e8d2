#include "CDescentFormat.h"

#include <stdio.h>

int descent_format_general(double x, int digits, char *buffer, size_t size) {
    return snprintf(buffer, size, "%.*g", digits, x);
}
