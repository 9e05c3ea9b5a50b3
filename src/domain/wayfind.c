/*
** wayfind.c — where a citizen must go (see wayfind.h).
**
** The map holds plain arrays: orgs, venues, and items each with the indices of the venues that
** claimed it and the levels of their required materials. A question walks a handful of small
** arrays; the county report asks it for every village and item (~10,000 questions), which still
** takes milliseconds.
*/
#include "domain/wayfind.h"
#include "core/buf.h"
#include "db/db.h"
#include "domain/catalog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VISIT 16 /* venues one answer can name: receiver + issuers of materials */

struct wf_org {
	char code[16], name[96], level[16], parent[16];
};

struct wf_venue {
	int64_t id;
	char org_code[16], level[16], kind[16], name[96];
};

struct wf_material {
	char name[96];
	char source[16]; /* village, town, county */
};

struct wf_item {
	char code[48], name[96];
	int *claims; /* venue indices */
	int nclaims;
	struct wf_material *materials; /* required materials issued at a level */
	int nmaterials;
};

struct wayfind_map {
	struct wf_org *orgs;
	int norgs;
	struct wf_venue *venues;
	int nvenues;
	struct wf_item *items;
	int nitems;
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* --- loading ------------------------------------------------------------------------------ */

static int load_orgs(struct db *db, struct wayfind_map *m, struct bm_error *err)
{
	int64_t n;
	if (db_query_int(db, err, &n, "SELECT COUNT(*) FROM orgs", "") < 0)
		return -1;
	m->orgs = xcalloc((size_t)n, sizeof *m->orgs);
	struct db_stmt *st = db_query(db, err,
				      "SELECT code, name, level, parent_code FROM orgs ORDER BY code", "");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW && m->norgs < n) {
		struct wf_org *o = &m->orgs[m->norgs++];
		copy(o->code, sizeof o->code, db_col_text(st, 0));
		copy(o->name, sizeof o->name, db_col_text(st, 1));
		copy(o->level, sizeof o->level, db_col_text(st, 2));
		copy(o->parent, sizeof o->parent, db_col_text(st, 3));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int load_venues(struct db *db, struct wayfind_map *m, struct bm_error *err)
{
	int64_t n;
	if (db_query_int(db, err, &n, "SELECT COUNT(*) FROM venues", "") < 0)
		return -1;
	m->venues = xcalloc((size_t)n, sizeof *m->venues);
	struct db_stmt *st = db_query(db, err,
				      "SELECT id, org_code, level, kind, name FROM venues ORDER BY id", "");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW && m->nvenues < n) {
		struct wf_venue *v = &m->venues[m->nvenues++];
		v->id = db_col_int(st, 0);
		copy(v->org_code, sizeof v->org_code, db_col_text(st, 1));
		copy(v->level, sizeof v->level, db_col_text(st, 2));
		copy(v->kind, sizeof v->kind, db_col_text(st, 3));
		copy(v->name, sizeof v->name, db_col_text(st, 4));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int venue_index(const struct wayfind_map *m, int64_t id)
{
	int lo = 0, hi = m->nvenues - 1; /* venues are ordered by id */
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (m->venues[mid].id == id)
			return mid;
		if (m->venues[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static bool issued_at_a_level(const char *source)
{
	return !strcmp(source, "village") || !strcmp(source, "town") || !strcmp(source, "county");
}

static void item_from_doc(struct wf_item *it, json_t *doc)
{
	copy(it->code, sizeof it->code, json_string_value(json_object_get(doc, "code")));
	copy(it->name, sizeof it->name, json_string_value(json_object_get(doc, "name")));
	json_t *materials = json_object_get(doc, "materials");
	it->materials = xcalloc(json_array_size(materials), sizeof *it->materials);
	size_t i;
	json_t *mat;
	json_array_foreach(materials, i, mat) {
		const char *source = json_string_value(json_object_get(mat, "source"));
		const char *necessity = json_string_value(json_object_get(mat, "necessity"));
		if (!source || !necessity || strcmp(necessity, "required") || !issued_at_a_level(source))
			continue;
		struct wf_material *wm = &it->materials[it->nmaterials++];
		copy(wm->name, sizeof wm->name, json_string_value(json_object_get(mat, "name")));
		copy(wm->source, sizeof wm->source, source);
	}
}

static struct wf_item *find_item(const struct wayfind_map *m, const char *code)
{
	int lo = 0, hi = m->nitems - 1; /* items are ordered by code */
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(m->items[mid].code, code);
		if (c == 0)
			return &m->items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static int load_claims(struct db *db, struct wayfind_map *m, struct bm_error *err)
{
	for (int i = 0; i < m->nitems; i++)
		m->items[i].claims = xcalloc((size_t)m->nvenues, sizeof(int));
	struct db_stmt *st = db_query(db, err, "SELECT item_code, venue_id FROM item_claims", "");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct wf_item *it = find_item(m, db_col_text(st, 0));
		int v = venue_index(m, db_col_int(st, 1));
		if (it && v >= 0 && it->nclaims < m->nvenues)
			it->claims[it->nclaims++] = v;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int load_items(struct db *db, struct wayfind_map *m, struct bm_error *err)
{
	json_t *docs;
	if (catalog_all_current(db, &docs, err) < 0)
		return -1;
	m->items = xcalloc(json_array_size(docs), sizeof *m->items);
	size_t i;
	json_t *doc;
	json_array_foreach(docs, i, doc)
		item_from_doc(&m->items[m->nitems++], doc);
	json_decref(docs);
	return 0;
}

int wayfind_load(struct db *db, struct wayfind_map **out, struct bm_error *err)
{
	struct wayfind_map *m = xcalloc(1, sizeof *m);
	if (load_orgs(db, m, err) < 0 || load_venues(db, m, err) < 0 || load_items(db, m, err) < 0 ||
	    load_claims(db, m, err) < 0) {
		wayfind_free(m);
		return -1;
	}
	*out = m;
	return 0;
}

void wayfind_free(struct wayfind_map *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->nitems; i++) {
		free(m->items[i].claims);
		free(m->items[i].materials);
	}
	free(m->items);
	free(m->venues);
	free(m->orgs);
	free(m);
}

/* --- answering ---------------------------------------------------------------------------- */

static const struct wf_org *find_org(const struct wayfind_map *m, const char *code)
{
	int lo = 0, hi = m->norgs - 1; /* orgs are ordered by code */
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(m->orgs[mid].code, code);
		if (c == 0)
			return &m->orgs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* The village, its town and its county. */
struct wf_chain {
	const struct wf_org *village, *town, *county;
};

static int chain_of(const struct wayfind_map *m, const char *village_code, struct wf_chain *c,
		    struct bm_error *err)
{
	c->village = find_org(m, village_code);
	if (!c->village || strcmp(c->village->level, "village") != 0)
		return bm_error_set(err, 404, "village_not_found", "村（社区）%.16s 不存在", village_code);
	c->town = find_org(m, c->village->parent);
	c->county = c->town ? find_org(m, c->town->parent) : NULL;
	return 0;
}

/* Preference of a venue kind within one org: the main venue first. */
static int kind_rank(const char *kind)
{
	static const char *const order[] = {"room", "hall", "center", "dept_hall", "office", NULL};
	for (int i = 0; order[i]; i++)
		if (!strcmp(kind, order[i]))
			return i;
	return 9;
}

/* The best claiming venue of the item at org, or -1. */
static int claimed_at(const struct wayfind_map *m, const struct wf_item *it, const struct wf_org *org)
{
	int best = -1;
	for (int i = 0; org && i < it->nclaims; i++) {
		const struct wf_venue *v = &m->venues[it->claims[i]];
		if (strcmp(v->org_code, org->code) == 0 &&
		    (best < 0 || kind_rank(v->kind) < kind_rank(m->venues[best].kind)))
			best = it->claims[i];
	}
	return best;
}

/* The main venue of an org (room, hall or centre), or -1. */
static int main_venue(const struct wayfind_map *m, const struct wf_org *org)
{
	int best = -1;
	for (int i = 0; org && i < m->nvenues; i++)
		if (!strcmp(m->venues[i].org_code, org->code) &&
		    (best < 0 || kind_rank(m->venues[i].kind) < kind_rank(m->venues[best].kind)))
			best = i;
	return best;
}

struct wf_visit {
	int venue;
	const char *purposes[MAX_VISIT];
	int npurposes;
};

struct wf_answer {
	bool available;
	struct wf_visit visits[MAX_VISIT];
	int nvisits;
};

static void add_visit(struct wf_answer *a, int venue, const char *purpose)
{
	if (venue < 0)
		return;
	for (int i = 0; i < a->nvisits; i++)
		if (a->visits[i].venue == venue) {
			if (a->visits[i].npurposes < MAX_VISIT)
				a->visits[i].purposes[a->visits[i].npurposes++] = purpose;
			return;
		}
	if (a->nvisits == MAX_VISIT)
		return;
	a->visits[a->nvisits] = (struct wf_visit){.venue = venue, .npurposes = 1};
	a->visits[a->nvisits++].purposes[0] = purpose;
}

/* The trips when the item is received at `receiver`. */
static void plan_with_receiver(const struct wayfind_map *m, const struct wf_item *it,
			       const struct wf_chain *c, int receiver, struct wf_answer *a)
{
	memset(a, 0, sizeof *a);
	a->available = true;
	for (int i = 0; i < it->nmaterials; i++) {
		const char *src = it->materials[i].source;
		const struct wf_org *org = !strcmp(src, "village") ? c->village
					   : !strcmp(src, "town")  ? c->town
								   : c->county;
		add_visit(a, main_venue(m, org), it->materials[i].name);
	}
	add_visit(a, receiver, NULL); /* NULL purpose: 受理 (the item itself) */
}

/* The core rule of the module (see wayfind.h): of the claiming venues nearest the citizen at
 * each level (village, town, county), the one that makes for the fewest distinct trips once
 * the materials' issuers are counted; on a tie, the nearer one. So claiming an item closer to
 * the citizen never adds a trip: the old plan stays available. */
static void answer_item(const struct wayfind_map *m, const struct wf_item *it,
			const struct wf_chain *c, struct wf_answer *a)
{
	const struct wf_org *levels[3] = {c->village, c->town, c->county};
	struct wf_answer candidate;
	memset(a, 0, sizeof *a);
	for (int l = 0; l < 3; l++) {
		int receiver = claimed_at(m, it, levels[l]);
		if (receiver < 0)
			continue;
		plan_with_receiver(m, it, c, receiver, &candidate);
		if (!a->available || candidate.nvisits < a->nvisits)
			*a = candidate;
	}
}

static json_t *visit_json(const struct wayfind_map *m, const struct wf_visit *v, const char *item)
{
	const struct wf_venue *venue = &m->venues[v->venue];
	const struct wf_org *org = find_org(m, venue->org_code);
	json_t *purposes = json_array();
	for (int i = 0; i < v->npurposes; i++) {
		char text[160];
		if (v->purposes[i])
			snprintf(text, sizeof text, "开具材料：%s", v->purposes[i]);
		else
			snprintf(text, sizeof text, "办理：%s", item);
		json_array_append_new(purposes, json_string(text));
	}
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)venue->id, "name",
			 venue->name, "kind", venue->kind, "org_code", venue->org_code, "org_name",
			 org ? org->name : "", "purposes", purposes);
}

static json_t *answer_json(const struct wayfind_map *m, const struct wf_item *it,
			   const struct wf_answer *a)
{
	json_t *venues = json_array();
	for (int i = 0; i < a->nvisits; i++)
		json_array_append_new(venues, visit_json(m, &a->visits[i], it->name));
	return json_pack("{s:{s:s, s:s}, s:b, s:i, s:o}", "item", "code", it->code, "name", it->name,
			 "available", a->available, "visits", a->nvisits, "venues", venues);
}

static json_t *village_json(const struct wf_chain *c)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "code", c->village->code, "name", c->village->name,
			 "town_code", c->town ? c->town->code : "", "town_name",
			 c->town ? c->town->name : "");
}

int wayfind_item(const struct wayfind_map *m, const char *item_code, const char *village_code,
		 json_t **out, struct bm_error *err)
{
	struct wf_chain c;
	const struct wf_item *it = find_item(m, item_code);
	if (!it)
		return bm_error_set(err, 404, "item_not_found", "事项 %.40s 不存在", item_code);
	if (chain_of(m, village_code, &c, err) < 0)
		return -1;
	struct wf_answer a;
	answer_item(m, it, &c, &a);
	*out = answer_json(m, it, &a);
	json_object_set_new(*out, "village", village_json(&c));
	return 0;
}

int wayfind_event(const struct wayfind_map *m, json_t *event, const char *village_code,
		  json_t **out, struct bm_error *err)
{
	struct wf_chain c;
	if (chain_of(m, village_code, &c, err) < 0)
		return -1;
	struct wf_answer all = {.available = true};
	json_t *items = json_array();
	size_t i;
	json_t *ref;
	json_array_foreach(json_object_get(event, "items"), i, ref) {
		const struct wf_item *it = find_item(m, json_string_value(json_object_get(ref, "code")));
		if (!it)
			continue;
		struct wf_answer a;
		answer_item(m, it, &c, &a);
		json_array_append_new(items, answer_json(m, it, &a));
		for (int k = 0; k < a.nvisits; k++)
			add_visit(&all, a.visits[k].venue, a.visits[k].purposes[0]);
	}
	json_t *venues = json_array();
	for (int k = 0; k < all.nvisits; k++) {
		const struct wf_venue *v = &m->venues[all.visits[k].venue];
		const struct wf_org *org = find_org(m, v->org_code);
		json_array_append_new(venues, json_pack("{s:I, s:s, s:s, s:s, s:s}", "id",
							(json_int_t)v->id, "name", v->name, "kind",
							v->kind, "org_code", v->org_code, "org_name",
							org ? org->name : ""));
	}
	*out = json_pack("{s:{s:O, s:O}, s:o, s:i, s:o, s:o}", "event", "code",
			 json_object_get(event, "code"), "name", json_object_get(event, "name"),
			 "village", village_json(&c), "visits", all.nvisits, "venues", venues, "items",
			 items);
	return 0;
}

/* --- the county report -------------------------------------------------------------------- */

static double round2(double x)
{
	return round(x * 100.0) / 100.0;
}

struct item_tally {
	long total_visits;
	int max_visits, villages;
};

int wayfind_stats(const struct wayfind_map *m, const char *town, json_t **out,
		  struct bm_error *err)
{
	struct item_tally *tally = xcalloc((size_t)m->nitems, sizeof *tally);
	json_t *villages = json_array();
	long county_visits = 0, county_answers = 0, county_multi = 0;
	for (int o = 0; o < m->norgs; o++) {
		struct wf_chain c;
		if (strcmp(m->orgs[o].level, "village") || (town && strcmp(m->orgs[o].parent, town)) ||
		    chain_of(m, m->orgs[o].code, &c, err) < 0)
			continue;
		long visits = 0, answers = 0, multi = 0;
		for (int i = 0; i < m->nitems; i++) {
			struct wf_answer a;
			answer_item(m, &m->items[i], &c, &a);
			if (!a.available)
				continue;
			visits += a.nvisits, answers++, multi += a.nvisits > 1;
			tally[i].total_visits += a.nvisits;
			tally[i].villages++;
			if (a.nvisits > tally[i].max_visits)
				tally[i].max_visits = a.nvisits;
		}
		county_visits += visits, county_answers += answers, county_multi += multi;
		json_array_append_new(villages, json_pack("{s:s, s:s, s:s, s:f, s:I}", "code",
							  c.village->code, "name", c.village->name,
							  "town_code", c.town ? c.town->code : "",
							  "avg_visits",
							  answers ? round2((double)visits / answers) : 0.0,
							  "multi_venue_items", (json_int_t)multi));
	}
	json_t *items = json_array();
	for (int i = 0; i < m->nitems; i++)
		json_array_append_new(
			items, json_pack("{s:s, s:s, s:f, s:i, s:i}", "code", m->items[i].code, "name",
					 m->items[i].name, "avg_visits",
					 tally[i].villages ? round2((double)tally[i].total_visits /
								    tally[i].villages)
							   : 0.0,
					 "max_visits", tally[i].max_visits, "available_villages",
					 tally[i].villages));
	free(tally);
	bm_error_clear(err);
	*out = json_pack("{s:{s:f, s:f, s:i, s:I}, s:o, s:o}", "county", "avg_visits",
			 county_answers ? round2((double)county_visits / county_answers) : 0.0,
			 "multi_venue_share",
			 county_answers ? round2((double)county_multi / county_answers) : 0.0,
			 "items", m->nitems, "villages", (json_int_t)json_array_size(villages),
			 "items", items, "villages", villages);
	return 0;
}
