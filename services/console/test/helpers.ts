// Test fixtures of the console: a chDB store in its own directory, seeded rows, users with known tokens, the app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { fixedClock } from '@cur/shared/clock';
import { createLogger } from '@cur/shared/logger';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import type { Bus } from '@cur/shared/bus/bus';
import { buildConsoleApp, type ConsoleApp } from '../src/app';
import type { ConsoleOptions, ConsoleUser } from '../src/config';

export const now = new Date('2026-11-10T10:00:00.000Z');
export const iso = (offsetMin: number): string => new Date(now.getTime() + offsetMin * 60_000).toISOString();

export const tokens = {
  admin: 'admin-token-0123456789',
  curator: 'curator-token-0123456789',
  housing: 'housing-token-0123456789',
  roads: 'roads-token-0123456789',
  analyst: 'analyst-token-0123456789',
};

export const users: ConsoleUser[] = [
  { id: 'admin', name: 'Администратор', role: 'admin', token: tokens.admin },
  { id: 'kurator', name: 'Мария Куратор', role: 'curator', token: tokens.curator },
  { id: 'gkh', name: 'Исполнитель ЖКХ', role: 'executor', authority: 'housing_dept', token: tokens.housing },
  { id: 'dorogi', name: 'Исполнитель дорог', role: 'executor', authority: 'roads_dept', token: tokens.roads },
  { id: 'analitik', name: 'Аналитик', role: 'analyst', token: tokens.analyst },
];

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function openTestStore(prefix: string): Promise<{ store: Store; dir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = await openStore({ dataDir: dir });
  await migrate(store);
  return { store, dir, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

function incidentRow(id: string, o: Partial<Record<string, unknown>>): Record<string, unknown> {
  return {
    incident_id: `inc:${id}`, post_uid: id, region: 'lipetsk', topic: 'zhkh', location: 'lipetsk_city', importance: 'normal',
    authority: 'housing_dept', co_executors: [], status: 'routed', repeat_of_incident_id: '', detected_at: iso(-120), created_at: iso(-119),
    updated_at: iso(-100), url: `https://vk.com/wall-1_${id.split(':').pop()}`, text: 'Нет горячей воды. Когда дадут воду?', source: 'vk',
    author_id: 'vk_100', evidence: JSON.stringify([{ step: 'topic', value: 'zhkh', score: 0.92, matched: ['горячей воды'] }]), version: 2, ...o,
  };
}

function postRow(uid: string, publishedAt: string, o: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    uid, version: 0, platform: 'vk', source: 'vk', source_id: 'vk-main', region: 'lipetsk', kind: 'post', parent_uid: '',
    url: `https://vk.com/wall-1_${uid}`, author_id: 'vk_1', author_name: '', published_at: publishedAt, collected_at: publishedAt,
    text: 'сообщение', likes: 0, reposts: 0, comments: 0, views: 0, status: 'classified', reject_reason: '', topic: 'roads',
    location: 'lipetsk_city', importance: 'normal', abuse: 'none', is_spam: 0, needs_response: 1, repeat_of: '', authorities: ['roads_dept'],
    evidence: '[]', classified_at: publishedAt, ...o,
  };
}

function event(incidentId: string, eventId: string, type: string, atMin: number, o: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  return { event_id: eventId, incident_id: incidentId, region: 'lipetsk', type, at: iso(atMin), actor: 'router', authority: '', co_executors: [], importance: '', reason: '', text: '', ...o };
}

function fact(incidentId: string, stage: string, o: Partial<Record<string, unknown>>): Record<string, unknown> {
  return {
    fact_id: `${incidentId}:${stage}`, incident_id: incidentId, region: 'lipetsk', authority: 'housing_dept', stage, importance: 'normal',
    started_at: iso(-120), deadline_at: iso(60), done_at: null, status: 'open', overdue_working_minutes: 0, recorded_at: iso(-1), ...o,
  };
}

/** Four incidents in different phases, their events and clocks, and posts with a spike of road complaints in Yelets. */
export async function seed(store: Store): Promise<void> {
  await store.insert('incidents', [
    incidentRow('vk:1:1', { importance: 'critical', text: 'Весь дом без отопления, дети мёрзнут! Когда включат отопление?', detected_at: iso(-30) }),
    incidentRow('vk:1:2', { topic: 'roads', location: 'yelets_city', authority: 'roads_dept', status: 'draft_submitted', text: 'Яма на ул. Мира. Когда отремонтируют дорогу?', author_id: 'vk_200' }),
    incidentRow('vk:1:3', { importance: 'high', repeat_of_incident_id: 'inc:vk:1:1', co_executors: ['housing_inspection'], text: 'Опять нет воды. Почему управляющая компания молчит?' }),
    incidentRow('vk:1:4', { topic: 'health', authority: 'health_dept', status: 'closed', text: 'Спасибо поликлинике!' }),
  ]);
  await store.insert('posts', [
    postRow('vk:1:2', iso(-120), { author_name: 'Анна Петрова', text: 'Яма на ул. Мира. Когда отремонтируют дорогу?', location: 'yelets_city' }),
  ]);
  await store.insert('incident_events', [
    event('inc:vk:1:1', 'e1a', 'created', -30), event('inc:vk:1:1', 'e1b', 'routed', -29, { authority: 'housing_dept' }),
    event('inc:vk:1:2', 'e2a', 'created', -120), event('inc:vk:1:2', 'e2b', 'routed', -119, { authority: 'roads_dept' }),
    event('inc:vk:1:2', 'e2c', 'draft_submitted', -10, { actor: 'dorogi', text: 'Здравствуйте, Анна! Ремонт дороги на ул. Мира запланирован на май.' }),
    event('inc:vk:1:3', 'e3a', 'created', -120), event('inc:vk:1:3', 'e3b', 'routed', -119, { authority: 'housing_dept' }),
    event('inc:vk:1:4', 'e4a', 'created', -300), event('inc:vk:1:4', 'e4b', 'routed', -299, { authority: 'health_dept' }),
    event('inc:vk:1:4', 'e4c', 'draft_submitted', -200, { text: 'Здравствуйте! Спасибо за отзыв.' }), event('inc:vk:1:4', 'e4d', 'approved', -190),
    event('inc:vk:1:4', 'e4e', 'published', -180), event('inc:vk:1:4', 'e4f', 'closed', -170),
  ]);
  await store.insert('sla_facts', [
    fact('inc:vk:1:1', 'answer', { importance: 'critical', started_at: iso(-30), deadline_at: iso(210) }),
    fact('inc:vk:1:2', 'route', { authority: 'roads_dept', deadline_at: iso(-90), done_at: iso(-119), status: 'met' }),
    fact('inc:vk:1:2', 'review', { authority: 'roads_dept', started_at: iso(-10), deadline_at: iso(20) }),
    fact('inc:vk:1:3', 'draft', { deadline_at: iso(-60), status: 'breached', overdue_working_minutes: 60 }),
    fact('inc:vk:1:4', 'answer', { authority: 'health_dept', started_at: iso(-300), deadline_at: iso(100), done_at: iso(-180), status: 'met' }),
  ]);
  // Roads in Yelets: about one post an hour for a day, then 14 in the last hour.
  const posts: Record<string, unknown>[] = [];
  for (let h = 2; h <= 25; h += 1) if (h % 2 === 0) posts.push(postRow(`vk:9:b${h}`, iso(-h * 60 + 10), { location: 'yelets_city' }));
  for (let i = 0; i < 14; i += 1) posts.push(postRow(`vk:9:s${i}`, iso(-55 + i * 3), { location: 'yelets_city', text: `Дорогу на Мира размыло ${i}` }));
  for (let i = 0; i < 6; i += 1) posts.push(postRow(`vk:9:z${i}`, iso(-i * 200 - 5), { topic: 'zhkh', location: 'lipetsk_city', authorities: ['housing_dept'], importance: i === 0 ? 'critical' : 'normal' }));
  posts.push(postRow('vk:9:r1', iso(-15), { status: 'rejected', reject_reason: 'abuse', abuse: 'obscene', topic: 'other' }));
  await store.insert('posts', posts);
}

export function buildTestApp(store: Store, options: Partial<ConsoleOptions> = {}, bus: Bus = createMemoryBus()): { app: ConsoleApp; bus: Bus; clock: ReturnType<typeof fixedClock> } {
  const clock = fixedClock(now);
  const logger = createLogger({ name: 'console-test', level: process.env.CONSOLE_TEST_LOG ?? 'silent' });
  const app = buildConsoleApp({
    bus, store, logger, clock,
    config: { users, spelling: false, spikes: { checkIntervalSec: 0, minCount: 5, minRatio: 3, maxPValue: 0.001, windowMin: 60, baselineWindows: 24 }, ...options },
  });
  return { app, bus, clock };
}
