// Long synchronous loops starve the event loop: with chDB the store runs one statement at a time and starts the
// next one only when the JS thread gets back to its completion, so a 50 ms classification loop leaves the store
// idle for up to 50 ms. A loop over a batch asks `due()` after each item and awaits `pause()` when its slice is
// used up; other partitions' batches and the store's completions run in between.

export interface TimeSlicer {
  /** True once `sliceMs` of work has passed since the last pause (or since the slicer was made). */
  due(): boolean;
  /** Lets queued I/O callbacks run (setImmediate), then starts a new slice. */
  pause(): Promise<void>;
}

export function createTimeSlicer(sliceMs = 4, now: () => number = () => performance.now()): TimeSlicer {
  let sliceStart = now();
  return {
    due: () => now() - sliceStart >= sliceMs,
    pause: () => new Promise<void>((resolve) => {
      setImmediate(() => {
        sliceStart = now();
        resolve();
      });
    }),
  };
}
