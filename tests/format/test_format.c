/* unit_format: numbers for people in their shortest exact form (ms_format.h): the shortest
 * "%.Ng" that reads back as the same double, whole numbers without an exponent, and within an
 * interval the shortest decimal inside it (a Sobol point 3/8 of [0.05, 1] is 0.40625). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ms_format.h"

static int failures = 0;

static void Expect(double v, const char want[])
{
  char buf[64];
  MSFormatReal(v, buf, sizeof(buf));
  printf("%s %.17g -> %s (want %s)\n", strcmp(buf, want) ? "FAIL:" : "ok:  ", v, buf, want);
  failures += strcmp(buf, want) != 0;
}

int main(void)
{
  char   buf[64];
  double y;

  Expect(0.3, "0.3");
  Expect(0.40625, "0.40625");
  Expect(3, "3");
  Expect(2500, "2500");
  Expect(-0.1, "-0.1");
  Expect(1.0 / 3.0, "0.3333333333333333");
  Expect(1e-300, "1e-300");
  Expect(0.1 + 0.2, "0.30000000000000004");
  Expect(NAN, "nan");
  /* every double reads back exactly, whatever it is */
  srand(7);
  for (int k = 0; k < 100000; k++) {
    double v = ldexp((double)rand() / RAND_MAX - 0.5, rand() % 200 - 100);
    MSFormatReal(v, buf, sizeof(buf));
    if (strtod(buf, NULL) != v) {
      printf("FAIL: %.17g -> %s does not read back\n", v, buf);
      failures++;
      break;
    }
  }
  /* within an interval: what lo + x (hi - lo) stands for */
  y = 0.05 + 0.375 * (1.0 - 0.05);
  MSFormatRealWithin(y, y - 4 * DBL_EPSILON, y + 4 * DBL_EPSILON, buf, sizeof(buf));
  printf("%s %.17g within a few ulps -> %s (want 0.40625)\n",
         strcmp(buf, "0.40625") ? "FAIL:" : "ok:  ", y, buf);
  failures += strcmp(buf, "0.40625") != 0;
  MSFormatRealWithin(0.123456789, 0.1234, 0.1235, buf, sizeof(buf));
  printf("%s 0.123456789 within [0.1234, 0.1235] -> %s (want 0.1235)\n",
         strcmp(buf, "0.1235") ? "FAIL:" : "ok:  ", buf);
  failures += strcmp(buf, "0.1235") != 0;
  printf("%s\n", failures ? "FAILED" : "all checks passed");
  return failures ? 1 : 0;
}
