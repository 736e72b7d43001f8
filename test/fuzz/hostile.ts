// Hostile values for the consumer fuzz tests: wrong types, huge strings, prototype-pollution keys, null bytes,
// seeded random mutations of a valid message. Pure; deterministic for a seed.
import { seededRandom } from '../drills/support/synthetic-raw-posts';

export { seededRandom };

const wrongValues: unknown[] = [null, 0, -1.5, 'text', '', true, [], [1, 'a'], {}, { nested: { deeper: [null] } }, 1e308, '\u0000'];

/** One message per top-level field with that field replaced by a value of another type (or removed). */
export function wrongTypes(valid: Record<string, unknown>): { label: string; value: unknown }[] {
  const out: { label: string; value: unknown }[] = [];
  let i = 0;
  for (const field of Object.keys(valid)) {
    const replacement = wrongValues[i++ % wrongValues.length];
    if (typeof replacement === typeof valid[field] && replacement !== null) continue;
    out.push({ label: `${field} := ${JSON.stringify(replacement)}`, value: { ...valid, [field]: replacement } });
  }
  const { [Object.keys(valid)[1]!]: _dropped, ...missing } = valid;
  out.push({ label: 'a required field missing', value: missing });
  out.push({ label: 'an array instead of an object', value: [valid] });
  out.push({ label: 'a bare string', value: 'posts.raw' });
  out.push({ label: 'a bare number', value: 42 });
  out.push({ label: 'null', value: null });
  return out;
}

/** Prototype-pollution attempts: JSON text parsed into objects that carry the keys as own properties. */
export function pollutionAttempts(valid: Record<string, unknown>): { label: string; value: unknown }[] {
  const body = JSON.stringify(valid).slice(1, -1);
  return [
    { label: '__proto__ key', value: JSON.parse(`{"__proto__":{"polluted":"yes"},${body}}`) },
    { label: 'constructor.prototype key', value: JSON.parse(`{"constructor":{"prototype":{"polluted":"yes"}},${body}}`) },
    { label: '__proto__ inside a nested record', value: JSON.parse(`{${body},"__proto__":{"isAdmin":true}}`) },
  ];
}

/** Sets `path` (dot separated) of a deep copy to `value`. */
export function withPath(valid: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(valid) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
  return copy;
}

/** Random mutations of a valid message: a random leaf replaced by junk, a random key added, a string cut. */
export function randomMutations(valid: unknown, count: number, seed: number): { label: string; value: unknown }[] {
  const random = seededRandom(seed);
  const leaves: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (node && typeof node === 'object' && !Array.isArray(node)) for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    else leaves.push(path);
  };
  walk(valid, '');
  const junk = () => {
    const r = random();
    if (r < 0.2) return Math.floor(random() * 1e9) * (random() < 0.5 ? -1 : 1);
    if (r < 0.4) return String.fromCharCode(...Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 0xd7ff)));
    if (r < 0.55) return null;
    if (r < 0.7) return [random(), 'x'];
    if (r < 0.85) return { [`k${Math.floor(random() * 100)}`]: random() };
    return random() < 0.5;
  };
  return Array.from({ length: count }, (_, i) => {
    const path = leaves[Math.floor(random() * leaves.length)]!;
    const value = random() < 0.8 ? withPath(valid, path, junk()) : { ...(valid as object), [`extra_${i}`]: junk() };
    return { label: `mutation ${i} at ${path}`, value };
  });
}

export const megabytes = (n: number, fill = 'я'): string => fill.repeat(Math.floor((n * 1024 * 1024) / Buffer.byteLength(fill)));
