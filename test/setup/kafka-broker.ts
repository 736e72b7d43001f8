// vitest globalSetup: a real Kafka broker for the tests that need one.
//
// - KAFKA_BROKERS set: those brokers are used as they are (nothing is started or stopped).
// - Otherwise, when the run includes a test file that asks for the broker (it mentions `inject('kafkaBrokers')`),
//   or KAFKA_TEST_BROKER=always: fetch the jars (infra/kafka/kafka.sh fetch, cached outside the repo), start a
//   single-node KRaft broker on free ports in a temp dir, wait until a kafkajs admin can list topics.
//   Teardown stops it and removes the dir. A broker that cannot start fails the run with its log tail.
// - Runs that need no broker (most unit-test runs) start nothing.
//
// How the tests get the address: `inject('kafkaBrokers')` (vitest provide/inject, serialised to each worker).
// process.env.KAFKA_BROKERS is also set here, in the main process, before any worker is forked; forks workers
// of vitest 4 inherit it (checked in shared/src/bus/kafka-bus.test.ts), but inject() is the reliable way.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Comma-separated broker addresses; '' when the run needs no broker. */
    kafkaBrokers: string;
  }
}

const kafkaScript = fileURLToPath(new URL('../../infra/kafka/kafka.sh', import.meta.url));
const brokerMarker = /inject\(\s*['"]kafkaBrokers['"]\s*\)/;

function run(args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('bash', [kafkaScript, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`infra/kafka/kafka.sh ${args.join(' ')} failed: ${error.message}\n${stderr.slice(-8_000)}`));
      else resolve({ stdout, stderr });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function logTail(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const file of ['kafka.out', 'server.log']) {
    const text = await readFile(join(dir, file), 'utf8').catch(() => '');
    if (text) parts.push(`--- ${file} ---\n${text.split('\n').slice(-40).join('\n')}`);
  }
  return parts.join('\n');
}

/** Does any test file of this run ask for the broker? (Reads the files the run's filters select.) */
async function isBrokerNeeded(project: TestProject): Promise<boolean> {
  if (process.env.KAFKA_TEST_BROKER === 'always') return true;
  if (process.env.KAFKA_TEST_BROKER === 'never') return false;
  try {
    const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
    const { testFiles } = await project.globTestFiles(filters);
    for (const file of testFiles) {
      if (brokerMarker.test(await readFile(file, 'utf8'))) return true;
    }
    return false;
  } catch {
    return true; // when in doubt, start it: a missing broker must never skip the Kafka tests silently
  }
}

async function waitForAdmin(brokers: string, deadlineMs: number): Promise<void> {
  const admin = new Kafka({ clientId: 'test-setup', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  let lastError: unknown;
  try {
    while (Date.now() < deadlineMs) {
      try {
        await admin.connect();
        await admin.listTopics();
        return;
      } catch (error) {
        lastError = error;
        await admin.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    throw new Error(`the broker at ${brokers} did not answer listTopics: ${(lastError as Error)?.message ?? 'timeout'}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.KAFKA_BROKERS;
  if (given) {
    await waitForAdmin(given, Date.now() + 30_000);
    project.provide('kafkaBrokers', given);
    return;
  }
  if (!(await isBrokerNeeded(project))) {
    project.provide('kafkaBrokers', '');
    return;
  }

  const startedAt = Date.now();
  await run(['fetch'], 15 * 60_000);
  const fetchedAt = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'cur-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const teardown = async () => {
    await run(['stop', dir], 60_000).catch((error) => console.error(String(error)));
    await rm(dir, { recursive: true, force: true });
  };
  let brokers: string;
  try {
    brokers = (await run(['start', dir, String(port), String(controllerPort)], 150_000)).stdout.trim().split('\n').pop()!;
    await waitForAdmin(brokers, Date.now() + 60_000);
  } catch (error) {
    const tail = await logTail(dir);
    await teardown();
    throw new Error(`could not start the Kafka broker for the tests: ${(error as Error).message}\n${tail}`);
  }
  console.info(`[kafka-broker] ${brokers} ready (fetch ${fetchedAt - startedAt} ms, start ${Date.now() - fetchedAt} ms)`);
  process.env.KAFKA_BROKERS = brokers;
  project.provide('kafkaBrokers', brokers);
  return teardown;
}
