// Dependency audit, functional core: no I/O, no clock, no process.env.
//
// `npm audit` needs the registry's POST /-/npm/v1/security/advisories/bulk, which the registry mirror this
// project is built against refuses (405, GET and HEAD only). This core is the offline fallback: it matches
// every package of package-lock.json (lockfileVersion 2 or 3) against a checked-in, dated advisory list
// (infra/audit.advisories.json) with semver ranges, and also reports licences outside an allowlist, packages
// with install scripts nobody reviewed and deprecated packages. The shell (infra/audit.ts) reads the files, runs `npm audit`
// first and prints the report.
import { z } from 'zod';
import { err, ok, type Result } from '../shared/src/result';

// ---------------------------------------------------------------------------------------------------------
// Versions and ranges (the subset of npm semver that advisories use)

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers ('rc', 1); empty for a release. */
  pre: Array<string | number>;
}

const versionPattern = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): Version | undefined {
  const m = versionPattern.exec(text.trim());
  if (!m) return undefined;
  const pre = m[4] ? m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)) : [];
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre };
}

/** Semver precedence: negative when a < b, 0 when equal, positive when a > b (build metadata ignored). */
export function compareVersions(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length; // release > pre-release
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1; // numeric identifiers sort before alphanumeric ones
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

type Operator = '<' | '<=' | '>' | '>=' | '=';
interface Comparator { op: Operator; version: Version }
/** A range: alternatives joined by `||`, each a conjunction of comparators (an empty one matches all). */
export type Range = Comparator[][];

export type RangeParseError = { code: 'BAD_RANGE'; retriable: false; message: string };

/**
 * Parses `>=1.0.0 <1.8.2 || <0.30.0`, `<=5.7.2`, `=4.4.2`, `4.4.2` and `*`. Caret, tilde, x-ranges and
 * hyphen ranges are refused on purpose: an advisory list should state its bounds exactly.
 */
export function parseRange(text: string): Result<Range, RangeParseError> {
  const alternatives = text.split('||').map((part) => part.trim());
  const range: Range = [];
  for (const alternative of alternatives) {
    if (alternative === '') return err({ code: 'BAD_RANGE', retriable: false, message: `empty alternative in "${text}"` });
    if (alternative === '*') { range.push([]); continue; }
    const set: Comparator[] = [];
    for (const token of alternative.split(/\s+/)) {
      const m = /^(<=|>=|<|>|=)?(.+)$/.exec(token);
      const version = m ? parseVersion(m[2]!) : undefined;
      if (!m || !version) return err({ code: 'BAD_RANGE', retriable: false, message: `cannot read "${token}" in "${text}"` });
      set.push({ op: (m[1] as Operator | undefined) ?? '=', version });
    }
    range.push(set);
  }
  return ok(range);
}

/**
 * Is the version inside the range? Pre-releases are compared by plain precedence (2.0.0-rc.1 is inside
 * `<2.0.0`); npm's semver would exclude them from most ranges, but for a vulnerability gate the inclusive
 * reading is the safe one.
 */
export function satisfies(version: Version, range: Range): boolean {
  return range.some((set) => set.every(({ op, version: bound }) => {
    const c = compareVersions(version, bound);
    switch (op) {
      case '<': return c < 0;
      case '<=': return c <= 0;
      case '>': return c > 0;
      case '>=': return c >= 0;
      case '=': return c === 0;
    }
  }));
}

// ---------------------------------------------------------------------------------------------------------
// The advisory list (infra/audit.advisories.json)

const rangeText = z.string().min(1).refine((text) => parseRange(text).ok, { message: 'not a range this audit can read' });

export const Advisory = z.object({
  id: z.string().min(1).describe('GHSA id, or CVE id, or a local id such as MAL-2025-chalk-debug for malware'),
  aliases: z.array(z.string()).default([]).describe('Other ids of the same advisory (CVE, GHSA)'),
  package: z.string().min(1).describe('npm package name'),
  vulnerable: rangeText.describe('Vulnerable versions as a semver range: comparators, alternatives joined by ||'),
  patched: z.string().optional().describe('First fixed version(s), for the message'),
  severity: z.enum(['low', 'moderate', 'high', 'critical', 'unknown']).describe('Severity as the source gives it (unknown: the source did not say)'),
  kind: z.enum(['vulnerability', 'malware']).default('vulnerability').describe('malware: a published version was compromised'),
  title: z.string().min(1).describe('One line: what is wrong'),
  source: z.string().min(1).describe('Where the range was read (advisory, issue or pull request address)'),
  note: z.string().optional().describe('How exact the range is, or why it does or does not apply here'),
}).strict();
export type Advisory = z.infer<typeof Advisory>;

export const LicenceOverride = z.object({
  licence: z.string().min(1).describe('SPDX id that applies although the lock file has none (or a wrong one)'),
  note: z.string().min(1).describe('Where that was read'),
}).strict();

export const AdvisoryList = z.object({
  checkedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('Day the list was last compared with its sources'),
  maxAgeDays: z.number().int().positive().default(45).describe('Older than this, the audit warns that the list is stale'),
  sources: z.array(z.string()).describe('What the list was compiled from'),
  licenceAllowlist: z.array(z.string().min(1)).min(1).describe('SPDX licence ids accepted in the installed tree'),
  licenceOverrides: z.record(z.string(), LicenceOverride).default({}).describe('name@version -> licence, for packages whose lock entry lacks one'),
  reviewedInstallScripts: z.record(z.string(), z.string().min(1)).default({}).describe('package name -> what its install script does; any other package with one fails the audit'),
  advisories: z.array(Advisory).describe('Known vulnerable or compromised versions of npm packages'),
}).strict();
export type AdvisoryList = z.infer<typeof AdvisoryList>;

export type ListError = { code: 'BAD_ADVISORY_LIST'; retriable: false; message: string };

export function parseAdvisoryList(json: unknown): Result<AdvisoryList, ListError> {
  const parsed = AdvisoryList.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return err({ code: 'BAD_ADVISORY_LIST', retriable: false, message: first });
  }
  return ok(parsed.data);
}

// ---------------------------------------------------------------------------------------------------------
// The lock file

export interface LockedPackage {
  name: string;
  version: string;
  /** Key in the lock's `packages` map, e.g. node_modules/a/node_modules/b */
  path: string;
  isDev: boolean;
  isOptional: boolean;
  licence?: string;
  hasInstallScript: boolean;
  deprecated?: string;
}

export type LockError = { code: 'BAD_LOCK' | 'UNSUPPORTED_LOCK_VERSION'; retriable: false; message: string };

const LockEntry = z.object({
  name: z.string().optional(),
  version: z.string().optional(),
  dev: z.boolean().optional(),
  optional: z.boolean().optional(),
  devOptional: z.boolean().optional(),
  license: z.unknown().optional(),
  hasInstallScript: z.boolean().optional(),
  deprecated: z.string().optional(),
  link: z.boolean().optional(),
});
const LockFile = z.object({ lockfileVersion: z.number(), packages: z.record(z.string(), LockEntry).optional() });

function licenceText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'type' in value && typeof (value as { type: unknown }).type === 'string') {
    return (value as { type: string }).type; // old `{ type, url }` form
  }
  return undefined;
}

/**
 * Every installed package of a lockfileVersion 2/3 lock: entries under some node_modules/ folder, links to
 * workspace folders left out (they are this project's own code).
 */
export function readLock(json: unknown): Result<LockedPackage[], LockError> {
  const parsed = LockFile.safeParse(json);
  if (!parsed.success) return err({ code: 'BAD_LOCK', retriable: false, message: 'not a package-lock.json' });
  const { lockfileVersion, packages } = parsed.data;
  if (lockfileVersion < 2 || !packages) {
    return err({ code: 'UNSUPPORTED_LOCK_VERSION', retriable: false, message: `lockfileVersion ${lockfileVersion}: run npm install with npm 7 or later` });
  }
  const out: LockedPackage[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    const at = path.lastIndexOf('node_modules/');
    if (at < 0 || entry.link) continue;
    if (!entry.version) return err({ code: 'BAD_LOCK', retriable: false, message: `${path} has no version` });
    const licence = licenceText(entry.license);
    out.push({
      name: entry.name ?? path.slice(at + 'node_modules/'.length),
      version: entry.version,
      path,
      isDev: entry.dev === true,
      isOptional: entry.optional === true || entry.devOptional === true,
      ...(licence ? { licence } : {}),
      hasInstallScript: entry.hasInstallScript === true,
      ...(entry.deprecated ? { deprecated: entry.deprecated } : {}),
    });
  }
  return ok(out);
}

// ---------------------------------------------------------------------------------------------------------
// Matching

export interface Finding {
  advisory: Advisory;
  pkg: LockedPackage;
}

/** Known vulnerable or compromised versions in the tree. A version npm semver cannot read matches nothing. */
export function matchAdvisories(packages: LockedPackage[], advisories: Advisory[]): Finding[] {
  const byName = new Map<string, Array<{ advisory: Advisory; range: Range }>>();
  for (const advisory of advisories) {
    const range = parseRange(advisory.vulnerable);
    if (!range.ok) continue; // parseAdvisoryList refuses such lists; kept total for direct callers
    byName.set(advisory.package, [...(byName.get(advisory.package) ?? []), { advisory, range: range.value }]);
  }
  const findings: Finding[] = [];
  for (const pkg of packages) {
    const candidates = byName.get(pkg.name);
    const version = candidates ? parseVersion(pkg.version) : undefined;
    if (!candidates || !version) continue;
    for (const { advisory, range } of candidates) {
      if (satisfies(version, range)) findings.push({ advisory, pkg });
    }
  }
  return findings;
}

/**
 * Is an SPDX expression acceptable? `A OR B` needs one side allowed, `A AND B` both; parentheses are
 * flattened (enough for the expressions npm packages use). `SEE LICENSE IN …` and unknown ids are not.
 */
export function isLicenceAllowed(expression: string, allowlist: readonly string[]): boolean {
  const allowed = new Set(allowlist.map((id) => id.toLowerCase()));
  const flat = expression.replace(/[()]/g, ' ').trim();
  if (flat === '') return false;
  return flat.split(/\s+OR\s+/i).some((alternative) =>
    alternative.split(/\s+AND\s+/i).every((id) => allowed.has(id.trim().replace(/\+$/, '').toLowerCase())));
}

export interface LicenceIssue {
  pkg: LockedPackage;
  licence: string | undefined;
}

export function licenceIssues(packages: LockedPackage[], list: Pick<AdvisoryList, 'licenceAllowlist' | 'licenceOverrides'>): LicenceIssue[] {
  const issues: LicenceIssue[] = [];
  for (const pkg of packages) {
    const licence = list.licenceOverrides[`${pkg.name}@${pkg.version}`]?.licence ?? pkg.licence;
    if (!licence || !isLicenceAllowed(licence, list.licenceAllowlist)) issues.push({ pkg, licence });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------------------
// `npm audit --json`, when it runs

export type NpmAuditOutcome =
  | { kind: 'report'; counts: Record<'info' | 'low' | 'moderate' | 'high' | 'critical' | 'total', number>; names: string[] }
  | { kind: 'unavailable'; reason: string };

const NpmAuditReport = z.object({
  auditReportVersion: z.number(),
  vulnerabilities: z.record(z.string(), z.unknown()),
  metadata: z.object({
    vulnerabilities: z.object({
      info: z.number(), low: z.number(), moderate: z.number(), high: z.number(), critical: z.number(), total: z.number(),
    }),
  }),
});

/** Reads what `npm audit --json` printed: a report, or why there is none (endpoint refused, no network, …). */
export function interpretNpmAudit(stdout: string, stderr: string): NpmAuditOutcome {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    const line = (stderr.split('\n').find((l) => /npm (error|warn) audit|ERR!|error/i.test(l)) ?? stderr.trim()) || 'no output';
    return { kind: 'unavailable', reason: line.trim().slice(0, 300) };
  }
  const report = NpmAuditReport.safeParse(json);
  if (report.success) {
    return { kind: 'report', counts: report.data.metadata.vulnerabilities, names: Object.keys(report.data.vulnerabilities).sort() };
  }
  const message = json && typeof json === 'object' && 'message' in json ? String((json as { message: unknown }).message) : 'unexpected output';
  return { kind: 'unavailable', reason: message.slice(0, 300) };
}

// ---------------------------------------------------------------------------------------------------------
// The report

export interface AuditOptions {
  /** Leave devDependencies out of the findings that fail the audit (they are still listed). */
  omitDev: boolean;
  /** Today, YYYY-MM-DD, for the age of the list. */
  today: string;
}

export interface AuditReport {
  packageCount: { prod: number; dev: number };
  findings: Finding[];
  failingFindings: Finding[];
  licenceIssues: LicenceIssue[];
  failingLicenceIssues: LicenceIssue[];
  installScripts: LockedPackage[];
  /** Install scripts of packages not in reviewedInstallScripts: how worms such as Shai-Hulud spread. */
  unreviewedInstallScripts: LockedPackage[];
  failingInstallScripts: LockedPackage[];
  deprecated: LockedPackage[];
  listAgeDays: number;
  isListStale: boolean;
  exitCode: 0 | 1;
}

function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function audit(packages: LockedPackage[], list: AdvisoryList, options: AuditOptions): AuditReport {
  const inScope = (pkg: LockedPackage) => !(options.omitDev && pkg.isDev);
  const findings = matchAdvisories(packages, list.advisories);
  const failingFindings = findings.filter((f) => inScope(f.pkg));
  const licences = licenceIssues(packages, list);
  const failingLicenceIssues = licences.filter((i) => inScope(i.pkg));
  const listAgeDays = daysBetween(list.checkedAt, options.today);
  const installScripts = packages.filter((p) => p.hasInstallScript);
  const unreviewedInstallScripts = installScripts.filter((p) => list.reviewedInstallScripts[p.name] === undefined);
  const failingInstallScripts = unreviewedInstallScripts.filter(inScope);
  return {
    packageCount: { prod: packages.filter((p) => !p.isDev).length, dev: packages.filter((p) => p.isDev).length },
    findings,
    failingFindings,
    licenceIssues: licences,
    failingLicenceIssues,
    installScripts,
    unreviewedInstallScripts,
    failingInstallScripts,
    deprecated: packages.filter((p) => p.deprecated !== undefined),
    listAgeDays,
    isListStale: listAgeDays > list.maxAgeDays,
    exitCode: failingFindings.length > 0 || failingLicenceIssues.length > 0 || failingInstallScripts.length > 0 ? 1 : 0,
  };
}

const scopeOf = (pkg: LockedPackage) => (pkg.isDev ? 'dev' : 'prod');

export function formatReport(report: AuditReport, list: AdvisoryList): string {
  const lines: string[] = [];
  lines.push(`offline audit: ${report.packageCount.prod} production + ${report.packageCount.dev} development packages ` +
    `against ${list.advisories.length} advisories (list checked ${list.checkedAt}, ${report.listAgeDays} days ago)`);
  if (report.isListStale) {
    lines.push(`WARNING: the advisory list is older than ${list.maxAgeDays} days: recheck its sources (docs/dependency-audit.md) before trusting a clean result`);
  }
  if (report.findings.length === 0) lines.push('known vulnerable or compromised versions: none');
  for (const { advisory, pkg } of report.findings) {
    const failing = report.failingFindings.some((f) => f.pkg === pkg && f.advisory === advisory);
    lines.push(`${failing ? 'FAIL' : 'info'} ${advisory.kind === 'malware' ? 'MALWARE' : advisory.severity.toUpperCase()} ` +
      `${pkg.name}@${pkg.version} (${scopeOf(pkg)}, ${pkg.path}): ${advisory.id} ${advisory.title}` +
      `${advisory.patched ? ` — fixed in ${advisory.patched}` : ''} [${advisory.source}]`);
  }
  if (report.licenceIssues.length === 0) lines.push(`licences: all within the allowlist (${list.licenceAllowlist.join(', ')})`);
  for (const issue of report.licenceIssues) {
    const failing = report.failingLicenceIssues.includes(issue);
    lines.push(`${failing ? 'FAIL' : 'info'} licence ${issue.licence ?? '(none)'}: ${issue.pkg.name}@${issue.pkg.version} (${scopeOf(issue.pkg)})`);
  }
  lines.push(`install scripts: ${report.installScripts.map((p) => `${p.name}@${p.version} (${scopeOf(p)}` +
    `${list.reviewedInstallScripts[p.name] ? `, reviewed: ${list.reviewedInstallScripts[p.name]}` : ''})`).join('; ') || 'none'}`);
  for (const pkg of report.unreviewedInstallScripts) {
    const failing = report.failingInstallScripts.includes(pkg);
    lines.push(`${failing ? 'FAIL' : 'info'} unreviewed install script: ${pkg.name}@${pkg.version} (${scopeOf(pkg)}, ${pkg.path}): ` +
      'read it, then add the package to reviewedInstallScripts or remove it');
  }
  lines.push(`deprecated: ${report.deprecated.map((p) => `${p.name}@${p.version}: ${p.deprecated}`).join('; ') || 'none'}`);
  lines.push(report.exitCode === 0 ? 'offline audit: PASS' : 'offline audit: FAIL');
  return lines.join('\n');
}
