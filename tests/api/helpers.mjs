// helpers.mjs — what the black-box API tests share: an HTTP client with the session cookie and
// CSRF token, a raw HTTP request for what fetch cannot send (paths with "..", a chosen source
// address), error-shape assertions, the bianmin command line, extra servers and databases.
//
// Environment (set by tests/api/run.sh):
//   BASE_URL   the running server, e.g. http://127.0.0.1:41234
//   BACKEND    sqlite | pg
//   BIANMIN    the binary the server runs (for CLI-based tests)
//   DB_ARG     "--db PATH" or "--pg CONNINFO": the server's database
//   WEB_ROOT   the server's --web-root (a fixture made by run.sh)
//   TEST_TMP   a scratch directory, removed after the run
//
// Only Node's built-in modules: fetch for ordinary requests; node:http where fetch cannot do it
// (fetch normalises "/../" and "%2e%2e" away and cannot pick the source address).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
export const BACKEND = process.env.BACKEND ?? 'sqlite';
export const BIANMIN = process.env.BIANMIN ?? 'build/bianmin';
export const WEB_ROOT = process.env.WEB_ROOT ?? 'web';
export const DEMO_PASSWORD = 'bianmin-demo';

/** The server's database as CLI arguments: ["--db", PATH] or ["--pg", CONNINFO]. */
export const DB_ARGS = (() => {
  const arg = process.env.DB_ARG ?? '--db demo.db';
  const space = arg.indexOf(' ');
  return [arg.slice(0, space), arg.slice(space + 1)];
})();

/** A scratch directory for this test file. */
export function scratchDir(prefix = 'api') {
  const base = process.env.TEST_TMP ?? os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `${prefix}-`));
}

// --- HTTP ----------------------------------------------------------------------------------

/** Reads a fetch Response into {status, headers, text, json}. */
async function readResponse(res) {
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The Set-Cookie headers of a fetch response, one string each. */
export function setCookies(headers) {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const joined = headers.get('set-cookie'); // older Node: one comma-joined string
  return joined ? joined.split(/,(?=\s*[A-Za-z0-9_-]+=)/).map((c) => c.trim()) : [];
}

/**
 * One user agent: keeps the session cookie and the CSRF token it was given at login.
 * request() sends the CSRF token on state-changing methods unless told {csrf: false}.
 */
export class Client {
  constructor(base = BASE_URL) {
    this.base = base;
    this.cookie = null;
    this.csrf = null;
    this.user = null;
  }

  async request(method, urlPath, opts = {}) {
    const headers = { ...(opts.headers ?? {}) };
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    }
    if (this.cookie && opts.cookie !== false) headers.cookie = this.cookie;
    const changes = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (changes && this.csrf && opts.csrf !== false) headers['x-csrf-token'] ??= this.csrf;
    const res = await fetch(this.base + urlPath, { method, headers, body, redirect: 'manual' });
    return readResponse(res);
  }

  get(p, o) { return this.request('GET', p, o); }
  post(p, json, o = {}) { return this.request('POST', p, { ...o, json }); }
  patch(p, json, o = {}) { return this.request('PATCH', p, { ...o, json }); }
  delete(p, o) { return this.request('DELETE', p, o); }

  /** Logs in; returns the response. On 201 the client keeps the cookie and CSRF token. */
  async login(username, password = DEMO_PASSWORD) {
    const res = await fetch(this.base + '/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const out = await readResponse(res);
    out.setCookie = setCookies(res.headers);
    if (res.status === 201) {
      const cookie = out.setCookie.find((c) => c.startsWith('bm_session='));
      this.cookie = cookie.split(';')[0];
      this.csrf = out.json.csrf_token;
      this.user = out.json.user;
    }
    return out;
  }
}

/** A client logged in as `username` (fails the test when the login does not succeed). */
export async function loginAs(username, password = DEMO_PASSWORD, base = BASE_URL) {
  const c = new Client(base);
  const res = await c.login(username, password);
  assert.equal(res.status, 201, `login as ${username}: ${res.status} ${res.text}`);
  return c;
}

/**
 * A request through node:http, byte for byte as given: the path is not normalised, headers
 * are sent as they are, the body may come in chunks (Transfer-Encoding: chunked) and the
 * source address can be chosen (127.0.0.0/8 is all loopback on Linux).
 *   opts: {method, path, headers, body (string|Buffer), chunks (array: sent chunked),
 *          headersOnly (send the headers, then wait for the answer), localAddress, base}
 * Resolves {status, headers (lower-case names), text, json}.
 */
export function rawRequest(opts) {
  const base = new URL(opts.base ?? BASE_URL);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: base.hostname,
      port: base.port,
      method: opts.method ?? 'GET',
      path: opts.path,
      headers: opts.headers ?? {},
      localAddress: opts.localAddress,
      agent: false,
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        if (opts.headersOnly) req.destroy();
        const text = Buffer.concat(parts).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    if (opts.headersOnly) {
      // Declares a body (Content-Length) but sends none: the server must answer from the
      // headers alone. The connection is dropped once the answer is in.
      req.flushHeaders();
    } else if (opts.chunks) {
      (async () => {
        for (const c of opts.chunks) {
          if (answered || req.destroyed) break;
          if (!req.write(c)) await new Promise((r) => req.once('drain', r));
        }
        req.end();
      })().catch(() => {});
    } else {
      req.end(opts.body);
    }
  });
}

/** Logs in through rawRequest from a chosen source address (opts.base: another server). */
export function rawLogin(username, password, localAddress, opts = {}) {
  return rawRequest({
    method: 'POST',
    path: '/api/v1/session',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    localAddress,
    base: opts.base,
  });
}

// --- assertions ------------------------------------------------------------------------------

const CJK = /[\u4e00-\u9fff]/;

/**
 * Asserts the response is the error {status, code}: JSON content type, the body exactly
 * {"error":{"code","message"}}, a snake_case code and a message in Chinese.
 */
export function assertError(res, status, code) {
  const where = `${res.status} ${res.text}`;
  assert.equal(res.status, status, `status: ${where}`);
  const type = res.headers.get ? res.headers.get('content-type') : res.headers['content-type'];
  assert.match(type ?? '', /^application\/json/, `content type of error: ${type}`);
  assert.ok(res.json && typeof res.json === 'object', `error body is JSON: ${res.text}`);
  assert.deepEqual(Object.keys(res.json), ['error'], `only "error" at top level: ${res.text}`);
  // "field" names the input at fault when there is one (docs/api.md); nothing else is allowed.
  const keys = Object.keys(res.json.error).filter((k) => k !== 'field').sort();
  assert.deepEqual(keys, ['code', 'message'], `error fields: ${res.text}`);
  assert.match(res.json.error.code, /^[a-z][a-z0-9_]*$/, 'code is snake_case');
  assert.equal(res.json.error.code, code, `error code: ${where}`);
  assert.equal(typeof res.json.error.message, 'string');
  assert.match(res.json.error.message, CJK, `message in Chinese: ${res.json.error.message}`);
}

/** Header value from either a fetch Headers object or node:http's plain object. */
export function header(res, name) {
  return res.headers.get ? res.headers.get(name) : res.headers[name.toLowerCase()];
}

// --- demo data, derived from the API (the demo is growing; nothing is hard-coded) -----------

/** Every item of a list endpoint, page by page. */
export async function listAll(client, urlPath) {
  const items = [];
  const sep = urlPath.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += 1000) {
    const res = await client.get(`${urlPath}${sep}limit=1000&offset=${offset}`);
    assert.equal(res.status, 200, `${urlPath}: ${res.text}`);
    items.push(...res.json.items);
    if (res.json.items.length < 1000 || items.length >= res.json.total) return items;
  }
}

/**
 * The towns, ordered by code (as the supervisor sees them). Test files run in parallel on one
 * database, so each writes only to its own towns' venues and users:
 *   城关镇 610929100        scope (mgr-/staff-610929100 read; its venue is PATCHed by scope)
 *   others()[0]            csrf: venue
 *   others()[1]            errors: venue; windows: its hall's groups, windows and absences
 *                          (mgr-/staff…-<code>; absences dated 2031-03)
 *   others()[2]            scope: the foreign venue nobody may change
 *   others()[3]            scope: staff-<code> and its venue
 *   others()[4], [5]       backup: venues written concurrently
 *   others()[5]            calls, petitions: calls at its hall, petitions received by it
 *                          (mgr-/staff-<code>); notify uses it too, on its own server
 *   others()[6]            clock: mgr-<code> throttled
 *   towns.at(-1), at(-2)   session: staff-/mgr-<code> disabled and re-enabled
 *   the county's venue     audit
 *   others()[7]            catalog-claims: its hall, its first village's room, mgr-/staff-<code>
 *                          and agent-<first village> (claims; the where-to-go answers there)
 *   (none)                 cases: runs on a server of its own with a fresh demo database (its
 *                          clock is moved); there others()[0]'s hall, first two villages' rooms,
 *                          the county centre and the items T-CASE-*
 *   others()[2], [4]       queue: the halls of 卡子镇 (staff-<code>) and 宋家镇 (mgr-<code>): tickets,
 *                          calls, transfers, statistics, live events; the daily reset and cap run
 *                          on an extra server of its own (its group "Q")
 *   (none)                 ratings: a server of its own with a fresh demo database (its clock
 *                          moves); there 麻虎镇 610929110's hall, staff-/mgr-610929110 and the
 *                          item T-RATE-ITEM
 *   (none)                 supervision: a server of its own too (clock moved); there
 *                          others()[1]'s hall (cases of item T-SV-ITEM, a 差评), others()[2]'s
 *                          manager for scope; the only accountability records
 *   (none)                 appointments, visits: run on servers of their own with fresh demo
 *                          databases (the clock is moved); there 茅坪镇 610929104's hall, its
 *                          staff-/mgr-<code> and its villages' agents
 *   (none)                 assessment: a server of its own with a fresh demo database (clock moved,
 *                          monthly bulletins); there 双丰镇 610929109's hall, staff-/mgr-<code>, the
 *                          item T-AS-ITEM; mgr-610929100 reads as the foreign manager
 *   (none)                 standard: a server of its own with a fresh demo database (the
 *                          checklists are edited; exact survey figures); there 茅坪镇's pilot flag
 *   (none)                 training: a server of its own with a fresh demo database (clock
 *                          2026-11-20); there 双丰镇 610929109 trains and 麻虎镇 610929110's
 *                          manager is the foreigner
 *   (none)                 stats: a server of its own with a fresh demo database (clock moved);
 *                          there others()[3]'s hall (cases of item T-ST-ITEM, ratings, petitions)
 *                          and others()[4]'s manager for scope
 * (staff-610929105 is throttled by session.test.mjs.)
 * Items: the catalogue is shared, so catalog*.test.mjs write only items of their own (codes
 * T-CAT-<FILE>-…, built by itemDoc()), whose texts avoid the words the search tests compare on,
 * and the life events cat-* of their own.
 */
export async function towns(supervisor) {
  const all = await listAll(supervisor, '/api/v1/orgs?level=town');
  assert.ok(all.length >= 10, `the demo has Baihe's 11 towns (got ${all.length})`);
  return all.sort((a, b) => a.code.localeCompare(b.code));
}

/** The towns other than 城关镇 (610929100), ordered by code. */
export async function otherTowns(supervisor) {
  return (await towns(supervisor)).filter((t) => t.code !== '610929100');
}

/** The venue of org `code` (its own service hall/room), as the supervisor sees it. */
export async function venueOf(supervisor, code) {
  const res = await supervisor.get(`/api/v1/venues?org=${code}`);
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json.items.length > 0, `the demo data has a venue for org ${code}`);
  return res.json.items[0];
}

// --- the command line ------------------------------------------------------------------------

const SANITIZER = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Leak|Undefined)/;

/** Fails when a sanitizer reported anything in `stderr`. */
export function assertNoSanitizerReport(stderr, what) {
  assert.doesNotMatch(stderr, SANITIZER, `sanitizer report from ${what}:\n${stderr}`);
}

/** A command still running after this long is killed: a hung program fails its test, with
 * what it printed, instead of holding the whole suite until the runner's timeout. */
const COMMAND_DEADLINE_MS = 180_000;

/** Runs a program; resolves {code, signal, stdout, stderr}. A program killed at its deadline
 * (opts.deadlineMs, else COMMAND_DEADLINE_MS) resolves code 128 and signal 'SIGKILL'. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const stdin = opts.input === undefined ? 'ignore' : 'pipe';
    const child = spawn(cmd, args, { stdio: [stdin, 'pipe', 'pipe'], env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    const deadline = setTimeout(() => child.kill('SIGKILL'), opts.deadlineMs ?? COMMAND_DEADLINE_MS);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => { clearTimeout(deadline); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      resolve({ code: code ?? 128, signal, stdout, stderr });
    });
    if (child.stdin) {
      child.stdin.on('error', () => {}); // a program that exits without reading its input
      child.stdin.end(opts.input);
    }
  });
}

/** Runs `bianmin ARGS...`, checking that no sanitizer report came out of it. */
export async function bianmin(args, opts) {
  const r = await run(BIANMIN, args, opts);
  assertNoSanitizerReport(r.stderr, `bianmin ${args.join(' ')}`);
  return r;
}

/** Runs SQL on a database named by CLI arguments (["--db", F] or ["--pg", CONNINFO]) with the
 * engine's own client; resolves stdout, trimmed. Fails on any error. */
export async function sql(dbArgs, statement) {
  const [flag, value] = dbArgs;
  const r = flag === '--db'
    ? await run('sqlite3', ['-batch', '-bail', value, statement])
    : await run('psql', [value, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', statement]);
  assert.equal(r.code, 0, `${statement}: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * A new, empty database of the suite's backend, as CLI arguments: a new SQLite file, or a new
 * database in the suite's PostgreSQL cluster.
 */
export async function freshDatabase(name) {
  const unique = `${name}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  if (BACKEND !== 'pg') return ['--db', path.join(scratchDir(name), `${unique}.db`)];
  const [, conninfo] = DB_ARGS;
  await sql(DB_ARGS, `CREATE DATABASE ${unique}`);
  return ['--pg', conninfo.replace(/dbname=\S+/, `dbname=${unique}`)];
}

/** A fresh database with the Baihe demo seeded into it (`bianmin demo --seed-only`). */
export async function freshDemoDatabase(name) {
  const dbArgs = await freshDatabase(name);
  const r = await bianmin(['demo', ...dbArgs, '--seed-only']);
  assert.equal(r.code, 0, `demo --seed-only: ${r.stderr}`);
  return dbArgs;
}

// --- extra servers ---------------------------------------------------------------------------

/** A TCP port nobody listens on at the moment. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts another `bianmin serve` (on the suite's database unless dbArgs says otherwise) and
 * waits until /healthz answers. Resolves {url, stop()}; stop() sends SIGTERM, waits for the
 * exit and checks it was clean (exit 0, no sanitizer report).
 */
export async function startServer(extraArgs = [], dbArgs = DB_ARGS) {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(BIANMIN, ['serve', ...dbArgs, '--listen', `127.0.0.1:${port}`,
      '--web-root', WEB_ROOT, ...extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
    let gone = false;
    exited.then(() => { gone = true; });
    const deadline = Date.now() + 60_000;
    while (!gone && Date.now() < deadline) {
      try {
        const res = await fetch(url + '/healthz');
        if (res.ok) break;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (gone) {
      if (attempt < 3 && /in use/.test(stderr)) continue; // lost the port to someone else
      assert.fail(`extra server did not start:\n${stderr}`);
    }
    if (Date.now() >= deadline) {
      child.kill('SIGKILL');
      assert.fail(`extra server did not answer /healthz:\n${stderr}`);
    }
    return {
      url,
      async stop() {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        const { code, signal } = await exited;
        clearTimeout(timer);
        assertNoSanitizerReport(stderr, 'extra server');
        assert.equal(signal, null, `extra server killed by ${signal}`);
        assert.equal(code, 0, `extra server exit status:\n${stderr.slice(-2000)}`);
      },
    };
  }
}

// --- the catalogue -----------------------------------------------------------------------------

/**
 * Like assertError, for the errors that may also name the input field at fault: the body is
 * {"error":{"code","message"[,"field"]}}. With `field` given, error.field must equal it.
 */
export function assertFieldError(res, status, code, field) {
  const where = `${res.status} ${res.text}`;
  assert.equal(res.status, status, `status: ${where}`);
  const type = res.headers.get ? res.headers.get('content-type') : res.headers['content-type'];
  assert.match(type ?? '', /^application\/json/, `content type of error: ${type}`);
  assert.ok(res.json && typeof res.json === 'object', `error body is JSON: ${where}`);
  assert.deepEqual(Object.keys(res.json), ['error'], `only "error" at top level: ${res.text}`);
  const keys = Object.keys(res.json.error).filter((k) => k !== 'field').sort();
  assert.deepEqual(keys, ['code', 'message'], `error fields: ${res.text}`);
  assert.equal(res.json.error.code, code, `error code: ${where}`);
  assert.match(res.json.error.message, CJK, `message in Chinese: ${res.json.error.message}`);
  if ('field' in res.json.error) assert.equal(typeof res.json.error.field, 'string');
  if (field !== undefined) assert.equal(res.json.error.field, field, `error.field: ${res.text}`);
}

/**
 * A valid item document (src/domain/item.h) of type JL, received at town level and decided by
 * the county, with `overrides` merged in. Its texts contain none of the words the search tests
 * compare on (证, 低保, 户口, 身份, 生活保障, 鹈鹕).
 */
export function itemDoc(code, overrides = {}) {
  return {
    code,
    impl_code: `${code}-SJ`,
    name: '测试事项',
    type: 'JL',
    category: '测试分类',
    keywords: [],
    implementing_body: '白河县测试局',
    body_level: 'county',
    receive_levels: ['town'],
    decide_level: 'county',
    legal_basis: ['《测试条例》第一条'],
    conditions: '符合测试条件的申请人。',
    materials: [
      { name: '申请表', necessity: 'required', form: 'original', copies: 1, source: 'applicant' },
      { name: '近期照片', necessity: 'deferrable', form: 'copy', copies: 2, source: 'applicant' },
    ],
    steps: [{ name: '受理', level: 'town', days: 1 }, { name: '审核', level: 'county', days: 4 }],
    statutory_days: 10,
    promised_days: 5,
    kind: 'promised',
    fee: { charged: false, items: [] },
    place: '各镇便民服务中心',
    hours: '周一至周五 8:30-17:30',
    consult_phone: '0915-7800000',
    complaint_phone: '12345',
    visits: 1,
    online: false,
    scope: 'none',
    faq: [],
    ...overrides,
  };
}

/** The catalogue's own members of an item as GET /api/v1/items/{code} adds them. */
export const ITEM_META = ['version', 'effective_from', 'effective_to', 'status', 'type_label'];

/** An item as returned by the API without the catalogue's members: the document itself. */
export function itemContent(item) {
  const doc = { ...item };
  for (const k of ITEM_META) delete doc[k];
  return doc;
}
