// Runs benchAnnotate() alone: `npx tsx services/classifier/bench/annotate.bench.ts [posts] [runs]`; prints one JSON line.
import { benchAnnotate } from '../src/bench/annotate-bench';

const [posts, runs] = process.argv.slice(2).map(Number);
process.stdout.write(JSON.stringify(benchAnnotate({ posts: posts || undefined, runs: runs || undefined })) + '\n');
