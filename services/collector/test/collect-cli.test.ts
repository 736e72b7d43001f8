import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawPost } from '@cur/shared/contracts/index';
import { startFakePlatforms, type FakePlatforms } from './fake-platforms';

const repo = join(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'collect-cli-'));
let fake: FakePlatforms;
beforeAll(async () => { fake = await startFakePlatforms(); });
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'collect', '--', ...args], {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('collect --once', () => {
  it('prints only JSON lines of the normalised posts, logs on stderr', async () => {
    const sources = join(dir, 'sources.yaml');
    writeFileSync(sources, [
      'defaults: { backfill: { hours: 87600, maxItems: 500 } }',
      `platforms: { vk: { baseUrl: "${fake.url}" }, telegram: { baseUrl: "${fake.url}", requestsPerSec: 100 }, youtube: { baseUrl: "${fake.url}" } }`,
      'sources:',
      '  - { type: telegram_channel, id: tg, channel: elets_online48 }',
      '  - { type: youtube_video, id: yt, videoId: k3Qz8VtN2Lw }',
      '  - { type: vk_wall, id: vk, owner: -201845377, comments: { enabled: false } }',
      '  - { type: ok_group, id: ok, groupId: "56893217640455" }',
    ].join('\n'));
    const r = await run(['--once', '--sources', sources], { VK_TOKEN: 'cli-secret-token', YOUTUBE_API_KEY: 'k' });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.length > 0);
    const posts = lines.map((l) => RawPost.parse(JSON.parse(l)));
    const uids = new Set(posts.map((p) => p.uid));
    expect(uids.size).toBe(posts.length);
    expect([...uids].filter((u) => u.startsWith('telegram:elets_online48:'))).toHaveLength(16);
    expect([...uids].filter((u) => u.startsWith('youtube:UCq3LpE7n0xWv5Yb9Rt2Kd4A:k3Qz8VtN2Lw:'))).toHaveLength(10);
    expect([...uids].filter((u) => /^vk:-201845377:\d+$/.test(u)).sort()).toEqual(['vk:-201845377:48209', 'vk:-201845377:48210', 'vk:-201845377:48211', 'vk:-201845377:48212', 'vk:-201845377:48213']);
    expect(posts).toHaveLength(31);
    expect(r.stderr).toMatch(/ok disabled: OK_APP_KEY, OK_APP_SECRET and OK_ACCESS_TOKEN are not all set/);
    expect(r.stderr).not.toContain('cli-secret-token');
  }, 60_000);

  it('replays the development set: every record printed once, none lost at exit', async () => {
    const r = await run(['--once', '--replay', join(__dirname, 'fixtures/replay/dev.jsonl')], {});
    expect(r.code).toBe(0);
    const uids = r.stdout.split('\n').filter(Boolean).map((l) => RawPost.parse(JSON.parse(l)).uid);
    expect(uids).toHaveLength(240);
    expect(new Set(uids).size).toBe(240);
  }, 60_000);

  it('fails with the bad key named on stderr for a bad sources file', async () => {
    const sources = join(dir, 'bad.yaml');
    writeFileSync(sources, 'sources:\n  - { type: telegram_channel, id: tg, channel: "@bad" }\n');
    const r = await run(['--once', '--sources', sources], {});
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/sources\.0\.channel/);
  }, 60_000);
});
