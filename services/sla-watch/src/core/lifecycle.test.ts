import { describe, expect, it } from 'vitest';
import { IncidentEvent, type IncidentEventType, type RegionCode } from '@cur/shared/contracts/index';
import { loadRegulations } from '../regulations';
import { planClocks, type OpenClock } from './clock-plan';
import { applyEvent, canApply, foldEvents, type IncidentState } from './lifecycle';

const regulations = loadRegulations();
const profileOf = (region: RegionCode) => regulations.get(region)!.profile;

let seq = 0;
const ev = (type: IncidentEventType, extra: Partial<IncidentEvent> = {}, region: RegionCode = 'lipetsk'): IncidentEvent => IncidentEvent.parse({
  schemaVersion: 1, eventId: `e${++seq}`, incidentId: 'inc:vk:1:1', region, type, at: `2026-11-24T10:${String(seq % 60).padStart(2, '0')}:00+03:00`, ...extra,
});

/** Runs events through lifecycle + clock plan, keeping the open clocks like the watcher does; returns a log. */
function run(region: RegionCode, events: IncidentEvent[]) {
  const profile = profileOf(region);
  let state: IncidentState | null = null;
  let open: OpenClock[] = [];
  const log: { type: string; status: string; opened: string[]; closed: string[] }[] = [];
  for (const event of events) {
    const t = applyEvent(state, event, profile);
    if (!t.ok) throw new Error(t.error.message);
    const plan = planClocks(open, t.value, event, profile);
    const closedIds = new Set(plan.close.map((c) => c.clock.factId));
    open = [...open.filter((c) => !closedIds.has(c.factId)), ...plan.open];
    state = t.value.state;
    log.push({
      type: event.type,
      status: state.status,
      opened: plan.open.map((c) => (c.stage === 'contribution' ? `contribution:${c.authority}` : c.stage)).sort(),
      closed: plan.close.map((c) => `${c.clock.stage}${c.isJudged ? '' : '(unused)'}`).sort(),
    });
  }
  return { log, open, state };
}

describe('lifecycle: the happy path in Lipetsk', () => {
  it('opens and closes the stage clocks as the table in lifecycle.ts says', () => {
    const { log, open } = run('lipetsk', [
      ev('created', { importance: 'normal' }),
      ev('routed', { authority: 'housing_dept', coExecutors: ['roads_dept'] }),
      ev('draft_submitted', { authority: 'housing_dept' }),
      ev('rework_requested', { reason: 'no greeting' }),
      ev('draft_submitted'),
      ev('approved'),
      ev('contribution_submitted', { authority: 'roads_dept' }),
      ev('published'),
      ev('closed'),
    ]);
    expect(log).toEqual([
      { type: 'created', status: 'created', opened: ['answer', 'route'], closed: [] },
      { type: 'routed', status: 'routed', opened: ['contribution:roads_dept', 'draft', 'return'], closed: ['route'] },
      { type: 'draft_submitted', status: 'in_review', opened: ['review'], closed: ['draft', 'return(unused)'] },
      { type: 'rework_requested', status: 'rework', opened: ['rework'], closed: ['review'] },
      { type: 'draft_submitted', status: 'in_review', opened: ['review'], closed: ['rework'] },
      // Lipetsk: publication is within the review term, so approval does not stop the review clock.
      { type: 'approved', status: 'approved', opened: [], closed: [] },
      { type: 'contribution_submitted', status: 'approved', opened: [], closed: ['contribution'] },
      { type: 'published', status: 'answered', opened: [], closed: ['answer', 'review'] },
      { type: 'closed', status: 'closed', opened: [], closed: [] },
    ]);
    expect(open).toEqual([]);
  });
});

describe('lifecycle: Kuzbass return, re-route, interim and final', () => {
  it('follows return → reroute → interim → final', () => {
    const { log, state } = run('kuzbass', [
      ev('created', { importance: 'high' }, 'kuzbass'),
      ev('routed', { authority: 'health_dept' }, 'kuzbass'),
      ev('returned', { reason: 'не наша компетенция' }, 'kuzbass'),
      ev('rerouted', { authority: 'social_dept' }, 'kuzbass'),
      ev('interim_submitted', {}, 'kuzbass'),
      ev('approved', {}, 'kuzbass'),
      ev('published', {}, 'kuzbass'),
      ev('draft_submitted', {}, 'kuzbass'),
      ev('approved', {}, 'kuzbass'),
      ev('final_published', {}, 'kuzbass'),
    ]);
    expect(log.map((l) => [l.type, l.status, l.opened.join(','), l.closed.join(',')])).toEqual([
      ['created', 'created', 'answer,draft,route', ''],
      ['routed', 'routed', 'return', 'route'],
      ['returned', 'returned', 'reroute', 'return'],
      ['rerouted', 'routed', 'return', 'reroute'],
      ['interim_submitted', 'in_review', 'review', 'draft,return(unused)'],
      ['approved', 'approved', 'publish', 'review'],
      ['published', 'awaiting_final', 'final', 'answer,publish'],
      ['draft_submitted', 'in_review', 'review', ''],
      ['approved', 'approved', 'publish', 'review'],
      ['final_published', 'answered', '', 'final,publish'],
    ]);
    expect(state?.authority).toBe('social_dept');
  });

  it('moves the open answer clock to the new body on re-route', () => {
    const profile = profileOf('kuzbass');
    const created = ev('created', {}, 'kuzbass');
    const t1 = applyEvent(null, created, profile);
    if (!t1.ok) throw new Error('created');
    const opened = planClocks([], t1.value, created, profile).open;
    const routed = ev('routed', { authority: 'roads_dept' }, 'kuzbass');
    const t2 = applyEvent(t1.value.state, routed, profile);
    if (!t2.ok) throw new Error('routed');
    const plan = planClocks(opened, t2.value, routed, profile);
    expect(plan.update.map((u) => [u.clock.stage, u.clock.authority]).sort()).toEqual([['answer', 'roads_dept'], ['draft', 'roads_dept']]);
    expect(plan.close[0]?.clock.authority).toBe('roads_dept');
  });
});

describe('lifecycle: illegal transitions are error values with a clear message', () => {
  const profile = profileOf('lipetsk');
  const cases: [string, IncidentEventType[], IncidentEvent, string][] = [
    ['publish before approval', ['created', 'routed', 'draft_submitted'], ev('published'), 'ILLEGAL_TRANSITION'],
    ['approve without a draft', ['created', 'routed'], ev('approved'), 'ILLEGAL_TRANSITION'],
    ['an event for an unknown incident', [], ev('routed', { authority: 'roads_dept' }), 'UNKNOWN_INCIDENT'],
    ['created twice', ['created'], ev('created'), 'ALREADY_CREATED'],
    ['a return without a reason', ['created', 'routed'], ev('returned'), 'MISSING_REASON'],
    ['routing without an authority', ['created'], ev('routed'), 'MISSING_AUTHORITY'],
    ['a contribution from a body that is not a co-executor', ['created', 'routed'], ev('contribution_submitted', { authority: 'vet_dept' }), 'NOT_A_CO_EXECUTOR'],
    ['anything after closing', ['created', 'closed'], ev('draft_submitted'), 'ILLEGAL_TRANSITION'],
    ['final_published without an interim answer', ['created', 'routed', 'draft_submitted', 'approved'], ev('final_published'), 'ILLEGAL_TRANSITION'],
  ];
  it.each(cases)('%s', (_name, history, event, code) => {
    const past = history.map((type) => ev(type, {
      authority: type === 'routed' ? 'housing_dept' : null, coExecutors: type === 'routed' ? ['roads_dept'] : [],
    }));
    const folded = foldEvents(past, profile);
    if (!folded.ok) throw new Error(folded.error.message);
    const r = applyEvent(folded.value, event, profile);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.retriable).toBe(false);
      expect(r.error.message.length).toBeGreaterThan(20);
    }
  });

  it('names the status and the allowed ones', () => {
    const folded = foldEvents([ev('created'), ev('routed', { authority: 'roads_dept' })], profile);
    const r = applyEvent(folded.ok ? folded.value : null, ev('approved'), profile);
    expect(!r.ok && r.error.message).toMatch(/approved is not allowed when incident inc:vk:1:1 is routed \(allowed in: in_review\)/);
  });

  it('answers the console\'s question without state beyond the status', () => {
    expect(canApply('in_review', 'approved')).toBe(true);
    expect(canApply('routed', 'approved')).toBe(false);
    expect(canApply(null, 'created')).toBe(true);
    expect(canApply('closed', 'importance_changed')).toBe(false);
    expect(canApply('closed', 'reclassified')).toBe(true); // a closed incident's topic may still be corrected
    expect(canApply(null, 'reclassified')).toBe(false);
  });

  it('reclassified keeps the status and the clocks, and remembers the corrected topic and place', () => {
    const folded = foldEvents([ev('created'), ev('routed', { authority: 'roads_dept' }), ev('closed')], profile);
    if (!folded.ok || !folded.value) throw new Error('fold');
    expect(folded.value).toMatchObject({ topic: null, location: null });
    const r = applyEvent(folded.value, ev('reclassified', { topic: 'roads', location: 'gryazinsky' }), profile);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.state).toMatchObject({ status: 'closed', topic: 'roads', location: 'gryazinsky' });
    expect(r.value).toMatchObject({ triggers: [], isClosing: false, newAuthority: null, newImportance: null });
    const placeOnly = applyEvent(r.value.state, ev('reclassified', { location: 'lipetsk_city' }), profile);
    expect(placeOnly.ok && placeOnly.value.state).toMatchObject({ topic: 'roads', location: 'lipetsk_city' });
  });
});

describe('lifecycle: Omsk and Udmurtia specifics', () => {
  it('Omsk has no answer clock; publication follows review', () => {
    const { log } = run('omsk', [
      ev('created', {}, 'omsk'), ev('routed', { authority: 'roads_dept' }, 'omsk'), ev('clarification_requested', {}, 'omsk'),
      ev('approved', {}, 'omsk'), ev('published', {}, 'omsk'),
    ]);
    expect(log.map((l) => l.opened.join(','))).toEqual(['route', 'draft,return', 'review', '', 'final']);
    expect(log[4]?.status).toBe('awaiting_final');
  });

  it('Udmurtia opens one contribution clock per co-executor', () => {
    const { log } = run('udmurtia', [
      ev('created', {}, 'udmurtia'), ev('routed', { authority: 'roads_dept', coExecutors: ['ecology_dept', 'vet_dept'] }, 'udmurtia'),
      ev('contribution_submitted', { authority: 'vet_dept' }, 'udmurtia'),
    ]);
    expect(log[1]?.opened).toEqual(['contribution:ecology_dept', 'contribution:vet_dept', 'return']);
    expect(log[2]?.closed).toEqual(['contribution']);
  });

  it('importance_changed moves open clocks to the new importance', () => {
    const profile = profileOf('kuzbass');
    const created = ev('created', { importance: 'normal' }, 'kuzbass');
    const t1 = applyEvent(null, created, profile);
    if (!t1.ok) throw new Error('created');
    const opened = planClocks([], t1.value, created, profile).open;
    const change = ev('importance_changed', { importance: 'critical' }, 'kuzbass');
    const t2 = applyEvent(t1.value.state, change, profile);
    if (!t2.ok) throw new Error('change');
    const plan = planClocks(opened, t2.value, change, profile);
    expect(plan.update.filter((u) => u.isImportanceChanged).map((u) => u.clock.stage).sort()).toEqual(['answer', 'draft', 'route']);
  });
});
