/*
 * tests/crash/crash.mjs — a case answered 201 is never lost, even to kill -9 (issue 4).
 *
 *   node tests/crash/crash.mjs      (tests/crash/run.sh sets BIANMIN, CRASH_TMP, CRASH_ROUNDS)
 *
 * Each round: `bianmin serve` on the SQLite database, many clients (window staff of several
 * towns, each its own session) creating cases as fast as the server answers; after a moment
 * the server is killed with SIGKILL in the middle of that traffic. Every case number the server
 * answered 201 for is remembered. Then the server is started again on the same file and each of
 * those cases must be there, whole (GET /api/v1/cases/{no}: same item, same applicant), and
 * `PRAGMA integrity_check` must say "ok". Rounds repeat on the same file, so later rounds also
 * crash a database that already went through a recovery.
 *
 * Prints "ok - …" / "not ok - …" lines and ends with "crash: N passed, M failed"; exit status
 * 1 when anything failed.
 */
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from '../api/helpers.mjs';

const BIANMIN = path.resolve(process.env.BIANMIN ?? 'build/bianmin');
const TMP = process.env.CRASH_TMP ?? fs.mkdtempSync('/tmp/bianmin-crash-');
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3);
const DB = path.join(TMP, 'crash.db');
const CLIENTS = 24;
const ITEM = '610929-GF-0001'; // 最低生活保障金给付, received at every town hall
const TOWNS = ['610929100', '610929101', '610929102', '610929103', '610929104', '610929105'];

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}`);
    if (detail) console.log(`    ${detail}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts `bianmin serve` on the test database; resolves {child, base} once /healthz answers. */
async function startServer(round) {
  const port = await freePort();
  const log = fs.openSync(path.join(TMP, `server-${round}.log`), 'a');
  const child = spawn(BIANMIN, ['serve', '--db', DB, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', log, log],
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not answer /healthz in 15 s');
}

/** A valid ID number (GB 11643 check digit) for the n-th applicant. */
function idNumber(n) {
  const month = String(1 + (n % 12)).padStart(2, '0');
  const day = String(1 + (n % 28)).padStart(2, '0');
  const body = `6109291980${month}${day}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** One client's loop: create cases until the server goes away; record every 201. */
async function createUntilKilled(client, clientNo, acked, stop) {
  for (let n = 0; !stop.now; n++) {
    const applicant = { name: `测试申请人${clientNo}-${n}`, id_number: idNumber(clientNo * 1000 + n), phone: '13991520000' };
    let res;
    try {
      res = await client.post('/api/v1/cases', {
        item_code: ITEM, channel: 'window', applicant, materials_received: [],
      });
    } catch {
      return; // the connection died with the server
    }
    if (res.status === 201) acked.push({ no: res.json.no, name: applicant.name });
    else if (res.status !== 503) throw new Error(`POST /api/v1/cases: ${res.status} ${res.text}`);
  }
}

async function loginClients(base) {
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) {
    const c = new Client(base);
    const res = await c.login(`staff-${TOWNS[i % TOWNS.length]}`);
    if (res.status !== 201) throw new Error(`login: ${res.status} ${res.text}`);
    clients.push(c);
  }
  return clients;
}

async function round(r) {
  const { child, base } = await startServer(r);
  const clients = await loginClients(base);
  const acked = [];
  const stop = { now: false };
  const loops = clients.map((c, i) => createUntilKilled(c, r * 100 + i, acked, stop));
  // Let traffic build up, then kill the server at a moment of its own choosing.
  await new Promise((res) => setTimeout(res, 1200 + Math.floor(Math.random() * 800)));
  child.kill('SIGKILL');
  await new Promise((res) => child.once('exit', res));
  stop.now = true;
  await Promise.all(loops);
  check(`round ${r}: cases were being created when the server was killed (${acked.length} answered 201)`, acked.length > 0);

  const again = await startServer(`${r}-restart`);
  const reader = new Client(again.base);
  await reader.login('supervisor');
  const missing = [];
  for (const { no, name } of acked) {
    const res = await reader.get(`/api/v1/cases/${encodeURIComponent(no)}`);
    if (res.status !== 200 || res.json.item_code !== ITEM || res.json.applicant?.name !== name)
      missing.push(`${no}: ${res.status} ${res.text.slice(0, 120)}`);
  }
  check(`round ${r}: every case answered 201 is there after the restart`, missing.length === 0,
    `${missing.length} of ${acked.length} missing or different, e.g. ${missing.slice(0, 3).join('; ')}`);
  again.child.kill('SIGTERM');
  await new Promise((res) => again.child.once('exit', res));
  const integrity = execFileSync('sqlite3', [DB, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim();
  check(`round ${r}: PRAGMA integrity_check is ok`, integrity === 'ok', integrity.slice(0, 300));
}

try {
  execFileSync(BIANMIN, ['demo', '--db', DB, '--seed-only'], { stdio: 'ignore' });
  for (let r = 1; r <= ROUNDS; r++) await round(r);
} catch (e) {
  check('the crash test ran to its end', false, String(e?.stack ?? e));
}
console.log(`crash: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
