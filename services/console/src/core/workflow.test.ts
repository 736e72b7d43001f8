import { describe, expect, it } from 'vitest';
import { availableActions, canSee, checkAction, checkActor, phaseOf } from './workflow';

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
    expect(checkAction('reroute', curator, incident, h('created', 'routed', 'returned'), { authority: 'roads_dept' })).toEqual({ ok: true, eventType: 'rerouted', authority: 'roads_dept' });
  });

  it('lets a curator approve a draft under review', () => {
    expect(checkAction('approve', curator, incident, h('created', 'routed', 'draft_submitted'), {})).toEqual({ ok: true, eventType: 'approved', authority: 'housing_dept' });
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
  it('records a contribution in the co-executor\'s own name, and only a co-executor\'s', () => {
    expect(checkAction('contribute', co, incident, h('created', 'routed'), { text: 'справка' })).toEqual({ ok: true, eventType: 'contribution_submitted', authority: 'housing_inspection' });
    // The responsible body is not its own co-executor (the lifecycle would refuse the event).
    const own = checkAction('contribute', executor, incident, h('created', 'routed'), { text: 'справка' });
    expect(!own.ok && own.error.code).toBe('FORBIDDEN');
    const spoof = checkAction('contribute', co, { ...incident, coExecutors: ['housing_inspection', 'roads_dept'] }, h('created', 'routed'), { text: 'x', authority: 'roads_dept' });
    expect(!spoof.ok && spoof.error.code).toBe('FORBIDDEN');
    // An admin names the co-executor it sends for.
    expect(checkAction('contribute', { role: 'admin' }, incident, h('created', 'routed'), { text: 'x', authority: 'housing_inspection' })).toMatchObject({ ok: true, authority: 'housing_inspection' });
    expect(checkAction('contribute', { role: 'admin' }, incident, h('created', 'routed'), { text: 'x' })).toMatchObject({ ok: true, authority: 'housing_inspection' });
    const two = { ...incident, coExecutors: ['housing_inspection', 'roads_dept'] };
    const noName = checkAction('contribute', { role: 'admin' }, two, h('created', 'routed'), { text: 'x' });
    expect(!noName.ok && noName.error.code).toBe('MISSING_FIELD');
    const notCo = checkAction('contribute', { role: 'admin' }, incident, h('created', 'routed'), { text: 'x', authority: 'roads_dept' });
    expect(!notCo.ok && notCo.error.code).toBe('BAD_REQUEST');
  });
  it('takes an authority or co-executors only where the action uses them', () => {
    const draft = checkAction('draft', executor, incident, h('created', 'routed'), { text: 'x', authority: 'roads_dept' });
    expect(!draft.ok && draft.error.code).toBe('BAD_REQUEST');
    const co2 = checkAction('approve', curator, incident, h('created', 'routed', 'draft_submitted'), { coExecutors: ['roads_dept'] });
    expect(!co2.ok && co2.error.code).toBe('BAD_REQUEST');
    expect(checkAction('route', curator, incident, h('created'), { authority: 'roads_dept', coExecutors: ['health_dept'] })).toMatchObject({ ok: true, authority: 'roads_dept' });
  });
  it('decides who may act before anything about the phase', () => {
    expect(checkActor('close', { role: 'analyst' }, incident)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(checkActor('receive', other, incident)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(checkActor('receive', executor, incident)).toEqual({ ok: true });
  });
  it('offers contribute to the co-executor and to an admin of an incident with co-executors only', () => {
    expect(availableActions(co, incident, h('created', 'routed'))).toEqual(['contribute']);
    expect(availableActions(executor, incident, h('created', 'routed'))).not.toContain('contribute');
    expect(availableActions({ role: 'admin' }, incident, h('created', 'routed'))).toContain('contribute');
    expect(availableActions({ role: 'admin' }, { ...incident, coExecutors: [] }, h('created', 'routed'))).not.toContain('contribute');
  });
  it('requires a reason to return and to send for rework', () => {
    const r = checkAction('return', executor, incident, h('created', 'routed'), { reason: '  ' });
    expect(!r.ok && r.error.code).toBe('MISSING_FIELD');
    expect(checkAction('rework', curator, incident, h('created', 'routed', 'draft_submitted'), { reason: 'нет ответа на второй вопрос' }).ok).toBe(true);
  });
  it('publishes the final answer after an interim one', () => {
    const history = h('created', 'routed', 'interim_submitted', 'approved', 'published', 'draft_submitted', 'approved');
    expect(checkAction('publish', executor, incident, history, {})).toEqual({ ok: true, eventType: 'final_published', authority: 'housing_dept' });
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
