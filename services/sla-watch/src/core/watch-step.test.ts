import { describe, expect, it } from 'vitest';
import { IncidentEvent, type SlaFact } from '@cur/shared/contracts/index';
import { loadRegulations } from '../regulations';
import { applyIncidentEvent, judgeDueFact, lastByKey, withFactVersions, type IncidentMemory, type StepContext } from './watch-step';

const lipetsk = loadRegulations().get('lipetsk')!;
const ctx = (now: string): StepContext => ({ profile: lipetsk.profile, calendar: lipetsk.calendar, now: new Date(now), warningShare: 0.75 });
const event = (type: IncidentEvent['type'], at: string, extra: Partial<IncidentEvent> = {}): IncidentEvent =>
  IncidentEvent.parse({ schemaVersion: 1, eventId: `e:${type}`, incidentId: 'inc:1', region: 'lipetsk', type, at, ...extra });
const empty: IncidentMemory = { incidentId: 'inc:1', state: null, version: 0, open: [] };

describe('applyIncidentEvent', () => {
  it('opens clocks on creation and closes route on routing, carrying the memory forward', () => {
    const created = applyIncidentEvent(empty, event('created', '2026-11-24T10:00:00+03:00', { importance: 'normal' }), ctx('2026-11-24T07:00:00Z'));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.memory.version).toBe(1);
    expect(created.value.memory.open.map((f) => f.stage).sort()).toEqual(['answer', 'route']);
    expect(created.value.marks.length).toBe(2);
    const routed = applyIncidentEvent(created.value.memory, event('routed', '2026-11-24T10:20:00+03:00', { authority: 'housing_dept' }), ctx('2026-11-24T07:20:00Z'));
    expect(routed.ok).toBe(true);
    if (!routed.ok) return;
    expect(routed.value.closed).toBe(1);
    expect(routed.value.facts.find((f) => f.stage === 'route')).toMatchObject({ status: 'met', doneAt: '2026-11-24T07:20:00.000Z' });
    expect(routed.value.memory.open.some((f) => f.stage === 'route')).toBe(false);
    expect(routed.value.memory.state?.status).toBe('routed');
  });

  it('refuses an illegal event without touching the memory', () => {
    const result = applyIncidentEvent(empty, event('routed', '2026-11-24T10:20:00+03:00', { authority: 'housing_dept' }), ctx('2026-11-24T07:20:00Z'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('UNKNOWN_INCIDENT');
  });
});

describe('judgeDueFact', () => {
  const fact: SlaFact = {
    schemaVersion: 1, factId: 'f1', incidentId: 'inc:1', region: 'lipetsk', authority: 'housing_dept', stage: 'draft', importance: 'normal',
    startedAt: '2026-11-24T07:00:00.000Z', deadlineAt: '2026-11-24T11:00:00.000Z', doneAt: null, status: 'open', overdueWorkingMinutes: 0,
    recordedAt: '2026-11-24T07:00:00.000Z',
  };
  it('warns before the deadline, breaches after it, lets a window lapse', () => {
    expect(judgeDueFact({ ...fact, warnAt: new Date('2026-11-24T10:00:00Z') }, ctx('2026-11-24T10:30:00Z')).kind).toBe('warning');
    const breach = judgeDueFact(fact, ctx('2026-11-24T11:30:00Z'));
    expect(breach.kind).toBe('breach');
    if (breach.kind === 'breach') expect(breach.fact).toMatchObject({ status: 'breached', overdueWorkingMinutes: 30, doneAt: null });
    expect(judgeDueFact({ ...fact, stage: 'return' }, ctx('2026-11-24T11:30:00Z'))).toMatchObject({ kind: 'lapsed', fact: { status: 'met' } });
  });
});

describe('withFactVersions and lastByKey', () => {
  const base = { schemaVersion: 1 as const, incidentId: 'i', region: 'lipetsk' as const, authority: 'housing_dept' as const, importance: 'normal' as const,
    startedAt: '2026-11-24T07:00:00.000Z', deadlineAt: '2026-11-24T08:00:00.000Z', overdueWorkingMinutes: 0, recordedAt: '2026-11-24T07:00:00.000Z' };
  it('keeps running clocks with their marks and drops done ones', () => {
    const open = [{ ...base, factId: 'a', stage: 'route' as const, doneAt: null, status: 'open' as const, warnAt: new Date(0), isWarned: false }];
    const next = withFactVersions(open, [
      { ...base, factId: 'a', stage: 'route', doneAt: null, status: 'breached' },
      { ...base, factId: 'b', stage: 'answer', doneAt: null, status: 'open' },
    ], [{ factId: 'b', region: 'lipetsk', warnAt: new Date(5), isWarned: false, recordedAt: new Date(0) }]);
    expect(next.map((f) => [f.factId, f.status, f.warnAt?.getTime()])).toEqual([['a', 'breached', 0], ['b', 'open', 5]]);
    expect(withFactVersions(next, [{ ...base, factId: 'a', stage: 'route', doneAt: base.deadlineAt, status: 'breached' }], []).map((f) => f.factId)).toEqual(['b']);
  });
  it('keeps the last row per key', () => {
    expect(lastByKey([{ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'a', v: 3 }], (r) => r.k)).toEqual([{ k: 'b', v: 2 }, { k: 'a', v: 3 }]);
  });
});
