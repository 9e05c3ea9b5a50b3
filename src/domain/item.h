/*
** item.h — a service item (政务服务事项) as a document, and the rules it must satisfy.
**
** An item carries every element of requirements.md §3 "Service items". It travels and is
** stored as one JSON document (one per version), whose shape is item_spec[]:
**
**   code, impl_code            basic code and implementation code
**   name, type, category       type XK/GF/QR/JL/CJ/QT/GG/ZS; category groups items on the hall
**                              display (社会救助, 户籍管理 ...)
**   keywords[]                 extra words citizens search by
**   implementing_body, body_level
**   receive_levels[], decide_level   which levels receive (村代办/镇受理/县受理), which decides
**   legal_basis[], conditions
**   materials[]                name, necessity (required | deferrable 容缺可补), form, copies,
**                              source, source_note, blank_form, sample
**   steps[]                    name, level, days (working days, each step its own limit)
**   statutory_days, promised_days, kind (instant 即办件 | promised 承诺件)
**   fee {charged, items[] {name, standard, basis}}
**   place, hours, consult_phone, complaint_phone, visits, online, scope (通办范围), faq[]
**
** Version, status and effective dates are the catalogue's (catalog.h), not the document's.
*/
#ifndef BM_ITEM_H
#define BM_ITEM_H

#include "core/error.h"
#include "core/jcheck.h"

#include <jansson.h>

extern const struct jcheck_field item_spec[];

/* Checks shape (item_spec) and the rules across fields: promised ≤ statutory; an instant item
 * has no promised days; a charged item lists its fees with their basis; step levels are
 * receive or decide levels. `where` prefixes messages ("第 5 行 " for imports). */
int item_validate(json_t *doc, const char *where, struct bm_error *err);

/* Gives a valid document its canonical form, so that equal content is equal JSON however it
 * arrived: optional lists (keywords, faq, fee.items) present, possibly empty; null optional
 * members removed. */
void item_normalize(json_t *doc);

/* Chinese labels of codes used in item documents, for pages and exports. NULL when unknown. */
const char *item_type_label(const char *type);     /* "GF" -> "行政给付" */
const char *item_level_label(const char *level);   /* "town" -> "镇（街道）" */

#endif
