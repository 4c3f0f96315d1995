/* bench-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "bench-util.h"

int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

void
bench_print_times (const char *what,
                   int         width,
                   GArray     *times)
{
  g_return_if_fail (times != NULL && times->len > 0);

  g_array_sort (times, bench_compare_doubles);
  printf ("%-*s p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms  (%u runs)\n", width, what,
          g_array_index (times, double, times->len / 2),
          g_array_index (times, double, MIN (times->len - 1, times->len * 95 / 100)),
          g_array_index (times, double, times->len - 1), times->len);
}
