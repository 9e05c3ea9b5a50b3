// backup.test.mjs — `bianmin backup --to FILE` on the live database while the server writes.
//
// SQLite: the copy (made with SQLite's online backup API) must be one consistent snapshot even
// while PATCHes commit concurrently: integrity_check ok, the tables there, the audit chain
// intact. PostgreSQL: the command declines and points to pg_dump. Writes only to the venues of
// otherTowns()[4] and [5] (see helpers.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import {
  BACKEND, DB_ARGS, bianmin, loginAs, otherTowns, run, scratchDir, sql, venueOf,
} from './helpers.mjs';

const sqliteOnly = { skip: BACKEND !== 'sqlite' && 'the SQLite backend only (PostgreSQL uses pg_dump)' };
const pgOnly = { skip: BACKEND !== 'pg' && 'the PostgreSQL backend only' };

let supervisor;
let venues;
let dir;

before(async () => {
  supervisor = await loginAs('supervisor');
  const others = await otherTowns(supervisor);
  venues = [await venueOf(supervisor, others[4].code), await venueOf(supervisor, others[5].code)];
  dir = scratchDir('backup');
});

async function sqliteQuery(file, statement) {
  const r = await run('sqlite3', ['-batch', '-bail', file, statement]);
  assert.equal(r.code, 0, `${statement}: ${r.stderr}`);
  return r.stdout.trim();
}

test('backup --to FILE while PATCHes commit concurrently gives a consistent copy', sqliteOnly, async () => {
  let stop = false;
  let done = 0;
  const statuses = new Map();
  const writer = async (client, venue, worker) => {
    for (let i = 0; !stop; i++) {
      const res = await client.patch(`/api/v1/venues/${venue.id}`, {
        area_m2: 1000 + worker * 10000 + (i % 5000),
        equipment: `备份测试 ${worker}-${i}`,
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      done++;
    }
  };
  const clients = [supervisor, await loginAs('supervisor'), await loginAs('admin'), await loginAs('admin')];
  let writerFailed = null;
  const writers = clients.map((c, w) => writer(c, venues[w % 2], w).catch((e) => { writerFailed = e; }));
  try {
    // The writers get going first; one that threw ends the wait (it would never reach 20).
    while (done < 20 && !writerFailed) await new Promise((r) => setTimeout(r, 10));
    assert.equal(writerFailed, null, `a writer failed before the backups: ${writerFailed}`);
    const files = [];
    for (let k = 0; k < 3; k++) {
      const file = path.join(dir, `live-${k}.db`);
      // Copied in steps, each commit of the writers restarted the copy, and under load it
      // never finished: the copy must end (deadline) while the writes go on.
      const r = await bianmin(['backup', '--to', file, ...DB_ARGS], { deadlineMs: 60_000 });
      assert.equal(r.code, 0, `backup ${k} (${r.signal ?? 'exit'}): ${r.stderr}`);
      files.push(file);
    }
    stop = true;
    await Promise.all(writers);
    assert.ok(done >= 40, `enough writes overlapped the backups (${done})`);
    assert.equal(writerFailed, null, `a writer failed: ${writerFailed}`);
    assert.deepEqual([...statuses.keys()], [200], `every PATCH succeeded: ${JSON.stringify([...statuses])}`);

    const liveVenues = await sql(DB_ARGS, 'SELECT COUNT(*) FROM venues');
    for (const file of files) {
      assert.equal(await sqliteQuery(file, 'PRAGMA integrity_check'), 'ok', file);
      assert.equal(await sqliteQuery(file, 'SELECT COUNT(*) FROM venues'), liveVenues, `${file}: every venue`);
      const tables = (await sqliteQuery(file, "SELECT name FROM sqlite_master WHERE type = 'table'")).split('\n');
      for (const t of ['venues', 'orgs', 'users', 'audit_log'])
        assert.ok(tables.includes(t), `${file}: table ${t}`);
      // One snapshot: the audit chain and its head in settings agree.
      const v = await bianmin(['audit', 'verify', '--db', file]);
      assert.equal(v.code, 0, `${file}: audit verify: ${v.stdout}${v.stderr}`);
    }
  } finally {
    stop = true;
    await Promise.allSettled(writers);
  }
});

test('a backup holds every change committed before it started', sqliteOnly, async () => {
  const marker = `备份标记 ${process.pid}-${Date.now() % 100000}`;
  const res = await supervisor.patch(`/api/v1/venues/${venues[0].id}`, { location: marker });
  assert.equal(res.status, 200, res.text);
  const file = path.join(dir, 'marker.db');
  const r = await bianmin(['backup', '--to', file, ...DB_ARGS]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await sqliteQuery(file, `SELECT location FROM venues WHERE id = ${venues[0].id}`), marker);
});

test('the backup copy opens as a bianmin database', sqliteOnly, async () => {
  const file = path.join(dir, 'served.db');
  assert.equal((await bianmin(['backup', '--to', file, ...DB_ARGS])).code, 0);
  const r = await bianmin(['calendar', 'add', '2025-04-30', '1', '--db', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '2025-05-06');
});

test('on PostgreSQL, bianmin backup declines (backup_use_pg_dump), points to pg_dump and writes nothing', pgOnly, async () => {
  const file = path.join(dir, 'pg.db');
  const r = await bianmin(['backup', '--to', file, ...DB_ARGS]);
  assert.equal(r.code, 1, `exit status: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /pg_dump/);
  assert.ok(!fs.existsSync(file), 'no file written');
});
