// The offline dependency audit (infra/audit.core.ts): semver ranges, lock reading, advisory matching, licences,
// install scripts, the reading of `npm audit --json`, and the checked-in list against the real lock file.
// No network: `npm audit` itself is not run here, only what it prints is interpreted.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  audit, compareVersions, formatReport, interpretNpmAudit, isLicenceAllowed, matchAdvisories, parseAdvisoryList,
  parseRange, parseVersion, readLock, satisfies, type Advisory, type AdvisoryList, type LockedPackage,
} from '../../infra/audit.core';

const root = fileURLToPath(new URL('../..', import.meta.url));
const v = (text: string) => {
  const version = parseVersion(text);
  if (!version) throw new Error(`bad version ${text}`);
  return version;
};
const inRange = (version: string, range: string) => {
  const parsed = parseRange(range);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return satisfies(v(version), parsed.value);
};

describe('versions and ranges', () => {
  it('orders releases, pre-releases and numeric identifiers as semver does', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.10.0', '2.0.0'];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareVersions(v(ordered[i - 1]!), v(ordered[i]!)), `${ordered[i - 1]} < ${ordered[i]}`).toBeLessThan(0);
    }
    expect(compareVersions(v('1.2.3+build.5'), v('1.2.3'))).toBe(0);
    expect(parseVersion('1.2')).toBeUndefined();
    expect(parseVersion('01.2.3')).toBeUndefined();
  });

  it('matches comparator sets and alternatives at their bounds', () => {
    const range = '<0.30.3 || >=1.0.0 <1.13.5';
    expect(inRange('0.30.2', range)).toBe(true);
    expect(inRange('0.30.3', range)).toBe(false);
    expect(inRange('1.0.0', range)).toBe(true);
    expect(inRange('1.13.4', range)).toBe(true);
    expect(inRange('1.13.5', range)).toBe(false);
    expect(inRange('1.21.1', range)).toBe(false);
    expect(inRange('4.4.2', '4.4.2')).toBe(true);
    expect(inRange('4.4.3', '=4.4.2')).toBe(false);
    expect(inRange('5.7.2', '<=5.7.2')).toBe(true);
    expect(inRange('9.9.9', '*')).toBe(true);
  });

  it('counts a pre-release inside the range that brackets it (the safe reading for a gate)', () => {
    expect(inRange('1.13.5-rc.1', '>=1.0.0 <1.13.5')).toBe(true);
    expect(inRange('8.0.0-alpha.0', '>=7.0.0-alpha.0 <8.18.0')).toBe(true);
  });

  it('refuses the range forms an advisory list should not use', () => {
    for (const bad of ['^1.2.3', '~1.2.3', '1.x', '1.0.0 - 2.0.0', '', '>=1.0.0 ||', '<banana']) {
      const parsed = parseRange(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatchObject({ code: 'BAD_RANGE', retriable: false });
    }
  });
});

// A small lockfileVersion 3 lock: a root, a workspace and its link, prod and dev packages, a nested copy.
const lock = {
  name: 'demo',
  lockfileVersion: 3,
  packages: {
    '': { name: 'demo', workspaces: ['services/web'] },
    'services/web': { name: '@demo/web', version: '0.1.0' },
    'node_modules/@demo/web': { resolved: 'services/web', link: true },
    'node_modules/axios': { version: '1.13.4', license: 'MIT' },
    'node_modules/follow-redirects': { version: '1.16.3', license: 'MIT' },
    'node_modules/debug': { version: '4.4.2', license: 'MIT', dev: true },
    'node_modules/chdb': { version: '3.4.0', license: 'Apache-2.0', hasInstallScript: true },
    'node_modules/evil': { version: '1.0.0', license: 'MIT', hasInstallScript: true, dev: true },
    'node_modules/gpl-thing': { version: '2.0.0', license: 'GPL-3.0-only' },
    'node_modules/dual': { version: '1.0.0', license: '(MIT OR GPL-3.0-only)' },
    'node_modules/sylvester': { version: '0.0.21' },
    'node_modules/old': { version: '0.1.0', license: { type: 'ISC' }, deprecated: 'use new' },
    'node_modules/cheerio/node_modules/undici': { version: '7.10.0', license: 'MIT' },
    'services/web/node_modules/undici': { version: '7.30.2', license: 'MIT' },
  },
};

const advisory = (over: Partial<Advisory> & Pick<Advisory, 'id' | 'package' | 'vulnerable'>): Advisory => ({
  aliases: [], severity: 'high', kind: 'vulnerability', title: 'test advisory', source: 'test', ...over,
});

const list: AdvisoryList = {
  checkedAt: '2026-11-01',
  maxAgeDays: 45,
  sources: ['test'],
  licenceAllowlist: ['MIT', 'ISC', 'Apache-2.0'],
  licenceOverrides: { 'sylvester@0.0.21': { licence: 'MIT', note: 'LICENSE.txt' } },
  reviewedInstallScripts: { chdb: 'no-op' },
  advisories: [
    advisory({ id: 'GHSA-43fc-jf86-j433', package: 'axios', vulnerable: '<0.30.3 || >=1.0.0 <1.13.5', patched: '1.13.5' }),
    advisory({ id: 'CVE-2026-40895', package: 'follow-redirects', vulnerable: '<1.16.0' }),
    advisory({ id: 'MAL-2025-chalk-debug', package: 'debug', vulnerable: '4.4.2', kind: 'malware', severity: 'critical' }),
    advisory({ id: 'CVE-2026-13697', package: 'undici', vulnerable: '>=7.0.0 <7.29.0' }),
  ],
};

function readDemoLock(): LockedPackage[] {
  const read = readLock(lock);
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
}

describe('reading a lock file', () => {
  it('lists every installed package with its scope and leaves out the root, workspaces and links', () => {
    const packages = readDemoLock();
    expect(packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual([
      'axios@1.13.4', 'chdb@3.4.0', 'debug@4.4.2', 'dual@1.0.0', 'evil@1.0.0', 'follow-redirects@1.16.3',
      'gpl-thing@2.0.0', 'old@0.1.0', 'sylvester@0.0.21', 'undici@7.10.0', 'undici@7.30.2',
    ]);
    const debug = packages.find((p) => p.name === 'debug')!;
    expect(debug.isDev).toBe(true);
    expect(packages.find((p) => p.name === 'old')).toMatchObject({ licence: 'ISC', deprecated: 'use new' });
    expect(packages.find((p) => p.path === 'node_modules/cheerio/node_modules/undici')?.name).toBe('undici');
  });

  it('refuses an npm 6 lock and a file that is no lock, as values', () => {
    expect(readLock({ lockfileVersion: 1, dependencies: {} })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_LOCK_VERSION', retriable: false } });
    expect(readLock({ hello: 'world' })).toMatchObject({ ok: false, error: { code: 'BAD_LOCK' } });
    expect(readLock({ lockfileVersion: 3, packages: { 'node_modules/x': {} } })).toMatchObject({ ok: false, error: { code: 'BAD_LOCK' } });
  });
});

describe('matching a lock against an advisory list', () => {
  it('finds each vulnerable or compromised copy, nested ones included, and nothing else', () => {
    const findings = matchAdvisories(readDemoLock(), list.advisories);
    expect(findings.map((f) => `${f.advisory.id} ${f.pkg.name}@${f.pkg.version} ${f.pkg.path}`).sort()).toEqual([
      'CVE-2026-13697 undici@7.10.0 node_modules/cheerio/node_modules/undici',
      'GHSA-43fc-jf86-j433 axios@1.13.4 node_modules/axios',
      'MAL-2025-chalk-debug debug@4.4.2 node_modules/debug',
    ]);
  });

  it('fails on a vulnerable production package, a dev malware release, a licence and an unreviewed install script', () => {
    const report = audit(readDemoLock(), list, { omitDev: false, today: '2026-11-22' });
    expect(report.exitCode).toBe(1);
    expect(report.failingFindings).toHaveLength(3);
    expect(report.licenceIssues.map((i) => `${i.pkg.name}:${i.licence}`)).toEqual(['gpl-thing:GPL-3.0-only']);
    expect(report.installScripts.map((p) => p.name)).toEqual(['chdb', 'evil']);
    expect(report.unreviewedInstallScripts.map((p) => p.name)).toEqual(['evil']);
    expect(report.deprecated.map((p) => p.name)).toEqual(['old']);
    expect(report.listAgeDays).toBe(21);
    expect(report.isListStale).toBe(false);
    const text = formatReport(report, list);
    expect(text).toContain('FAIL HIGH axios@1.13.4 (prod, node_modules/axios): GHSA-43fc-jf86-j433 test advisory — fixed in 1.13.5');
    expect(text).toContain('FAIL MALWARE debug@4.4.2 (dev');
    expect(text).toContain('FAIL unreviewed install script: evil@1.0.0');
    expect(text).toMatch(/offline audit: FAIL$/);
  });

  it('with --omit=dev lists dev findings without failing on them', () => {
    const prodOnlyLock = { ...lock, packages: { ...lock.packages, 'node_modules/axios': { version: '1.21.1', license: 'MIT' }, 'node_modules/gpl-thing': { version: '2.0.0', license: 'MIT' } } };
    const read = readLock(prodOnlyLock);
    if (!read.ok) throw new Error(read.error.message);
    const report = audit(read.value, list, { omitDev: true, today: '2026-11-22' });
    expect(report.findings.map((f) => f.pkg.name).sort()).toEqual(['debug', 'undici']);
    expect(report.failingFindings.map((f) => f.pkg.name)).toEqual(['undici']); // prod, nested under cheerio
    expect(report.failingInstallScripts).toEqual([]); // evil is dev
    expect(report.exitCode).toBe(1);
    expect(formatReport(report, list)).toContain('info MALWARE debug@4.4.2 (dev');
  });

  it('warns when the list is older than its maxAgeDays', () => {
    const report = audit(readDemoLock(), list, { omitDev: false, today: '2027-01-01' });
    expect(report.isListStale).toBe(true);
    expect(formatReport(report, list)).toContain('WARNING: the advisory list is older than 45 days');
  });
});

describe('licences', () => {
  it('reads SPDX OR/AND expressions against the allowlist', () => {
    const allow = ['MIT', 'Apache-2.0'];
    expect(isLicenceAllowed('MIT', allow)).toBe(true);
    expect(isLicenceAllowed('(MIT OR GPL-3.0-only)', allow)).toBe(true);
    expect(isLicenceAllowed('MIT AND GPL-3.0-only', allow)).toBe(false);
    expect(isLicenceAllowed('(MIT AND Apache-2.0)', allow)).toBe(true);
    expect(isLicenceAllowed('SEE LICENSE IN LICENSE.md', allow)).toBe(false);
    expect(isLicenceAllowed('', allow)).toBe(false);
  });
});

describe('what npm audit printed', () => {
  it('reads the registry refusal as unavailable, with its reason', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      method: 'POST', statusCode: 405, body: '', error: { summary: '', detail: '' },
    });
    expect(interpretNpmAudit(refused, 'npm error audit endpoint returned an error')).toEqual({
      kind: 'unavailable', reason: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
  });

  it('reads no output at all (no network) as unavailable', () => {
    const outcome = interpretNpmAudit('', 'npm error code ENOTFOUND\nnpm error network request failed');
    expect(outcome.kind).toBe('unavailable');
  });

  it('reads a real report with its counts and package names', () => {
    const report = JSON.stringify({
      auditReportVersion: 2,
      vulnerabilities: { axios: { name: 'axios', severity: 'high' }, 'follow-redirects': { name: 'follow-redirects', severity: 'moderate' } },
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 0, total: 2 }, dependencies: { prod: 10 } },
    });
    expect(interpretNpmAudit(report, '')).toEqual({
      kind: 'report', counts: { info: 0, low: 0, moderate: 1, high: 1, critical: 0, total: 2 }, names: ['axios', 'follow-redirects'],
    });
  });
});

describe('the checked-in list against this repository', () => {
  const listJson: unknown = JSON.parse(readFileSync(resolve(root, 'infra/audit.advisories.json'), 'utf8'));
  const lockJson: unknown = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8'));

  it('parses, and every range in it is one the matcher reads', () => {
    const parsed = parseAdvisoryList(listJson);
    expect(parsed.ok, parsed.ok ? '' : parsed.error.message).toBe(true);
    if (parsed.ok) expect(parsed.value.advisories.length).toBeGreaterThan(50);
  });

  it('refuses a list with a range it cannot read, naming the field', () => {
    const broken = structuredClone(listJson) as { advisories: Array<{ vulnerable: string }> };
    broken.advisories[0]!.vulnerable = '^1.0.0';
    const parsed = parseAdvisoryList(broken);
    expect(parsed).toMatchObject({ ok: false, error: { code: 'BAD_ADVISORY_LIST' } });
    if (!parsed.ok) expect(parsed.error.message).toContain('advisories.0.vulnerable');
  });

  it('finds no known vulnerable or compromised version, licence problem or unreviewed install script in package-lock.json', () => {
    const parsedList = parseAdvisoryList(listJson);
    const packages = readLock(lockJson);
    if (!parsedList.ok || !packages.ok) throw new Error('inputs did not parse');
    const report = audit(packages.value, parsedList.value, { omitDev: false, today: parsedList.value.checkedAt });
    expect(formatReport(report, parsedList.value)).toMatch(/offline audit: PASS$/);
    expect(report.exitCode).toBe(0);
  });
});
