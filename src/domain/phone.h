/*
** phone.h — citizens' telephone numbers: which are valid, which can receive a text message,
** and how lists show them.
**
** A number is kept as the digits the person gave, with one optional '-' after a landline's
** area code: a mobile number is 11 digits starting 13–19 (only these receive SMS); a landline
** is an area code of 3–4 digits starting with 0, an optional '-', then 7–8 digits
** ("0915-7800000"). Numbers are personal data: lists outside the owning venue show
** phone_mask() only.
*/
#ifndef BM_PHONE_H
#define BM_PHONE_H

#include <stdbool.h>

#define PHONE_SIZE 24

/* 11 digits, 1[3-9]…: a number a text message can reach. */
bool phone_is_mobile(const char *phone);

/* A mobile number or a landline with its area code. */
bool phone_is_valid(const char *phone);

/* "138****5678": everything but the first 3 and the last 4 characters starred (a number of 7
 * characters or fewer keeps only its last 4). out receives at most PHONE_SIZE bytes; an empty
 * or NULL phone gives "". */
void phone_mask(const char *phone, char out[PHONE_SIZE]);

#endif
