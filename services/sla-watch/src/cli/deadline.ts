// `npm run --silent deadline`: JSON Lines of deadline questions on stdin, one JSON answer per line on stdout.
import { createInterface } from 'node:readline';
import { createLogger } from '@cur/shared/logger';
import { loadRegulations } from '../regulations';
import { answerLine } from './answer-deadline';

async function main(): Promise<void> {
  const logger = createLogger({ name: 'deadline' });
  const regulations = loadRegulations();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let answered = 0;
  for await (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0) continue;
    process.stdout.write(`${JSON.stringify(answerLine(line, regulations))}\n`);
    answered += 1;
  }
  logger.debug({ answered }, 'deadline questions answered');
}

main().catch((error: unknown) => {
  process.stderr.write(`deadline: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
