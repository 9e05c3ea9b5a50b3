/*
** schema.h — numbered migrations compiled into the binary.
**
** tools/embed-schema.sh turns src/db/schema/<backend>/NNNN_name.sql into arrays of this struct,
** ordered by number and ended by an entry whose sql is NULL. Each backend has its own files so
** each can use its own DDL (INTEGER PRIMARY KEY vs. BIGINT GENERATED ... AS IDENTITY); the
** queries that run against them are shared.
*/
#ifndef BM_SCHEMA_H
#define BM_SCHEMA_H

struct db_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct db_migration db_migrations_sqlite[];
extern const struct db_migration db_migrations_pg[];

#endif
