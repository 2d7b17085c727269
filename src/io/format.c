/* Numbers in their shortest exact form (ms_format.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "ms_format.h"

void MSFormatRealWithin(double v, double lo, double hi, char buf[], size_t len)
{
  if (!isfinite(v)) {
    snprintf(buf, len, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
    return;
  }
  if (v == nearbyint(v) && fabs(v) < 1e15) { /* whole numbers as such, not as 2.5e+03 */
    snprintf(buf, len, "%.0f", v);
    return;
  }
  for (int prec = 1; prec <= 17; prec++) {
    double r;
    snprintf(buf, len, "%.*g", prec, v);
    r = strtod(buf, NULL);
    if (r == v || (lo <= r && r <= hi)) return;
  }
}

void MSFormatReal(double v, char buf[], size_t len) { MSFormatRealWithin(v, v, v, buf, len); }
