import { describe, expect, it } from 'vitest';
import { circuitAllows, circuitFailure, circuitSuccess, closedCircuit, type CircuitPolicy } from './circuit';

const policy: CircuitPolicy = { failureThreshold: 3, openMs: 60_000, maxOpenMs: 200_000 };

describe('circuit per source', () => {
  it('opens after the threshold of consecutive failures and rests', () => {
    let s = closedCircuit;
    s = circuitFailure(s, policy, 0);
    s = circuitFailure(s, policy, 0);
    expect(s.status).toBe('closed');
    s = circuitFailure(s, policy, 1000);
    expect(s).toMatchObject({ status: 'open', openUntilMs: 61_000 });
    expect(circuitAllows(s, 60_000).allowed).toBe(false);
  });

  it('lets one trial through after the rest; a failed trial doubles the rest up to the maximum', () => {
    let s = circuitFailure(circuitFailure(circuitFailure(closedCircuit, policy, 0), policy, 0), policy, 0);
    const trial = circuitAllows(s, 60_000);
    expect(trial).toMatchObject({ allowed: true, state: { status: 'half_open' } });
    s = circuitFailure(trial.state, policy, 60_000);
    expect(s).toMatchObject({ status: 'open', openings: 2, openUntilMs: 180_000 });
    s = circuitFailure(circuitAllows(s, 180_000).state, policy, 180_000);
    expect(s.openUntilMs).toBe(380_000);
  });

  it('closes on success', () => {
    expect(circuitSuccess()).toEqual(closedCircuit);
  });
});
