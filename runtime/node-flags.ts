// The V8 flags every process of the pipeline runs with: `npm start`, the Dockerfile's services and the benches that
// measure them. A flag cannot be set after the heap exists, so each launcher passes these on its command line;
// node-flags.test.ts keeps package.json and the Dockerfile equal to this list.
//
// --max-semi-space-size=64: the JS thread allocates ≈ 200 kB per post (Kafka buffers, JSON, rows). With V8's 16 MiB
// semi-space a young collection ran every ≈ 14 MB, i.e. every ≈ 70 posts, and each copied the batches still in flight;
// at 64 MiB it runs a quarter as often for the same copying. Measured on Kafka (interleaved, 5 pairs): process CPU
// per post −7 to −11 %, bursts +6 to +8 %; peak RSS +100 MiB (docs/benchmarks.md, round 6).
export const runtimeNodeFlags: readonly string[] = ['--max-semi-space-size=64'];
