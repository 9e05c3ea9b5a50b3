/*
** idcard.c — checking and masking ID numbers (see idcard.h).
**
** The checks run from the coarse to the fine (length, characters, province, birth date, check
** character) so that the message names the first thing a person re-reading the card would
** notice. The check character is verified last and its expected value is not shown: a wrong
** check character almost always means a mistyped digit elsewhere, and showing the "right" one
** would invite staff to correct the wrong place.
*/
#include "domain/idcard.h"

#include "core/date.h"

#include <stdbool.h>
#include <string.h>

/* ISO 7064 MOD 11-2 as GB 11643-1999 tabulates it: weight of position i is 2^(17-i) mod 11,
 * and the remainder of the weighted sum selects the check character. */
static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char check_chars[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

/* First two digits of the province-level codes of GB/T 2260 in the mainland. */
static const char *const mainland_provinces[] = {
	"11", "12", "13", "14", "15",			    /* 北京 天津 河北 山西 内蒙古 */
	"21", "22", "23",				    /* 辽宁 吉林 黑龙江 */
	"31", "32", "33", "34", "35", "36", "37",	    /* 上海 … 山东 */
	"41", "42", "43", "44", "45", "46",		    /* 河南 … 海南 */
	"50", "51", "52", "53", "54",			    /* 重庆 四川 贵州 云南 西藏 */
	"61", "62", "63", "64", "65",			    /* 陕西 甘肃 青海 宁夏 新疆 */
};

/* Beyond the mainland: 台湾 71 (GB/T 2260), 香港 81 and 澳门 82 (GB/T 2260; also the address
 * codes of their residents' residence permits), and 83, the address code 830000 of the
 * residence permits of Taiwan residents. */
static const char *const other_regions[] = {"71", "81", "82", "83"};

static bool in_list(const char *two, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (two[0] == list[i][0] && two[1] == list[i][1])
			return true;
	return false;
}

static bool mainland_province(const char *two)
{
	return in_list(two, mainland_provinces,
		       sizeof mainland_provinces / sizeof mainland_provinces[0]);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Reads the character at s (end excluded) into *c: ASCII as it is, the full-width digits
 * U+FF10..U+FF19 and Ｘ/ｘ (U+FF38, U+FF58) as their ASCII forms, anything else as '?'.
 * Returns the bytes consumed, so that one character always counts as one place. */
static size_t next_char(const unsigned char *s, const unsigned char *end, char *c)
{
	if (s[0] < 0x80) {
		*c = (char)s[0];
		return 1;
	}
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
	size_t n = 1;
	while (n < len && s + n < end && (s[n] & 0xC0) == 0x80)
		n++;
	*c = '?';
	if (n == 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99)
		*c = (char)('0' + (s[2] - 0x90));
	else if (n == 3 && s[0] == 0xEF && ((s[1] == 0xBC && s[2] == 0xB8) ||
					    (s[1] == 0xBD && s[2] == 0x98)))
		*c = 'X';
	return n;
}

char idcard_check_char(const char *id)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (!is_digit(id[i])) /* also stops at a NUL in a short string */
			return '\0';
		sum += (id[i] - '0') * weights[i];
	}
	return check_chars[sum % 11];
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

static int digits_value(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Year, month and day of positions 7-14, which must be digits. */
static void birth_fields(const char *id, int *y, int *m, int *d)
{
	*y = digits_value(id + 6, 4);
	*m = digits_value(id + 10, 2);
	*d = digits_value(id + 12, 2);
}

static bool real_day(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int idcard_birth_date(const char *id, int *date)
{
	if (!id || strnlen(id, 14) < 14)
		return -1;
	for (int i = 6; i < 14; i++)
		if (!is_digit(id[i]))
			return -1;
	int y, m, d;
	birth_fields(id, &y, &m, &d);
	if (y < 1900 || !real_day(y, m, d))
		return -1;
	*date = date_from_ymd(y, m, d);
	return 0;
}

int idcard_validate(const char *text, int today, char normalised[IDCARD_SIZE],
		    struct bm_error *err)
{
	if (normalised)
		normalised[0] = '\0';
	if (!text)
		text = "";
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *end = s + strlen(text);
	while (s < end && is_space(*s))
		s++;
	while (end > s && is_space(end[-1]))
		end--;

	char id[IDCARD_SIZE];
	int count = 0;
	while (s < end) {
		char c;
		s += next_char(s, end, &c);
		if (count < IDCARD_LEN)
			id[count] = c;
		count++;
	}
	if (count != IDCARD_LEN)
		return bm_error_set(err, 400, "invalid_id_number",
				    "身份证号码位数不对：应为 18 位，实际为 %d 位", count);
	id[IDCARD_LEN] = '\0';
	if (id[17] == 'x')
		id[17] = 'X';

	for (int i = 0; i < 17; i++)
		if (!is_digit(id[i]))
			return bm_error_set(err, 400, "invalid_id_number",
					    "身份证号码第 %d 位不是数字", i + 1);
	if (!is_digit(id[17]) && id[17] != 'X')
		return bm_error_set(err, 400, "invalid_id_number",
				    "身份证号码第 18 位（校验位）应为数字或 X");

	/* A foreigner's number starts with 9 and carries the issuing province in places 2-3;
	 * issuing happens in the mainland only. */
	if (id[0] == '9') {
		if (!mainland_province(id + 1))
			return bm_error_set(err, 400, "invalid_id_number",
					    "身份证号码第 2–3 位“%.2s”不是有效的省级行政区划代码",
					    id + 1);
	} else if (!mainland_province(id) &&
		   !in_list(id, other_regions, sizeof other_regions / sizeof other_regions[0])) {
		return bm_error_set(err, 400, "invalid_id_number",
				    "身份证号码前两位“%.2s”不是有效的省级行政区划代码", id);
	}

	int y, m, d;
	birth_fields(id, &y, &m, &d);
	if (y < 1900)
		return bm_error_set(err, 400, "invalid_id_number",
				    "身份证号码出生日期无效：%04d 年早于 1900 年", y);
	if (!real_day(y, m, d))
		return bm_error_set(err, 400, "invalid_id_number",
				    "身份证号码出生日期无效：“%.8s”不是真实的日期", id + 6);
	int birth = date_from_ymd(y, m, d);
	if (birth > today) {
		char when[DATE_TEXT_SIZE];
		date_format(birth, when);
		return bm_error_set(err, 400, "invalid_id_number",
				    "身份证号码出生日期无效：%s 晚于今天", when);
	}

	if (idcard_check_char(id) != id[17])
		return bm_error_set(err, 400, "invalid_id_number",
				    "身份证号码校验位错误，请逐位核对号码");

	if (normalised)
		memcpy(normalised, id, IDCARD_SIZE);
	return 0;
}

void idcard_mask(const char *id, char out[IDCARD_SIZE])
{
	memset(out, '*', IDCARD_LEN);
	out[IDCARD_LEN] = '\0';
	if (!id || strlen(id) != IDCARD_LEN)
		return;
	memcpy(out, id, 6);
	memcpy(out + 14, id + 14, 4);
}
