/* ms_format: numbers written for people (CSV tables, Markdown summaries, log lines) in their
 * shortest exact form: 0.3 and 0.40625, not 0.29999999999999999 and 0.40624999999999994. */
#ifndef MS_FORMAT_H
#define MS_FORMAT_H

#include <stddef.h>

/* The shortest text "%.Ng" (N = 1..17) that reads back as v exactly, whole numbers below 1e15
   without an exponent ("3", "0.3", "0.40625", "2500"); "nan", "inf", "-inf" otherwise. */
void MSFormatReal(double v, char buf[], size_t len);

/* The shortest text "%.Ng" of v whose value lies in [lo, hi] (lo <= v <= hi), else
   MSFormatReal(v): a value computed in doubles, e.g. lo + x (hi - lo), written as the short
   decimal it stands for. The value read back from buf is the one to use from then on. */
void MSFormatRealWithin(double v, double lo, double hi, char buf[], size_t len);

#endif
