#!/usr/bin/env node
// Validates test/heldout5/heldout5.jsonl against the record format of shared/eval/README.md and the
// codes of shared/taxonomy/labels.json. Plain Node, no dependencies; not a vitest file.
//   node test/heldout5/validate.mjs [file.jsonl] [labels.json]
// Exits 1 and lists every problem when something is wrong; prints the counts otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? path.join(here, 'heldout5.jsonl');
// the shared folder sits beside the repository: <repo>/../shared
const labelsFile = process.argv[3] ?? path.join(here, '../../../shared/taxonomy/labels.json');
const L = JSON.parse(readFileSync(labelsFile, 'utf8'));
const codes = {
  topic: new Set(Object.keys(L.topics)),
  location: new Set(Object.keys(L.locations)),
  importance: new Set(Object.keys(L.importance)),
  abuse: new Set(Object.keys(L.abuse)),
  authority: new Set(Object.keys(L.authorities)),
};
const ID_PREFIX = 'he-';
const EXPECTED = 200;
const SOURCES = new Set(['vk', 'ok', 'telegram', 'video', 'web']);
const PREFIX = { vk: 'vk_', ok: 'ok_', telegram: 'tg_', video: 'yt_', web: 'web_' };
const COMMENT_ONLY = new Set(['telegram', 'video', 'web']);
const KEYS = ['id', 'source', 'kind', 'author_id', 'published_at', 'text', 'labels'];
const LABEL_KEYS = ['topic', 'location', 'importance', 'abuse', 'authorities', 'needs_response'];
const CITY_ADMIN = { lipetsk_city_admin: 'lipetsk_city', yelets_city_admin: 'yelets_city' };
const LOCAL = ['lipetsk_city_admin', 'yelets_city_admin', 'district_admin'];
// responsible (first) authority allowed per topic: routing_guidance + routing_conventions
const FIRST = {
  zhkh: ['housing_dept', 'housing_inspection'],
  roads: [...LOCAL, 'roads_dept'],
  transport: [...LOCAL, 'roads_dept'],
  health: ['health_dept'],
  education: ['education_dept'],
  improvement: [...LOCAL, 'vet_dept'],
  ecology: ['ecology_dept'],
  social: ['social_dept'],
  safety: ['civil_defense_dept'],
  economy: ['labor_dept', 'economy_dept'],
  construction: ['construction_dept'],
  culture_sport: ['culture_dept', 'sport_dept'],
  other: LOCAL,
};
const MIN_TIME = 6 * 60 + 30; // 06:30
const MAX_TIME = 23 * 60 + 50; // 23:50

const problems = [];
const bad = (id, msg) => problems.push(`${id}: ${msg}`);
const lines = readFileSync(file, 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
const recs = [];
lines.forEach((line, i) => {
  if (line.trim() === '') { bad(`line ${i + 1}`, 'empty line'); return; }
  try { recs.push(JSON.parse(line)); } catch (e) { bad(`line ${i + 1}`, `invalid JSON: ${e.message}`); }
});
if (recs.length !== EXPECTED) bad(file, `${recs.length} records, expected ${EXPECTED}`);

const ids = new Set();
const texts = new Set();
let prevTs = -Infinity;
const byAuthor = new Map();
recs.forEach((r, i) => {
  const id = r.id ?? `line ${i + 1}`;
  if (JSON.stringify(Object.keys(r)) !== JSON.stringify(KEYS)) bad(id, `keys ${Object.keys(r)}`);
  const lab = r.labels ?? {};
  if (JSON.stringify(Object.keys(lab)) !== JSON.stringify(LABEL_KEYS)) bad(id, `label keys ${Object.keys(lab)}`);
  const want = `${ID_PREFIX}${String(i + 1).padStart(4, '0')}`;
  if (r.id !== want) bad(id, `expected id ${want}`);
  if (ids.has(r.id)) bad(id, 'duplicate id');
  ids.add(r.id);
  if (typeof r.text !== 'string' || r.text.trim().length < 5) bad(id, 'empty text');
  if (texts.has(r.text)) bad(id, 'duplicate text');
  texts.add(r.text);
  if (!SOURCES.has(r.source)) bad(id, `source ${r.source}`);
  if (!['post', 'comment'].includes(r.kind)) bad(id, `kind ${r.kind}`);
  if (COMMENT_ONLY.has(r.source) && r.kind !== 'comment') bad(id, `${r.source} records are comments`);
  if (typeof r.author_id !== 'string' || !r.author_id.startsWith(PREFIX[r.source] ?? '\0') || r.author_id.length <= (PREFIX[r.source] ?? '').length) {
    bad(id, `author_id ${r.author_id} for ${r.source}`);
  }
  const m = /^2026-11-(\d\d)T(\d\d):(\d\d):(\d\d)\+03:00$/.exec(r.published_at ?? '');
  const ts = Date.parse(r.published_at);
  if (!m || +m[1] < 1 || +m[1] > 30 || Number.isNaN(ts)) bad(id, `published_at ${r.published_at}`);
  else {
    const minutes = +m[2] * 60 + +m[3] + +m[4] / 60;
    if (minutes < MIN_TIME || minutes > MAX_TIME) bad(id, `published_at ${r.published_at} outside 06:30-23:50`);
  }
  if (ts < prevTs) bad(id, 'published_at goes back in time');
  if (!Number.isNaN(ts)) prevTs = ts;
  for (const k of ['topic', 'location', 'importance', 'abuse']) if (!codes[k].has(lab[k])) bad(id, `${k} ${lab[k]} not in labels.json`);
  const a = lab.authorities;
  if (typeof lab.needs_response !== 'boolean') bad(id, 'needs_response not boolean');
  if (!Array.isArray(a) || a.length < 1 || a.length > 2) bad(id, `authorities ${JSON.stringify(a)}`);
  else {
    for (const x of a) if (!codes.authority.has(x)) bad(id, `authority ${x} not in labels.json`);
    if (new Set(a).size !== a.length) bad(id, 'duplicate authority');
    const silent = lab.abuse !== 'none' || lab.importance === 'low';
    if (silent) {
      if (a.length !== 1 || a[0] !== 'none') bad(id, 'abusive or low record must have ["none"]');
      if (lab.needs_response !== false) bad(id, 'abusive or low record must have needs_response false');
    } else {
      if (a.includes('none')) bad(id, 'record that needs a response has "none"');
      if (lab.needs_response !== true) bad(id, 'needs_response must be true');
      if (!(FIRST[lab.topic] ?? []).includes(a[0])) bad(id, `first authority ${a[0]} does not fit topic ${lab.topic}`);
      for (const x of a) {
        if (CITY_ADMIN[x] && lab.location !== CITY_ADMIN[x]) bad(id, `${x} with location ${lab.location}`);
        if (x === 'district_admin' && ['lipetsk_city', 'yelets_city', 'unknown'].includes(lab.location)) bad(id, `district_admin with ${lab.location}`);
      }
    }
  }
  if (!byAuthor.has(r.author_id)) byAuthor.set(r.author_id, []);
  byAuthor.get(r.author_id).push(r);
});

// repeated complaints: same author twice, 5-9 days apart, normal then high, same source, topic, place, body
const pairs = [];
for (const [author, rs] of byAuthor) {
  if (rs.length === 1) continue;
  if (rs.length > 2) { bad(author, `${rs.length} records by one author`); continue; }
  const [x, y] = rs;
  const days = (Date.parse(y.published_at) - Date.parse(x.published_at)) / 86_400_000;
  if (days < 5 || days > 9) bad(`${x.id}/${y.id}`, `repeat pair ${days.toFixed(1)} days apart`);
  if (x.labels.importance !== 'normal' || y.labels.importance !== 'high') bad(`${x.id}/${y.id}`, 'repeat pair must be normal then high');
  for (const k of ['topic', 'location']) if (x.labels[k] !== y.labels[k]) bad(`${x.id}/${y.id}`, `repeat pair differs in ${k}`);
  if (x.source !== y.source) bad(`${x.id}/${y.id}`, 'repeat pair differs in source');
  if (x.labels.authorities[0] !== y.labels.authorities[0]) bad(`${x.id}/${y.id}`, 'repeat pair differs in authority');
  pairs.push(`${x.id.slice(3)}/${y.id.slice(3)} (${days.toFixed(1)} d)`);
}

const count = (f, rs = recs) => rs.reduce((m, r) => m.set(f(r), (m.get(f(r)) ?? 0) + 1), new Map());
const topics = count((r) => r.labels.topic);
for (const t of codes.topic) if ((topics.get(t) ?? 0) < 7) bad(t, `topic has only ${topics.get(t) ?? 0} records`);
const locs = count((r) => r.labels.location);
for (const l of codes.location) if (!locs.has(l)) bad(l, 'location code never used');
for (const l of codes.location) {
  if (['lipetsk_city', 'yelets_city', 'unknown'].includes(l)) continue;
  if ((locs.get(l) ?? 0) < 2) bad(l, `district has only ${locs.get(l) ?? 0} records, expected at least 2`);
}

const show = (name, m) => console.log(`${name}: ${[...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
if (problems.length) {
  console.error(`${problems.length} problem(s) in ${file}:`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`${file}: ${recs.length} records OK`);
show('topic', topics);
show('importance', count((r) => r.labels.importance));
show('abuse', count((r) => r.labels.abuse));
show('importance of abusive records', count((r) => r.labels.importance, recs.filter((r) => r.labels.abuse !== 'none')));
show('critical by topic', count((r) => r.labels.topic, recs.filter((r) => r.labels.importance === 'critical')));
show('location', locs);
show('first authority', count((r) => r.labels.authorities[0]));
show('source', count((r) => r.source));
show('kind', count((r) => r.kind));
show('needs_response', count((r) => r.labels.needs_response));
console.log(`repeat pairs: ${pairs.join(', ')}`);
console.log(`two authorities: ${recs.filter((r) => r.labels.authorities.length === 2).map((r) => `${r.id.slice(3)} ${r.labels.authorities.join('+')}`).join(', ')}`);
