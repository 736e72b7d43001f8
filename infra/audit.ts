// Dependency audit (npm run audit): `npm audit --omit=dev` when the registry answers it, and always the offline
// check of package-lock.json against infra/audit.advisories.json (known vulnerable and compromised versions,
// licences, install scripts). Exit 1 on a known vulnerable/compromised version or a licence outside the
// allowlist (devDependencies count too unless --omit=dev), on npm audit reporting vulnerabilities, and 2 on
// unreadable input. See docs/dependency-audit.md.
//
//   npx tsx infra/audit.ts [--omit=dev] [--offline] [--installed | --lock FILE] [--advisories FILE] [--npm-timeout-sec N]
//   --installed reads node_modules/.package-lock.json (what is really installed) instead of package-lock.json.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../shared/src/clock';
import { audit, formatReport, interpretNpmAudit, parseAdvisoryList, readLock, type NpmAuditOutcome } from './audit.core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  omitDev: boolean;
  offline: boolean;
  lockPath: string;
  advisoriesPath: string;
  npmTimeoutSec: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    omitDev: false,
    offline: false,
    lockPath: resolve(root, 'package-lock.json'),
    advisoriesPath: resolve(root, 'infra/audit.advisories.json'),
    npmTimeoutSec: 60,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--omit=dev') args.omitDev = true;
    else if (arg === '--offline') args.offline = true;
    else if (arg === '--lock') args.lockPath = resolve(value());
    else if (arg === '--installed') args.lockPath = resolve(root, 'node_modules/.package-lock.json');
    else if (arg === '--advisories') args.advisoriesPath = resolve(value());
    else if (arg === '--npm-timeout-sec') args.npmTimeoutSec = Number(value());
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: tsx infra/audit.ts [--omit=dev] [--offline] [--installed | --lock FILE] [--advisories FILE] [--npm-timeout-sec N]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}

/** `npm audit --omit=dev --json` in the lock file's folder; the registry's bulk endpoint may refuse it. */
function runNpmAudit(cwd: string, timeoutSec: number): NpmAuditOutcome {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd, encoding: 'utf8', timeout: timeoutSec * 1000 });
  if (run.signal) return { kind: 'unavailable', reason: `npm audit did not answer within ${timeoutSec} s` };
  if (run.error) return { kind: 'unavailable', reason: `could not run npm audit: ${run.error.message}` };
  return interpretNpmAudit(run.stdout ?? '', run.stderr ?? '');
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function main(argv: string[], clock: Clock): number {
  const args = parseArgs(argv);
  let npmFailed = false;

  if (args.offline) {
    console.log('npm audit: skipped (--offline)');
  } else {
    const npm = runNpmAudit(dirname(args.lockPath), args.npmTimeoutSec);
    if (npm.kind === 'report') {
      const c = npm.counts;
      console.log(`npm audit --omit=dev: ${c.total} vulnerable packages (critical ${c.critical}, high ${c.high}, moderate ${c.moderate}, low ${c.low})` +
        (npm.names.length ? `: ${npm.names.join(', ')} — run \`npm audit --omit=dev\` for details` : ''));
      npmFailed = c.total > 0;
    } else {
      console.log(`npm audit --omit=dev: UNAVAILABLE (${npm.reason})`);
      console.log('  the registry refused or could not be reached; falling back to the offline advisory list, which only knows what it lists');
    }
  }

  const list = parseAdvisoryList(readJson(args.advisoriesPath));
  if (!list.ok) {
    console.error(`${args.advisoriesPath}: ${list.error.message}`);
    return 2;
  }
  const lock = readLock(readJson(args.lockPath));
  if (!lock.ok) {
    console.error(`${args.lockPath}: ${lock.error.message}`);
    return 2;
  }
  const report = audit(lock.value, list.value, { omitDev: args.omitDev, today: clock.now().toISOString().slice(0, 10) });
  console.log(formatReport(report, list.value));
  return npmFailed || report.exitCode !== 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2), systemClock);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
