// The rows of a fact write: each fact's newest version, with the warning state of its clock.
import { describe, expect, it } from 'vitest';
import type { SlaFact } from '@cur/shared/contracts/index';
import type { StoredFact, WarningMark } from '../core/watch-step';
import { factRows } from './sla-facts';

const fact = (factId: string, extra: Partial<SlaFact> = {}): SlaFact => ({
  schemaVersion: 1, factId, incidentId: 'inc:1', region: 'lipetsk', authority: 'housing_dept', stage: 'answer', importance: 'normal',
  startedAt: '2026-11-24T07:00:00.000Z', deadlineAt: '2026-11-26T07:00:00.000Z', doneAt: null, status: 'open',
  overdueWorkingMinutes: 0, recordedAt: '2026-11-24T07:00:00.000Z', ...extra,
});
const mark = (factId: string, warnAt: string, isWarned: boolean, recordedAt: string): WarningMark => ({
  factId, region: 'lipetsk', warnAt: new Date(warnAt), isWarned, recordedAt: new Date(recordedAt),
});
const stored = (f: SlaFact, warnAt: string | null, isWarned: boolean): StoredFact => ({ ...f, warnAt: warnAt ? new Date(warnAt) : null, isWarned });

describe('factRows', () => {
  it('writes a new clock with the warning instant of its mark', () => {
    const [row] = factRows([fact('a')], [mark('a', '2026-11-25T13:00:00Z', false, '2026-11-24T07:00:00Z')], new Map());
    expect(row).toMatchObject({ fact_id: 'a', status: 'open', warn_at: '2026-11-25T13:00:00.000Z', warned: 0, recorded_at: '2026-11-24T07:00:00.000Z' });
  });

  it('keeps the known warning state of a running clock written without a mark (a breach, a moved clock)', () => {
    const known = new Map([['a', stored(fact('a'), '2026-11-25T13:00:00Z', true)]]);
    const [row] = factRows([fact('a', { status: 'breached', overdueWorkingMinutes: 30, recordedAt: '2026-11-26T07:30:00.000Z' })], [], known);
    expect(row).toMatchObject({ status: 'breached', warn_at: '2026-11-25T13:00:00.000Z', warned: 1 });
  });

  it('turns a mark alone (a warning sent) into a version of the known fact, recorded at the mark', () => {
    const known = new Map([['a', stored(fact('a'), '2026-11-25T13:00:00Z', false)]]);
    const rows = factRows([], [mark('a', '2026-11-25T13:00:00Z', true, '2026-11-25T13:00:01Z')], known);
    expect(rows).toEqual([expect.objectContaining({ fact_id: 'a', status: 'open', deadline_at: '2026-11-26T07:00:00.000Z', warned: 1, recorded_at: '2026-11-25T13:00:01.000Z' })]);
    expect(factRows([], [mark('b', '2026-11-25T13:00:00Z', true, '2026-11-25T13:00:01Z')], known)).toEqual([]); // nothing known: nothing to version
  });

  it('gives a clock that is done no warning, and writes only the newest version of each fact', () => {
    const opened = fact('a');
    const closed = fact('a', { status: 'met', doneAt: '2026-11-24T07:20:00.000Z', recordedAt: '2026-11-24T07:20:00.000Z' });
    const rows = factRows([opened, closed], [mark('a', '2026-11-25T13:00:00Z', false, '2026-11-24T07:00:00Z')], new Map());
    expect(rows).toEqual([expect.objectContaining({ fact_id: 'a', status: 'met', warn_at: null, warned: 0 })]);
  });

  it('writes a window (no warning instant) with none', () => {
    const [row] = factRows([fact('w', { stage: 'return' })], [], new Map());
    expect(row).toMatchObject({ warn_at: null, warned: 0 });
  });
});
