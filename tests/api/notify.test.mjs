// notify.test.mjs — the outbox and its webhook sender, against a local receiver started here
// that fails deliveries on purpose: messages wait while no webhook is configured, the
// administrator configures one at run time, failed deliveries are retried on the schedule
// (1 min, 5 min, 30 min, 2 h, 12 h, then failed) as the test clock moves, each request is
// signed (HMAC-SHA256 over "<timestamp>.<body>"), staff put a failed message back, and the list
// is scoped.
//
// Moving the clock would expire the sessions of every other test file, so this runs on an
// extra server with its own demo database (as clock.test.mjs does). Messages come from
// petitions received by others()[5] there.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { after, before, test } from 'node:test';
import {
  Client, assertError, assertFieldError, freshDemoDatabase, startServer,
} from './helpers.mjs';

const SECRET = 'gateway-shared-secret-测试';
const TOWN = '610929106'; // others()[5]

let server; // {url, stop}
let receiver; // node http server
let hookUrl;
const received = []; // {headers, body, json}
const failures = new Map(); // phone -> how many more requests to answer 500 (Infinity: always)

const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  receiver = http.createServer((req, res) => {
    const parts = [];
    req.on('data', (d) => parts.push(d));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      let json;
      try { json = JSON.parse(body); } catch { json = null; }
      received.push({ headers: req.headers, body, json, method: req.method });
      const left = failures.get(json?.phone) ?? 0;
      if (left > 0) {
        failures.set(json.phone, left - 1);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('gateway down');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${receiver.address().port}/sms`;
  server = await startServer(['--test-clock'], await freshDemoDatabase('notify'));
});

after(async () => {
  await server?.stop();
  receiver?.close();
});

async function login(username) {
  const c = new Client(server.url);
  const res = await c.login(username);
  assert.equal(res.status, 201, `login ${username}: ${res.text}`);
  return c;
}

async function setClock(ms) {
  const res = await new Client(server.url).post('/api/v1/test/clock', { now: rfc3339(ms) });
  assert.equal(res.status, 200, res.text);
}

// A petition accepted in TOWN whose petitioner has this phone: queues one message.
async function messageTo(mgr, phone) {
  const reg = await mgr.post('/api/v1/petitions', {
    kind: 'petition', channel: 'visit', subject: '通知测试', content: '测试短信发送。',
    parties: [{ name: '测试人', role: 'petitioner', phone }],
  });
  assert.equal(reg.status, 201, reg.text);
  const acc = await mgr.post(`/api/v1/petitions/${reg.json.no}/accept`, {});
  assert.equal(acc.status, 200, acc.text);
  const list = await mgr.get('/api/v1/notifications?limit=1000');
  const msg = list.json.items.find((n) => n.entity_id === reg.json.no);
  assert.ok(msg, 'the acceptance queued a message');
  return msg;
}

async function message(client, id) {
  const res = await client.get(`/api/v1/notifications/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

// Waits until the message satisfies `ok` (the worker runs in the background).
async function waitFor(client, id, ok, what) {
  const deadline = Date.now() + 20000;
  let m;
  while (Date.now() < deadline) {
    m = await message(client, id);
    if (ok(m)) return m;
    await sleep(100);
  }
  assert.fail(`message ${id}: ${what}; last seen ${JSON.stringify(m)}`);
}

const requestsFor = (phone) => received.filter((r) => r.json?.phone === phone);

let t0;

test('without a webhook messages stay pending and staff can see them', async () => {
  t0 = Date.now();
  await setClock(t0);
  const mgr = await login(`mgr-${TOWN}`);
  const m = await messageTo(mgr, '13800008001');
  assert.equal(m.status, 'pending');
  assert.equal(m.status_label, '待发送');
  assert.equal(m.kind, 'petition_accepted');
  assert.equal(m.kind_label, '信访受理告知');
  assert.equal(m.org_code, TOWN);
  await sleep(600);
  const again = await message(mgr, m.id);
  assert.equal(again.attempts, 0, 'nothing is attempted without a webhook');
  assert.equal(requestsFor('13800008001').length, 0);
  const pending = await mgr.get('/api/v1/notifications?status=pending');
  assert.ok(pending.json.items.some((n) => n.id === m.id));
  assertError(await mgr.get('/api/v1/notifications?status=lost'), 400, 'invalid_query');
});

test('only the administrator configures the webhook, and the secret is never shown', async () => {
  const mgr = await login(`mgr-${TOWN}`);
  assertError(await mgr.request('PUT', '/api/v1/settings/notify', { json: { webhook_url: hookUrl } }), 403, 'forbidden');
  assertError(await mgr.get('/api/v1/settings/notify'), 403, 'forbidden');
  const admin = await login('admin');
  const none = await admin.get('/api/v1/settings/notify');
  assert.deepEqual(none.json, { webhook_url: null, secret_set: false, source: 'none' });
  assertFieldError(await admin.request('PUT', '/api/v1/settings/notify', { json: { webhook_url: 'ftp://example.org/x' } }),
    400, 'invalid_webhook_url', 'webhook_url');
  failures.set('13800008001', 1); // the waiting message fails once, then goes through
  const res = await admin.request('PUT', '/api/v1/settings/notify', { json: { webhook_url: hookUrl, secret: SECRET } });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { webhook_url: hookUrl, secret_set: true, source: 'settings' });
  assert.ok(!res.text.includes(SECRET));
});

test('a failed delivery is retried after 1 and then 5 minutes of the (test) clock, and each request is signed', async () => {
  const mgr = await login(`mgr-${TOWN}`);
  const phone = '13800008002';
  failures.set(phone, 2);
  const queued = await messageTo(mgr, phone);
  const first = await waitFor(mgr, queued.id, (m) => m.attempts === 1, 'first attempt');
  assert.equal(first.status, 'pending');
  assert.equal(first.last_error, 'HTTP 500');
  const wait1 = Date.parse(first.next_attempt_at) - Date.parse(queued.created_at);
  assert.ok(wait1 >= 60e3 && wait1 <= 65e3, `next attempt about a minute later (${wait1} ms)`);

  // Not before its time: the clock just short of it leaves the message alone.
  await setClock(Date.parse(first.next_attempt_at) - 10e3);
  await sleep(700);
  assert.equal((await message(mgr, queued.id)).attempts, 1);
  assert.equal(requestsFor(phone).length, 1);

  await setClock(Date.parse(first.next_attempt_at) + 1e3);
  const second = await waitFor(mgr, queued.id, (m) => m.attempts === 2, 'second attempt');
  const wait2 = Date.parse(second.next_attempt_at) - Date.parse(first.next_attempt_at);
  assert.ok(wait2 >= 300e3 && wait2 <= 306e3, `then five minutes (${wait2} ms)`);

  await setClock(Date.parse(second.next_attempt_at) + 1e3);
  const sent = await waitFor(mgr, queued.id, (m) => m.status === 'sent', 'delivery');
  assert.equal(sent.attempts, 3);
  assert.equal(sent.status_label, '已发送');
  assert.ok(sent.sent_at);
  assert.equal(sent.next_attempt_at, null);

  const requests = requestsFor(phone);
  assert.equal(requests.length, 3);
  for (const r of requests) {
    assert.equal(r.method, 'POST');
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.deepEqual(Object.keys(r.json).sort(), ['id', 'kind', 'phone', 'text']);
    assert.equal(r.json.id, queued.id);
    assert.equal(r.json.kind, 'petition_accepted');
    assert.equal(r.json.text, queued.text);
    const ts = r.headers['x-bianmin-timestamp'];
    assert.match(ts, /^\d+$/);
    const expected = 'sha256=' + crypto.createHmac('sha256', SECRET).update(`${ts}.${r.body}`).digest('hex');
    assert.equal(r.headers['x-bianmin-signature'], expected);
  }
});

test('the message that waited for the webhook went out once it was configured', async () => {
  const mgr = await login(`mgr-${TOWN}`);
  const list = await mgr.get('/api/v1/notifications?limit=1000');
  const first = list.json.items.find((n) => n.phone === '13800008001');
  // It failed once when the webhook was set; the clock has since moved past its retry.
  const m = await waitFor(mgr, first.id, (x) => x.status === 'sent', 'delivery after configuration');
  assert.equal(m.attempts, 2);
});

test('after the 12-hour wait the sixth failure is final; staff put the message back and it goes', async () => {
  let mgr = await login(`mgr-${TOWN}`);
  const phone = '13800008003';
  failures.set(phone, Infinity);
  const queued = await messageTo(mgr, phone);
  const waits = [60, 300, 1800, 7200, 43200];
  let m = await waitFor(mgr, queued.id, (x) => x.attempts === 1, 'attempt 1');
  for (let i = 0; i < waits.length; i++) {
    const due = Date.parse(m.next_attempt_at);
    await setClock(due + 1e3);
    mgr = await login(`mgr-${TOWN}`); // sessions do not outlive 12 hours of test clock
    m = await waitFor(mgr, queued.id, (x) => x.attempts === i + 2, `attempt ${i + 2}`);
    if (i + 1 < waits.length) {
      const wait = Date.parse(m.next_attempt_at) - due;
      assert.ok(wait >= waits[i + 1] * 1e3 && wait <= waits[i + 1] * 1e3 + 8e3,
        `wait after failure ${i + 2}: ${wait} ms, expected ${waits[i + 1]} s`);
    }
  }
  assert.equal(m.status, 'failed');
  assert.equal(m.status_label, '发送失败');
  assert.equal(m.attempts, 6);
  assert.equal(m.next_attempt_at, null);
  assert.equal(requestsFor(phone).length, 6);
  const failed = await mgr.get('/api/v1/notifications?status=failed');
  assert.ok(failed.json.items.some((n) => n.id === m.id));

  // Nothing more happens by itself, even days later.
  await setClock(Date.parse(m.created_at) + 5 * 86400e3);
  await sleep(700);
  mgr = await login(`mgr-${TOWN}`);
  assert.equal((await message(mgr, m.id)).attempts, 6);

  const admin = await login('admin');
  failures.set(phone, 0);
  const retried = await mgr.post(`/api/v1/notifications/${m.id}/retry`, {});
  assert.equal(retried.status, 200, retried.text);
  const sent = await waitFor(mgr, m.id, (x) => x.status === 'sent', 'delivery after the retry');
  assert.equal(sent.attempts, 1, 'a fresh round of attempts');
  assertError(await mgr.post(`/api/v1/notifications/${m.id}/retry`, {}), 409, 'notification_already_sent');
  assertError(await admin.post('/api/v1/notifications/99999999/retry', {}), 404, 'notification_not_found');
});

test('staff of another town see none of these messages; village agents may not retry', async () => {
  const other = await login('mgr-610929100');
  const mine = await login(`mgr-${TOWN}`);
  const list = await mine.get('/api/v1/notifications?limit=1');
  const id = list.json.items[0].id;
  assertError(await other.get(`/api/v1/notifications/${id}`), 403, 'out_of_scope');
  assertError(await other.post(`/api/v1/notifications/${id}/retry`, {}), 403, 'out_of_scope');
  const theirs = await other.get('/api/v1/notifications?limit=1000');
  assert.ok(!theirs.json.items.some((n) => n.org_code === TOWN));
  const county = await login('supervisor');
  assert.equal((await county.get(`/api/v1/notifications/${id}`)).status, 200);
  const villages = await county.get(`/api/v1/orgs?level=village&parent=${TOWN}&limit=1`);
  const agent = await login(`agent-${villages.json.items[0].code}`);
  assertError(await agent.post(`/api/v1/notifications/${id}/retry`, {}), 403, 'forbidden');
});
