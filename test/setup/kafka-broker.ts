// vitest globalSetup: a real Kafka broker for the tests that need one.
//
// - KAFKA_BROKERS set: those brokers are used as they are (nothing is started or stopped).
// - Otherwise, when the run includes a test file that asks for the broker (it contains `inject('kafkaBrokers')`),
//   or KAFKA_TEST_BROKER=always: fetch the jars (infra/kafka/kafka.sh fetch, cached outside the repo), start a
//   single-node KRaft broker on free ports in a temp dir, wait until a kafkajs admin can list topics.
//   Teardown stops it and removes the dir. A broker that cannot start fails the run with its log tail.
// - Runs that need no broker (most unit-test runs) start nothing (KAFKA_TEST_BROKER=never forces that).
//
// How the tests get the address: `inject('kafkaBrokers')` (vitest provide/inject, serialised to each worker).
// process.env.KAFKA_BROKERS is also set here, in the main process, before any worker is forked; the forks
// workers of vitest 4 inherit it (checked in shared/src/bus/kafka-bus.test.ts), but inject() is the way to read it.
import { readFile } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { startLocalBroker, waitForKafkaAdmin } from '../../infra/kafka/broker';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Comma-separated broker addresses; '' when the run needs no broker. */
    kafkaBrokers: string;
  }
}

const brokerMarker = /inject\(\s*['"]kafkaBrokers['"]\s*\)/;

/** Does any test file of this run ask for the broker? (Reads the files the run's filters select.) */
async function isBrokerNeeded(project: TestProject): Promise<boolean> {
  if (process.env.KAFKA_TEST_BROKER === 'always') return true;
  if (process.env.KAFKA_TEST_BROKER === 'never') return false;
  try {
    // filenamePattern (the CLI file filters) is internal to vitest 4; without it every test file counts.
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

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.KAFKA_BROKERS;
  if (given) {
    await waitForKafkaAdmin(given, 30_000);
    project.provide('kafkaBrokers', given);
    return;
  }
  if (!(await isBrokerNeeded(project))) {
    project.provide('kafkaBrokers', '');
    return;
  }
  const startedAt = Date.now();
  const broker = await startLocalBroker(); // throws with the broker's log tail when it cannot start
  console.info(`[kafka-broker] ${broker.brokers} ready in ${Date.now() - startedAt} ms (${broker.dir})`);
  process.env.KAFKA_BROKERS = broker.brokers;
  project.provide('kafkaBrokers', broker.brokers);
  return async () => {
    await broker.remove();
  };
}
