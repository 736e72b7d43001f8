import { describe, expect, it } from 'vitest';
import { availableActions, canSee, checkAction, phaseOf } from './workflow';

const incident = { authority: 'housing_dept', coExecutors: ['housing_inspection'] };
const curator = { role: 'curator' as const };
const executor = { role: 'executor' as const, authority: 'housing_dept' as const };
const other = { role: 'executor' as const, authority: 'roads_dept' as const };
const co = { role: 'executor' as const, authority: 'housing_inspection' as const };
const h = (...types: string[]) => types.map((type, i) => ({ type, at: `2026-11-03T10:0${i}:00Z` }));

describe('phaseOf', () => {
  it('follows route, draft, approve and publish', () => {
    expect(phaseOf(h('created')).phase).toBe('created');
    expect(phaseOf(h('created', 'routed')).phase).toBe('routed');
    expect(phaseOf(h('created', 'routed', 'draft_submitted')).phase).toBe('in_review');
    expect(phaseOf(h('created', 'routed', 'draft_submitted', 'approved', 'published')).phase).toBe('answered');
  });
  it('tells an interim publication from a final one', () => {
    const r = phaseOf(h('created', 'routed', 'interim_submitted', 'approved', 'published'));
    expect(r).toMatchObject({ phase: 'awaiting_final', hasInterim: true });
  });
});

describe('phaseOf without stored events', () => {
  it('falls back to the status column of the incident row', () => {
    expect(phaseOf([], 'in_review').phase).toBe('in_review');
    expect(phaseOf([], 'not-a-status').phase).toBe('created');
  });
});

describe('checkAction', () => {
  it('routes a new incident but re-routes a returned one', () => {
    expect(checkAction('route', curator, incident, h('created'), { authority: 'roads_dept' }).ok).toBe(true);
    const r = checkAction('route', curator, incident, h('created', 'routed', 'returned'), { authority: 'roads_dept' });
    expect(!r.ok && r.error.code).toBe('INVALID_TRANSITION');
    expect(checkAction('reroute', curator, incident, h('created', 'routed', 'returned'), { authority: 'roads_dept' })).toEqual({ ok: true, eventType: 'rerouted' });
  });

  it('lets a curator approve a draft under review', () => {
    expect(checkAction('approve', curator, incident, h('created', 'routed', 'draft_submitted'), {})).toEqual({ ok: true, eventType: 'approved' });
  });
  it('refuses to approve when nothing is under review', () => {
    const r = checkAction('approve', curator, incident, h('created', 'routed'), {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INVALID_TRANSITION');
  });
  it('does not let an executor approve', () => {
    const r = checkAction('approve', executor, incident, h('created', 'routed', 'draft_submitted'), {});
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
  });
  it('keeps an executor of another body out', () => {
    const r = checkAction('draft', other, incident, h('created', 'routed'), { text: 'x' });
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
  });
  it('lets a co-executor contribute but not draft', () => {
    expect(checkAction('contribute', co, incident, h('created', 'routed'), { text: 'справка' }).ok).toBe(true);
    expect(checkAction('draft', co, incident, h('created', 'routed'), { text: 'x' }).ok).toBe(false);
  });
  it('requires a reason to return and to send for rework', () => {
    const r = checkAction('return', executor, incident, h('created', 'routed'), { reason: '  ' });
    expect(!r.ok && r.error.code).toBe('MISSING_FIELD');
    expect(checkAction('rework', curator, incident, h('created', 'routed', 'draft_submitted'), { reason: 'нет ответа на второй вопрос' }).ok).toBe(true);
  });
  it('publishes the final answer after an interim one', () => {
    const history = h('created', 'routed', 'interim_submitted', 'approved', 'published', 'draft_submitted', 'approved');
    expect(checkAction('publish', executor, incident, history, {})).toEqual({ ok: true, eventType: 'final_published' });
  });
  it('allows nothing after closing', () => {
    expect(availableActions(curator, incident, h('created', 'routed', 'closed'))).toEqual([]);
  });
});

describe('canSee', () => {
  it('shows executors their own and co-executed incidents only', () => {
    expect(canSee(executor, incident)).toBe(true);
    expect(canSee(co, incident)).toBe(true);
    expect(canSee(other, incident)).toBe(false);
    expect(canSee({ role: 'analyst' }, incident)).toBe(true);
  });
});
