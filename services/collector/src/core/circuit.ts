// A circuit per source: after repeated failures it opens and the source rests, growing the rest each time.
export interface CircuitPolicy {
  /** Consecutive failed polls that open the circuit. */
  failureThreshold: number;
  /** First rest when it opens. */
  openMs: number;
  /** Longest rest. */
  maxOpenMs: number;
}

export interface CircuitState {
  status: 'closed' | 'open' | 'half_open';
  consecutiveFailures: number;
  /** How many times it has opened in a row (grows the rest). */
  openings: number;
  openUntilMs: number;
}

export const closedCircuit: CircuitState = { status: 'closed', consecutiveFailures: 0, openings: 0, openUntilMs: 0 };

/** Whether a poll may go out now; an open circuit past its rest lets one trial through (half open). */
export function circuitAllows(state: CircuitState, nowMs: number): { allowed: boolean; state: CircuitState } {
  if (state.status !== 'open') return { allowed: true, state };
  if (nowMs >= state.openUntilMs) return { allowed: true, state: { ...state, status: 'half_open' } };
  return { allowed: false, state };
}

export function circuitSuccess(): CircuitState {
  return closedCircuit;
}

export function circuitFailure(state: CircuitState, policy: CircuitPolicy, nowMs: number): CircuitState {
  const failures = state.consecutiveFailures + 1;
  // A failed trial re-opens at once; otherwise open at the threshold.
  if (state.status === 'half_open' || failures >= policy.failureThreshold) {
    const openings = state.openings + 1;
    const rest = Math.min(policy.maxOpenMs, policy.openMs * 2 ** (openings - 1));
    return { status: 'open', consecutiveFailures: failures, openings, openUntilMs: nowMs + rest };
  }
  return { ...state, consecutiveFailures: failures };
}
