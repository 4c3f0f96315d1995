/* bench-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the benchmarks share: sorting times and printing their median,
 * 95th percentile and maximum.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For g_array_sort () on an array of doubles */
int  bench_compare_doubles (gconstpointer  a,
                            gconstpointer  b);
/* Sorts @times (milliseconds, doubles) and prints one line for them,
 * @what padded to @width columns */
void bench_print_times     (const char    *what,
                            int            width,
                            GArray        *times);

G_END_DECLS
