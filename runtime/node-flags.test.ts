// The launchers run every process with the same V8 flags (node-flags.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runtimeNodeFlags } from './node-flags';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('runtime node flags', () => {
  it('npm start passes them to node', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start!;
    for (const flag of runtimeNodeFlags) expect(start.split(' ')).toContain(flag);
  });

  it("the Dockerfile's services run with them", () => {
    const cmd = read('Dockerfile').split('\n').find((line) => line.startsWith('CMD '))!;
    for (const flag of runtimeNodeFlags) expect(cmd).toContain(` ${flag} `);
  });
});
