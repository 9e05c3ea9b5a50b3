/*
** date.h — civil dates as day numbers.
**
** A date is an int counting days since 1970-01-01 (day 0) in the proleptic Gregorian calendar.
** Day numbers compare and subtract like integers, index arrays, and sit in the database as
** plain integers or as 'YYYY-MM-DD' text. Times of day are epoch seconds elsewhere; the local
** date of a moment is taken in Asia/Shanghai (UTC+8, no daylight saving) by date_of_epoch().
*/
#ifndef BM_DATE_H
#define BM_DATE_H

#include <stdint.h>

#define DATE_TEXT_SIZE 11 /* "YYYY-MM-DD" and NUL */

/* The day number of a real calendar day (check untrusted input with date_parse() instead: an
 * impossible day such as 2025-02-30 is not rejected here). */
int date_from_ymd(int year, int month, int day);
void date_to_ymd(int date, int *year, int *month, int *day);

/* Parses exactly "YYYY-MM-DD" (years 1900..2999, a real calendar day, nothing before or after).
 * Returns 0, or -1 when the text is not such a date; *date is then left untouched. */
int date_parse(const char *text, int *date);

/* Writes "YYYY-MM-DD" into out. Meant for years 0..9999 (a year before 0 is written as 0000,
 * one after 9999 keeps its last four digits); parsed dates are always in range. */
void date_format(int date, char out[DATE_TEXT_SIZE]);

int date_weekday(int date); /* 1 = Monday ... 7 = Sunday */
int date_year(int date);

/* The date in China (UTC+8) at the given epoch second. */
int date_of_epoch(int64_t epoch_seconds);

#endif
