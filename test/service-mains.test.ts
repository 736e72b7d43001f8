// Each service runs alone from the environment: it starts, says it is ready, and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const services = ['collector', 'classifier', 'router', 'sla-watch', 'console'] as const;

function runUntilReady(name: string, dataDir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
      env: { ...process.env, KAFKA_BROKERS: '', DATA_DIR: dataDir, CONSOLE_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let isSignalled = false;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${name} never became ready:\n${stderr}`)); }, 90_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (!isSignalled && stderr.includes(`"event":"${name}.ready"`)) {
        isSignalled = true;
        child.kill('SIGTERM');
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stderr }); });
  });
}

describe('service main.ts', () => {
  it.each(services)('%s starts alone on the embedded runtime and stops cleanly on SIGTERM', async (name) => {
    const dataDir = mkdtempSync(join(tmpdir(), `main-${name}-`));
    try {
      const { code, stderr } = await runUntilReady(name, dataDir);
      expect(stderr).toContain('stopping');
      expect(code, stderr.slice(-2000)).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
