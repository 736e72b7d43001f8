import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { Alert, Incident, IncidentEvent, Topics } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';
import { listOutbox } from '../src/store/outbox';
import { buildTestApp, iso, openTestStore } from './helpers';

interface Received { headers: IncomingHttpHeaders; body: string; path: string }

describe('feed to an external incident system through the durable outbox', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let server: Server;
  let endpoint: string;
  const received: Received[] = [];
  let failuresLeft = 2;
  let statusWhenFailing = 500;

  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore('console-outbox-'));
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        received.push({ headers: req.headers, body, path: req.url ?? '' });
        if (failuresLeft > 0) { failuresLeft -= 1; res.writeHead(statusWhenFailing).end('try later'); return; }
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/incidents`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await cleanup();
  });

  const incident = Incident.parse({
    schemaVersion: 1, incidentId: 'inc:vk:5:1', postUid: 'vk:5:1', region: 'lipetsk', topic: 'zhkh', location: 'lipetsk_city', importance: 'critical',
    authority: 'housing_dept', detectedAt: iso(-5), createdAt: iso(-4), url: 'https://vk.com/wall-5_1', text: 'Нет отопления', source: 'vk', authorId: 'vk_5',
  });
  const waitUntil = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200; i += 1) { if (await check()) return; await new Promise((r) => setTimeout(r, 25)); }
    throw new Error('condition not met in time');
  };

  it('retries a failing endpoint with exponential backoff and one Idempotency-Key until it accepts', async () => {
    const options = { feedEndpoints: [endpoint], outboxBaseDelayMs: 1000, outboxMaxDelayMs: 60_000, outboxPollMs: 3_600_000 };
    const { app, bus, clock } = buildTestApp(store, options);
    await app.startBackground();
    await bus.publish(Topics.incidents, [{ key: incident.incidentId, value: incident }]);
    await waitUntil(async () => (await listOutbox(store, 'pending', 10)).length === 1);
    const dispatcher = app.context.dispatcher;

    expect(await dispatcher.runOnce()).toBe(1);
    let [entry] = await listOutbox(store, 'all', 10);
    expect(entry).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
    expect(entry?.nextAttemptAt).toBe(new Date(clock.now().getTime() + 1000).toISOString());
    expect(await dispatcher.runOnce()).toBe(0);

    clock.advanceMs(1000);
    expect(await dispatcher.runOnce()).toBe(1);
    [entry] = await listOutbox(store, 'all', 10);
    expect(entry).toMatchObject({ status: 'pending', attempts: 2 });
    expect(entry?.nextAttemptAt).toBe(new Date(clock.now().getTime() + 2000).toISOString());

    clock.advanceMs(1999);
    expect(await dispatcher.runOnce()).toBe(0);
    clock.advanceMs(1);
    expect(await dispatcher.runOnce()).toBe(1);
    [entry] = await listOutbox(store, 'all', 10);
    expect(entry).toMatchObject({ status: 'delivered', attempts: 3 });

    expect(received).toHaveLength(3);
    const keys = new Set(received.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect(received.every((r) => r.body === received[0]?.body)).toBe(true);
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ kind: 'incident', incident: { incidentId: 'inc:vk:5:1' } });
    expect(app.counters()).toMatchObject({ outbox_delivered: 1, outbox_failedAttempts: 2 });

    // A replayed message does not enqueue a second delivery.
    await bus.publish(Topics.incidents, [{ key: incident.incidentId, value: incident }]);
    await new Promise((r) => setTimeout(r, 200));
    expect(await listOutbox(store, 'all', 10)).toHaveLength(1);
    await app.stopBackground();
    await bus.close();
  });

  it('keeps a pending delivery across a restart and delivers it afterwards', async () => {
    failuresLeft = 1;
    received.length = 0;
    const options = { feedEndpoints: [endpoint], outboxBaseDelayMs: 1000, outboxPollMs: 3_600_000 };
    const first = buildTestApp(store, options, createMemoryBus());
    await first.app.startBackground();
    const event = IncidentEvent.parse({ schemaVersion: 1, eventId: 'ev-restart-1', incidentId: 'inc:vk:5:1', region: 'lipetsk', type: 'routed', at: iso(0), authority: 'housing_dept' });
    await first.bus.publish(Topics.incidentEvents, [{ key: event.incidentId, value: event }]);
    await waitUntil(async () => (await listOutbox(store, 'pending', 10)).length === 1);
    await first.app.context.dispatcher.runOnce();
    await first.app.stopBackground();
    await first.app.server.close();
    await first.bus.close();

    // A new process: nothing in memory, only the table.
    const second = buildTestApp(store, options, createMemoryBus());
    second.clock.advanceMs(1000);
    expect(await second.app.context.dispatcher.runOnce()).toBe(1);
    const delivered = (await listOutbox(store, 'delivered', 10)).find((e) => e.kind === 'incident_event');
    expect(delivered).toMatchObject({ attempts: 2 });
    expect(received.map((r) => JSON.parse(r.body).event.eventId)).toEqual(['ev-restart-1', 'ev-restart-1']);
    await second.bus.close();
  });

  it('keeps an entry the receiver refuses with 4xx as rejected, with the reason', async () => {
    failuresLeft = 1;
    statusWhenFailing = 422;
    const { app, bus } = buildTestApp(store, { alertWebhooks: [endpoint], outboxPollMs: 3_600_000 });
    await app.startBackground();
    const alert = Alert.parse({ schemaVersion: 1, alertId: 'critical:inc:vk:5:1', kind: 'critical_post', severity: 'critical', region: 'lipetsk', incidentId: 'inc:vk:5:1', at: iso(0), message: 'Критическое сообщение' });
    await bus.publish(Topics.alerts, [{ key: alert.alertId, value: alert }]);
    await waitUntil(async () => (await listOutbox(store, 'pending', 10)).length === 1);
    await app.context.dispatcher.runOnce();
    const rejected = await listOutbox(store, 'rejected', 10);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ kind: 'alert.critical_post', lastError: 'HTTP 422' });
    await app.stopBackground();
    await bus.close();
  });
});
