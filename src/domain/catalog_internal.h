/*
** catalog_internal.h — what catalog.c and catalog_search.c share, nobody else.
*/
#ifndef BM_CATALOG_INTERNAL_H
#define BM_CATALOG_INTERNAL_H

#include "domain/catalog.h"

/* Writes the search row (and, on SQLite, the trigram row) of an item from its current doc. */
int catalog_index_item(struct db *db, json_t *doc, struct bm_error *err);

#endif
