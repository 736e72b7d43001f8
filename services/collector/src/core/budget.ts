// Daily call budgets (VK per-method caps, YouTube quota units) paced over the day, so the cap is not spent by noon.
const dayMs = 86_400_000;

export interface DailyBudget {
  /** Calls (or quota units) the platform allows per day. */
  cap: number;
  /** Share of the cap never planned for (kept for retries and manual use). */
  reserveFraction: number;
  /** Calls that may be spent ahead of the even pace (lets a fresh start poll everything once). */
  burst: number;
  /** Where the platform's day starts, as minutes east of UTC (Moscow = 180, Pacific = -480). */
  resetOffsetMin: number;
}

export interface BudgetState {
  /** Start of the day the counter belongs to, epoch ms. */
  dayStartMs: number;
  spent: number;
}

/** Epoch ms at which the budget day containing `nowMs` began. */
export function budgetDayStart(nowMs: number, resetOffsetMin: number): number {
  const shift = resetOffsetMin * 60_000;
  return Math.floor((nowMs + shift) / dayMs) * dayMs - shift;
}

export function nextBudgetDay(nowMs: number, resetOffsetMin: number): number {
  return budgetDayStart(nowMs, resetOffsetMin) + dayMs;
}

/** The calls we plan to use in a day: the cap minus the reserve. */
export function usableCalls(budget: DailyBudget): number {
  return Math.max(0, Math.floor(budget.cap * (1 - budget.reserveFraction)));
}

/** The state as of `nowMs`: a new day starts from zero. */
export function rollBudget(state: BudgetState | null, budget: DailyBudget, nowMs: number): BudgetState {
  const dayStartMs = budgetDayStart(nowMs, budget.resetOffsetMin);
  if (!state || state.dayStartMs !== dayStartMs) return { dayStartMs, spent: 0 };
  return state;
}

/** Calls allowed so far today under the even pace: burst + usable × elapsed share of the day, at most usable. */
export function pacedAllowance(budget: DailyBudget, nowMs: number): number {
  const usable = usableCalls(budget);
  const elapsed = (nowMs - budgetDayStart(nowMs, budget.resetOffsetMin)) / dayMs;
  return Math.min(usable, budget.burst + usable * elapsed);
}

export type SpendDecision = { ok: true; state: BudgetState } | { ok: false; retryAtMs: number; reason: 'paced' | 'exhausted' };

/** Whether `units` more may be spent now; if yes, the state after spending them. */
export function trySpend(budget: DailyBudget, previous: BudgetState | null, nowMs: number, units = 1): SpendDecision {
  const state = rollBudget(previous, budget, nowMs);
  const usable = usableCalls(budget);
  const needed = state.spent + units;
  if (needed > usable) return { ok: false, retryAtMs: nextBudgetDay(nowMs, budget.resetOffsetMin), reason: 'exhausted' };
  if (needed <= pacedAllowance(budget, nowMs)) return { ok: true, state: { ...state, spent: needed } };
  // The moment the even pace reaches `needed`: burst + usable × t / day = needed.
  const t = usable > 0 ? ((needed - budget.burst) / usable) * dayMs : dayMs;
  return { ok: false, retryAtMs: Math.ceil(state.dayStartMs + t), reason: 'paced' };
}

/** What is left of the usable calls today. */
export function remainingCalls(budget: DailyBudget, state: BudgetState | null, nowMs: number): number {
  return Math.max(0, usableCalls(budget) - rollBudget(state, budget, nowMs).spent);
}

/**
 * The shortest poll interval that keeps `sources` sources, each spending `callsPerPoll`, inside the usable
 * daily calls: the budget is shared evenly over the sources and over the day.
 */
export function minIntervalSec(budget: DailyBudget, sources: number, callsPerPoll: number): number {
  const usable = usableCalls(budget);
  if (usable <= 0) return Number.POSITIVE_INFINITY;
  return Math.ceil((86_400 * Math.max(1, sources) * Math.max(1, callsPerPoll)) / usable);
}
