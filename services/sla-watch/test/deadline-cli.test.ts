import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('npm run --silent deadline', () => {
  it('answers JSON lines with JSON lines only, errors included', () => {
    const questions = [
      { id: 'l1', region: 'lipetsk', stage: 'route', importance: 'normal', start: '2026-11-27T17:50:20+03:00' },
      { id: 'k1', region: 'kuzbass', stage: 'draft', importance: 'high', start: '2026-11-24T16:00:00+07:00' },
      { id: 'u1', region: 'udmurtia', stage: 'answer', importance: 'normal', start: '2026-10-30T17:45:00+04:00' },
      { id: 'o1', region: 'omsk', stage: 'final', importance: 'normal', start: '2026-11-24T10:00:00+06:00' },
      { id: 'o2', region: 'omsk', stage: 'publish', importance: 'normal', start: '2026-11-24T10:00:00+06:00' },
      { id: 'o3', region: 'omsk', stage: 'answer', importance: 'normal', start: '2026-11-24T10:00:00+06:00' },
      { id: 'y1', region: 'yelets', stage: 'route', importance: 'low', start: '2026-11-24T12:00:00+03:00' },
      { id: 'bad', region: 'lipetsk', stage: 'route', importance: 'normal', start: '2026-11-24T10:00:00' },
      { id: 'z', region: 'moscow', stage: 'route', importance: 'normal', start: '2026-11-24T10:00:00+03:00' },
    ];
    const input = `${questions.map((q) => JSON.stringify(q)).join('\n')}\n\nnot json\n`;
    const run = spawnSync('npm', ['run', '--silent', 'deadline'], { cwd: root, input, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'debug' } });
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const answers = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(answers.slice(0, 5)).toEqual([
      { id: 'l1', deadline: '2026-11-30T09:20:20+03:00' },
      { id: 'k1', deadline: '2026-11-25T09:00:00+07:00' },
      { id: 'u1', deadline: '2026-11-03T17:00:00+04:00' },
      { id: 'o1', deadline: '2026-11-25T09:45:00+06:00' },
      { id: 'o2', error: expect.stringContaining('does not exist in region omsk') },
    ]);
    expect(answers[5]).toMatchObject({ id: 'o3', error: expect.stringContaining('STAGE_NOT_IN_REGION') });
    expect(answers[6]).toEqual({ id: 'y1', deadline: '2026-11-24T13:00:00+03:00' });
    expect(answers[7]).toMatchObject({ id: 'bad', error: expect.stringContaining('offset') });
    expect(answers[8]).toMatchObject({ id: 'z', error: expect.stringContaining('region') });
    expect(answers[9]).toEqual({ id: null, error: 'invalid JSON' });
    expect(answers).toHaveLength(10);
  }, 60_000);
});
