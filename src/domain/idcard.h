/*
** idcard.h — checking and masking PRC citizen ID numbers (公民身份号码, GB 11643-1999).
**
** A number is 18 characters: a 6-digit address code, an 8-digit birth date YYYYMMDD, a 3-digit
** sequence code and a check character computed with ISO 7064 MOD 11-2 over the first 17 digits
** (0-9 or X, X standing for 10). Intake uses idcard_validate() on what staff typed; everything
** stored or compared afterwards is the normalised form (ASCII, upper-case X).
**
** Two other documents share the layout and the check character, and citizens' services accept
** them, so they pass too: the residence permits of Taiwan residents (address code 830000) and of
** Hong Kong and Macao residents (810000, 820000), and the 2023 foreigner's permanent residence
** ID card (首位 "9", then the province code of the issuing place).
**
** Numbers are personal data: lists, logs and the public pages show idcard_mask() only.
*/
#ifndef BM_IDCARD_H
#define BM_IDCARD_H

#include "core/error.h"

#define IDCARD_LEN 18
#define IDCARD_SIZE (IDCARD_LEN + 1) /* the number and its NUL */

/* Checks an ID number as typed and writes its normalised form (18 ASCII characters and a NUL)
 * into `normalised`. Tolerated and normalised: leading and trailing ASCII white space, a
 * lower-case x, full-width digits and Ｘ/ｘ (a Chinese input method in full-width mode).
 * `today` (a day number, date.h) bounds the birth date.
 * Fails with 400 "invalid_id_number" and a message saying what is wrong, checked in this
 * order: 位数不对 (not 18 characters), a character that is not a digit (or X in the last place),
 * an address code whose first two digits name no province, 出生日期无效 (not a real day, before
 * 1900, or after today), 校验位错误. On failure `normalised` holds an empty string.
 * `normalised` may be NULL when only the verdict is wanted. */
int idcard_validate(const char *text, int today, char normalised[IDCARD_SIZE],
		    struct bm_error *err);

/* The check character for the first 17 characters of `id` ('0'..'9' or 'X'), or '\0' when one
 * of them is not an ASCII digit (or the string is shorter). */
char idcard_check_char(const char *id);

/* The birth date (day number) written in positions 7-14 of a normalised number. Returns 0, or
 * -1 when those characters are not a real date from 1900 on (*date is then untouched). */
int idcard_birth_date(const char *id, int *date);

/* Writes the masked form shown in lists and logs: the first 6 and the last 4 characters, the
 * 8 between them as '*' ("610929********123X"). Anything that is not 18 bytes long (including
 * NULL) becomes 18 '*', so a malformed number never leaks either. */
void idcard_mask(const char *id, char out[IDCARD_SIZE]);

#endif
