// Removing a bench's store is not free on every filesystem: ext4 without a journal (this VM's) skips inodes
// deleted in the last 60–360 s when it allocates new ones, so the tens of thousands of files one bench deletes
// slow the file creation of the next one. `npm run bench` (run.ts) therefore sets BENCH_CLEANUP_LIST: the benches
// write their directories there and the runner removes them after the last bench.
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';

/** Removes `dir` now, or lists it for the runner to remove at the end when BENCH_CLEANUP_LIST is set. */
export function removeBenchDir(dir: string, env: NodeJS.ProcessEnv = process.env): void {
  const list = env.BENCH_CLEANUP_LIST;
  if (list) appendFileSync(list, `${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}

/** Removes every directory listed in `list`, then the list. */
export function removeListedDirs(list: string): number {
  if (!existsSync(list)) return 0;
  const dirs = readFileSync(list, 'utf8').split('\n').filter((d) => d.length > 0);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  rmSync(list, { force: true });
  return dirs.length;
}
