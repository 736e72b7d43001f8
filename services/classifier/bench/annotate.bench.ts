// Runs benchAnnotate() alone or from `npm run bench` (bench/run.ts): prints one "BENCH {json}" line on stdout.
//   npx tsx services/classifier/bench/annotate.bench.ts [posts] [runs]
import { benchAnnotate } from '../src/bench/annotate-bench';

const [posts, runs] = process.argv.slice(2).map(Number);
const r = benchAnnotate({ posts: posts || undefined, runs: runs || undefined });
process.stdout.write(`BENCH ${JSON.stringify({
  name: r.name,
  figures: { postsPerSec: r.postsPerSec, wallPostsPerSec: r.wallPostsPerSec, posts: r.posts, runs: r.runs },
  notes: 'annotate core (normalise, abuse, spam, topic, locate, importance, repeat, route) on one core; '
    + 'postsPerSec per CPU-second of the process (median of runs), wallPostsPerSec per wall second; synthetic posts from the training data',
})}\n`);
