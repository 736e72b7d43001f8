import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@cur/shared/config/load-config';
import { loadSourcesFile, parseSourcesFile } from '../src/config';
import { allowedHostsOf } from '../src/sources/build-sources';
import { credentialsFromEnv } from '../src/env';
import { resolveCollectorConfig } from '../src/collector';

const dir = mkdtempSync(join(tmpdir(), 'collector-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sources file', () => {
  it('parses the example with every default filled', () => {
    const file = loadSourcesFile(join(__dirname, '../sources.example.yaml'));
    expect(file.sources).toHaveLength(9);
    expect(file.platforms.vk).toMatchObject({ apiVersion: '5.199', requestsPerSec: { service: 5, user: 3, community: 20 }, execute: 'auto' });
    expect(file.sources[0]).toMatchObject({ type: 'vk_wall', comments: { enabled: true, windowHours: 72, maxPostsPerPoll: 25 }, pageSize: 50 });
    expect(allowedHostsOf(file).sort()).toEqual(['api.ok.ru', 'api.vk.com', 'lipetsk-news.example', 't.me', 'www.googleapis.com', 'yelets-admin.example']);
  });

  it('names the bad key: a misspelt field, a wrong type, a duplicate id', () => {
    const r = parseSourcesFile({ sources: [
      { type: 'telegram_channel', id: 'a', channel: 'elets_online48', pollIntervalSecs: 60 },
      { type: 'vk_wall', id: 'b', owner: 'not a name!' },
      { type: 'rss', id: 'a', url: 'https://x.example/rss' },
    ] });
    expect(r.ok).toBe(false);
    const issues = r.ok ? [] : r.error.issues;
    expect(issues.some((i) => i.startsWith('sources.0') && i.includes('pollIntervalSecs'))).toBe(true);
    expect(issues.some((i) => i.startsWith('sources.1.owner'))).toBe(true);
    expect(issues).toContain('sources.2.id: duplicate id "a" (also sources.0.id)');
  });

  it('rejects an unknown source type and an unknown platform setting', () => {
    const r = parseSourcesFile({ platforms: { vk: { token: 'x' } }, sources: [{ type: 'facebook_page', id: 'f' }] });
    const issues = r.ok ? [] : r.error.issues;
    expect(issues.some((i) => i.startsWith('platforms.vk') && i.includes('token'))).toBe(true);
    expect(issues.some((i) => i.startsWith('sources.0.type'))).toBe(true);
  });

  it('throws a ConfigError naming the file for a bad file given to the service', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'sources:\n  - type: youtube_video\n    id: y\n    videoId: short\n');
    expect(() => resolveCollectorConfig({ sourcesFile: path })).toThrow(ConfigError);
    expect(() => resolveCollectorConfig({ sourcesFile: path })).toThrow(/sources\.0\.videoId/);
  });

  it('adds the replay shortcut to the file entries', () => {
    const file = resolveCollectorConfig({ sources: [{ type: 'telegram_channel', id: 't', channel: 'elets_online48' }], replayFile: '/tmp/x.jsonl' });
    expect(file.sources.map((s) => [s.type, s.id])).toEqual([['telegram_channel', 't'], ['replay', 'replay']]);
  });
});

describe('credentials from the environment', () => {
  it('reads tokens, treats blanks as unset, and needs all three OK values', () => {
    const c = credentialsFromEnv({ VK_TOKEN: 'a', VK_TOKEN_KIND: 'user', VK_USER_TOKEN: '', OK_APP_KEY: 'k', OK_APP_SECRET: 's', YOUTUBE_API_KEY: 'y' });
    expect(c).toEqual({ vk: [{ kind: 'user', token: 'a', label: 'VK_TOKEN (user)' }], ok: null, youtube: { apiKey: 'y' } });
  });
});
