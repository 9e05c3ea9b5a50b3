/*
** date.c — civil dates as day numbers (see date.h).
**
** The conversions are Howard Hinnant's days_from_civil / civil_from_days: integer arithmetic
** over 400-year eras, exact for every proleptic Gregorian date. They use neither the C library's
** time zone nor its locale, so they are thread-safe and behave the same on every host.
*/
#include "core/date.h"

#include <stdbool.h>

enum {
	SECONDS_PER_DAY = 86400,
	CHINA_UTC_OFFSET = 8 * 3600, /* Asia/Shanghai has had no daylight saving since 1991 */
	DAYS_PER_ERA = 146097,       /* 400 Gregorian years */
	ERA_DAY_OF_EPOCH = 719468,   /* days from 0000-03-01 to 1970-01-01 */
	EPOCH_WEEKDAY_INDEX = 3,     /* 1970-01-01 was a Thursday: index 3 counting Monday as 0 */
	PARSE_FIRST_YEAR = 1900,
	PARSE_LAST_YEAR = 2999,
};

/* C division truncates toward zero; day arithmetic before the epoch needs floor division. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool is_leap_year(int year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/* Years are counted from 1 March so that the leap day falls at the end of the year and the day
 * of the year follows from the month by one linear formula. */
int date_from_ymd(int year, int month, int day)
{
	int y = month <= 2 ? year - 1 : year;
	int era = (int)floor_div(y, 400);
	int year_of_era = y - era * 400;                            /* [0, 399] */
	int month_from_march = month > 2 ? month - 3 : month + 9;   /* [0, 11] */
	int day_of_year = (153 * month_from_march + 2) / 5 + day - 1; /* [0, 365] */
	int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	return era * DAYS_PER_ERA + day_of_era - ERA_DAY_OF_EPOCH;
}

void date_to_ymd(int date, int *year, int *month, int *day)
{
	int64_t shifted = (int64_t)date + ERA_DAY_OF_EPOCH; /* 64 bits: any int date is valid */
	int era = (int)floor_div(shifted, DAYS_PER_ERA);
	int day_of_era = (int)(shifted - (int64_t)era * DAYS_PER_ERA); /* [0, 146096] */
	int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
			   - day_of_era / 146096) / 365;
	int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int month_from_march = (5 * day_of_year + 2) / 153;
	*day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
	*month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
	*year = era * 400 + year_of_era + (*month <= 2);
}

/* Reads exactly `count` ASCII digits. isdigit() would depend on the locale. Stops at the first
 * non-digit, so it never reads past a terminating NUL. */
static bool read_digits(const char *text, int count, int *value)
{
	int result = 0;
	for (int i = 0; i < count; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		result = result * 10 + (text[i] - '0');
	}
	*value = result;
	return true;
}

int date_parse(const char *text, int *date)
{
	int year, month, day;
	if (!read_digits(text, 4, &year) || text[4] != '-' || !read_digits(text + 5, 2, &month)
	    || text[7] != '-' || !read_digits(text + 8, 2, &day) || text[10] != '\0')
		return -1;
	if (year < PARSE_FIRST_YEAR || year > PARSE_LAST_YEAR || month < 1 || month > 12
	    || day < 1 || day > days_in_month(year, month))
		return -1;
	*date = date_from_ymd(year, month, day);
	return 0;
}

/* Writes the last `count` decimal digits of a non-negative value, zero-padded. Done by hand
 * because snprintf into a fixed 11-byte array trips -Wformat-truncation for arbitrary ints. */
static void put_digits(char *out, int value, int count)
{
	for (int i = count - 1; i >= 0; i--) {
		out[i] = (char)('0' + value % 10);
		value /= 10;
	}
}

void date_format(int date, char out[DATE_TEXT_SIZE])
{
	int year, month, day;
	date_to_ymd(date, &year, &month, &day);
	put_digits(out, year < 0 ? 0 : year, 4);
	out[4] = '-';
	put_digits(out + 5, month, 2);
	out[7] = '-';
	put_digits(out + 8, day, 2);
	out[10] = '\0';
}

int date_weekday(int date)
{
	/* date % 7 lies in [-6, 6] for dates before the epoch; adding 7 keeps the sum positive. */
	int days_since_monday = (date % 7 + 7 + EPOCH_WEEKDAY_INDEX) % 7;
	return days_since_monday + 1;
}

int date_year(int date)
{
	int year, month, day;
	date_to_ymd(date, &year, &month, &day);
	return year;
}

/* Splits the epoch into whole days and the second of the day first, so adding the UTC+8 offset
 * cannot overflow even for extreme inputs. */
int date_of_epoch(int64_t epoch_seconds)
{
	int64_t utc_day = floor_div(epoch_seconds, SECONDS_PER_DAY);
	int64_t second_of_day = epoch_seconds - utc_day * SECONDS_PER_DAY;
	return (int)(utc_day + (second_of_day + CHINA_UTC_OFFSET >= SECONDS_PER_DAY));
}
