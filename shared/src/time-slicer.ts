// Long synchronous loops starve the event loop: with chDB the store runs one statement at a time and starts the
// next one only when the JS thread gets back to its completion, so a 50 ms classification loop leaves the store
// idle for up to 50 ms. A loop over a batch asks `due()` after each item and awaits `pause()` when its slice is
// used up; other partitions' batches and the store's completions run in between.
//
// Paused loops take turns: one of them resumes per turn of the event loop. Were each resumed by its own
// setImmediate, every paused loop (six partitions of three services) would run its slice in the same check phase,
// one after the other, and I/O completions would wait for all of those slices instead of one.

export interface TimeSlicer {
  /** True once `sliceMs` of work has passed since the last pause (or since the slicer was made). */
  due(): boolean;
  /** Waits for its turn (one paused loop resumes per turn of the event loop, after its I/O), then starts a new slice. */
  pause(): Promise<void>;
}

/** Paused loops in the order they paused, and whether a turn is scheduled. */
const waiting: Array<() => void> = [];
let isTurnScheduled = false;

function nextTurn(): void {
  isTurnScheduled = false;
  const resume = waiting.shift();
  // Scheduled from inside the check phase, the next immediate runs in the next turn, after that turn's I/O.
  if (waiting.length > 0) scheduleTurn();
  resume?.();
}

function scheduleTurn(): void {
  if (isTurnScheduled) return;
  isTurnScheduled = true;
  setImmediate(nextTurn);
}

export function createTimeSlicer(sliceMs = 4, now: () => number = () => performance.now()): TimeSlicer {
  let sliceStart = now();
  return {
    due: () => now() - sliceStart >= sliceMs,
    pause: () => new Promise<void>((resolve) => {
      waiting.push(() => {
        sliceStart = now();
        resolve();
      });
      scheduleTurn();
    }),
  };
}
