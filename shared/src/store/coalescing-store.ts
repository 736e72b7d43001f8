// Group commit for a store that runs one statement at a time (chDB: one session per process).
//
// Every call goes through one queue and runs one at a time (chDB would serialise them anyway). While a statement
// runs, INSERTs into the same table pile up; when the store is free again they go out as ONE INSERT (each caller's
// rows kept together, in the order the callers asked). An INSERT costs a round trip and a new data part however
// few its rows, so six partitions of three services writing their batches at once cost one INSERT per table
// instead of one per caller.
//
// Semantics kept: each caller's promise settles only when ITS rows are written (commit-after-write holds); a
// failed merged INSERT is retried caller by caller, so one caller's bad rows fail only that caller; a caller's own
// calls run in the order it awaits them. Queries and commands are not merged; they run in arrival order, each
// after the statements queued before it.
import type { Store } from './clickhouse';
import { encodeRows, joinEncodedRows } from './encode-rows';

export interface CoalescingOptions {
  /** Rows merged into one INSERT at most (one caller's rows are never split; default 50,000). */
  maxRows?: number;
}

/**
 * One caller's rows: encoded at the call (`encoded`) when the store takes encoded rows, while the store may still be
 * busy, and the row objects are not kept until the statement runs; otherwise the rows themselves.
 */
interface InsertCall { count: number; rows?: readonly object[]; encoded?: Buffer; resolve: () => void; reject: (error: unknown) => void }
/** The rows of these callers together. */
const rowCountOf = (calls: readonly InsertCall[]): number => calls.reduce((n, c) => n + c.count, 0);
type Op =
  | { kind: 'insert'; table: string; calls: InsertCall[] }
  | { kind: 'other'; label: string; run: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

export interface CoalescingStats {
  /** INSERT calls asked for, and INSERT statements sent. */
  insertCalls: number;
  insertStatements: number;
  /** Time the store was busy, by statement ("insert:table", "query:table", "command"): count, ms, rows inserted. */
  busy: Record<string, { statements: number; ms: number; rows: number }>;
}

const labelOf = (sql: string): string => `query:${/FROM\s+(\w+)/i.exec(sql)?.[1] ?? '?'}`;

/** Wraps a store: one statement at a time, concurrent INSERTs into one table merged. */
export function coalescingStore(inner: Store, options: CoalescingOptions = {}): Store & { coalescing: CoalescingStats } {
  const maxRows = options.maxRows ?? 50_000;
  const queue: Op[] = [];
  let running = false;
  const stats: CoalescingStats = { insertCalls: 0, insertStatements: 0, busy: {} };
  async function timed<T>(label: string, rows: number, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      const entry = (stats.busy[label] ??= { statements: 0, ms: 0, rows: 0 });
      entry.statements += 1;
      entry.ms += performance.now() - start;
      entry.rows += rows;
    }
  }

  const insertEncoded = inner.insertEncoded?.bind(inner);
  /** One statement for these callers' rows: their encoded rows joined, or their rows. */
  const insertOf = (table: string, calls: readonly InsertCall[]): Promise<void> => {
    if (insertEncoded) return insertEncoded(table, joinEncodedRows(calls.map((c) => c.encoded!)));
    return inner.insert(table, calls.length === 1 ? calls[0]!.rows! : calls.flatMap((c) => c.rows!));
  };

  async function runInsert(table: string, calls: InsertCall[]): Promise<void> {
    const rowCount = rowCountOf(calls);
    stats.insertStatements += 1;
    try {
      await timed(`insert:${table}`, rowCount, () => insertOf(table, calls));
      for (const call of calls) call.resolve();
      return;
    } catch (error) {
      if (calls.length === 1) {
        calls[0]!.reject(error);
        return;
      }
    }
    // Whose rows failed? Each caller on its own, so the others are not failed by someone else's rows.
    for (const call of calls) {
      stats.insertStatements += 1;
      try {
        await timed(`insert:${table}`, call.count, () => insertOf(table, [call]));
        call.resolve();
      } catch (error) {
        call.reject(error);
      }
    }
  }

  /** Takes the head of the queue; an INSERT also takes every queued INSERT into its table (up to maxRows). */
  function takeNext(): Op {
    const head = queue.shift()!;
    if (head.kind !== 'insert') return head;
    let rows = rowCountOf(head.calls);
    for (let i = 0; i < queue.length && rows < maxRows; ) {
      const op = queue[i]!;
      if (op.kind === 'insert' && op.table === head.table) {
        const n = rowCountOf(op.calls);
        if (rows + n > maxRows) break;
        head.calls.push(...op.calls);
        rows += n;
        queue.splice(i, 1);
      } else {
        i++;
      }
    }
    return head;
  }

  async function pump(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (queue.length > 0) {
        const op = takeNext();
        if (op.kind === 'insert') {
          await runInsert(op.table, op.calls);
        } else {
          try {
            op.resolve(await timed(op.label, 0, op.run));
          } catch (error) {
            op.reject(error);
          }
        }
      }
    } finally {
      running = false;
    }
  }

  function enqueue(op: Op): void {
    queue.push(op);
    void pump();
  }

  function other<T>(label: string, run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      enqueue({ kind: 'other', label, run, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  return {
    kind: inner.kind,
    client: inner.client,
    coalescing: stats,
    insert(table, rows) {
      if (rows.length === 0) return Promise.resolve();
      stats.insertCalls += 1;
      return new Promise<void>((resolve, reject) => {
        // A row that cannot be encoded fails this call alone, at once.
        const call: InsertCall = insertEncoded ? { count: rows.length, encoded: encodeRows(rows), resolve, reject } : { count: rows.length, rows, resolve, reject };
        // Joins an INSERT into the same table still waiting in the queue, if any.
        const waiting = queue.find((op): op is Extract<Op, { kind: 'insert' }> =>
          op.kind === 'insert' && op.table === table && rowCountOf(op.calls) + rows.length <= maxRows);
        if (waiting) waiting.calls.push(call);
        else enqueue({ kind: 'insert', table, calls: [call] });
      });
    },
    query: <T>(sql: string, params?: Record<string, unknown>) => other(labelOf(sql), () => inner.query<T>(sql, params)),
    command: (sql, params) => other('command', () => inner.command(sql, params)),
    close: () => inner.close(),
  };
}
