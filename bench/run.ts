// `npm run bench`: runs each benchmark in its own process (chDB binds one data directory per process), with the V8 flags
// the pipeline runs with in production (runtime/node-flags.ts), and prints a table.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeNodeFlags } from '../runtime/node-flags';
import { removeListedDirs } from './cleanup';
import type { BenchResult } from './stats';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const all: Array<{ file: string; about: string }> = [
  { file: 'services/classifier/bench/annotate.bench.ts', about: 'classifier + router core, one core' },
  { file: 'bench/pipeline.bench.ts', about: 'end to end on the in-process bus and chDB' },
  { file: 'bench/pipeline-kafka.bench.ts', about: 'end to end on a real Kafka broker and chDB' },
  { file: 'bench/store.bench.ts', about: 'chDB insert rate and volume-dynamics query' },
  { file: 'bench/memory.bench.ts', about: 'memory of each service, each its own process on a real Kafka broker' },
];
const only = process.argv.slice(2);
const selected = all.filter((b) => existsSync(join(root, b.file)) && (only.length === 0 || only.some((o) => b.file.includes(o))));

const results: BenchResult[] = [];
// Every bench's store is removed after the last bench, so no bench pays for the files the one before deleted (cleanup.ts).
const cleanupList = join(tmpdir(), `bench-cleanup-${process.pid}.txt`);
for (const bench of selected) {
  process.stderr.write(`\n▶ ${bench.file} — ${bench.about}\n`);
  const run = spawnSync(process.execPath, [...runtimeNodeFlags, '--import', 'tsx', bench.file], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', BENCH_CLEANUP_LIST: cleanupList },
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (run.stdout ?? '').split('\n').filter((l) => l.startsWith('BENCH '));
  for (const line of lines) results.push(JSON.parse(line.slice(6)) as BenchResult);
  if (run.status !== 0) process.stderr.write(`  ✗ exited with ${run.status}\n`);
}

removeListedDirs(cleanupList);

process.stdout.write('\n| benchmark | figure | value |\n|---|---|---|\n');
for (const r of results) {
  for (const [key, value] of Object.entries(r.figures)) process.stdout.write(`| ${r.name} | ${key} | ${value} |\n`);
}
for (const r of results) if (r.notes) process.stdout.write(`\n- ${r.name}: ${r.notes}`);
process.stdout.write('\n');
