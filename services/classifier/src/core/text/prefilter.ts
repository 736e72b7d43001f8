// A prefilter for regular expressions: the literals one of which every match must contain, found by reading the
// regex source, and one Aho–Corasick pass over a text that tells, for many regexes at once, which of them cannot
// match it (so they are not run). A regex it cannot read gets no literals and is always run: the answer "cannot
// match" is only ever given when it is certain.

// ---------------------------------------------------------------------------------------------------
// Required literals.

/** What a part of a regex can match: `exact` every string it can consume (when few), `req` literals one of which it always contains. */
interface Info {
  exact: Set<string> | null;
  req: string[] | null;
}

const MAX_EXACT = 32;
const MAX_CLASS = 8;
const ANY: Info = { exact: null, req: null };
const EMPTY = (): Info => ({ exact: new Set(['']), req: null });

class Unreadable extends Error {}

/** Literals at least one of which occurs in every match of `re`; null when none could be established. */
export function requiredLiterals(re: RegExp): string[] | null {
  // Case-insensitive matching, the v flag and the legacy (non-Unicode) syntax are not read: no prefilter.
  if (!re.unicode || re.ignoreCase || re.flags.includes('v')) return null;
  try {
    const parser = new Parser(re.source);
    const info = parser.disjunction();
    if (!parser.done()) throw new Unreadable(`unexpected "${parser.peek()}"`);
    return reqOf(info);
  } catch (error) {
    if (error instanceof Unreadable) return null;
    throw error;
  }
}

/** The literal set an Info guarantees, or null. */
function reqOf(info: Info): string[] | null {
  if (info.exact) return info.exact.has('') ? null : [...info.exact];
  return info.req;
}

function cross(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_EXACT) return null;
  if (b.size === 1 && b.has('')) return a;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/** The most selective of several literal sets: the longest shortest literal, then the fewest literals. */
function best(sets: string[][]): string[] | null {
  let chosen: string[] | null = null;
  let chosenMin = -1;
  for (const s of sets) {
    let min = Infinity;
    for (const x of s) min = Math.min(min, x.length);
    if (min > chosenMin || (min === chosenMin && chosen !== null && s.length < chosen.length)) {
      chosen = s;
      chosenMin = min;
    }
  }
  return chosen;
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  done(): boolean { return this.i >= this.src.length; }
  peek(): string { return this.src[this.i] ?? ''; }

  private eat(s: string): boolean {
    if (this.src.startsWith(s, this.i)) {
      this.i += s.length;
      return true;
    }
    return false;
  }

  private expect(s: string): void {
    if (!this.eat(s)) throw new Unreadable(`expected "${s}" at ${this.i}`);
  }

  disjunction(): Info {
    const branches: Info[] = [this.alternative()];
    while (this.eat('|')) branches.push(this.alternative());
    if (branches.length === 1) return branches[0]!;
    let exact: Set<string> | null = new Set();
    for (const b of branches) {
      if (!b.exact || !exact) {
        exact = null;
        continue;
      }
      for (const x of b.exact) exact.add(x);
      if (exact.size > MAX_EXACT) exact = null;
    }
    if (exact) return { exact, req: null };
    const req: string[] = [];
    for (const b of branches) {
      const r = reqOf(b);
      if (!r) return ANY;
      req.push(...r);
    }
    return { exact: null, req: [...new Set(req)] };
  }

  private alternative(): Info {
    let acc: Set<string> = new Set(['']);
    let whole = true; // every term so far was folded into acc
    const candidates: string[][] = [];
    while (!this.done() && this.peek() !== '|' && this.peek() !== ')') {
      const term = this.term();
      const joined = term.exact ? cross(acc, term.exact) : null;
      if (joined) {
        acc = joined;
        continue;
      }
      // acc ends here: it is a contiguous piece of every match, so a candidate unless it may be empty.
      whole = false;
      if (!acc.has('')) candidates.push([...acc]);
      if (term.exact) acc = term.exact;
      else {
        acc = new Set(['']);
        if (term.req) candidates.push(term.req);
      }
    }
    if (whole) return { exact: acc, req: null };
    if (!acc.has('')) candidates.push([...acc]);
    return { exact: null, req: best(candidates) };
  }

  private term(): Info {
    const c = this.peek();
    if (c === '^' || c === '$') {
      this.i++;
      return EMPTY();
    }
    if (this.src.startsWith('(?=', this.i) || this.src.startsWith('(?!', this.i)
      || this.src.startsWith('(?<=', this.i) || this.src.startsWith('(?<!', this.i)) {
      this.i += this.src[this.i + 2] === '<' ? 4 : 3;
      this.disjunction(); // read and ignored: an assertion consumes nothing
      this.expect(')');
      return EMPTY();
    }
    if (this.src.startsWith('\\b', this.i) || this.src.startsWith('\\B', this.i)) {
      this.i += 2;
      return EMPTY();
    }
    const atom = this.atom();
    return this.quantified(atom);
  }

  private quantified(atom: Info): Info {
    let min: number;
    let max: number;
    const c = this.peek();
    if (c === '*') { min = 0; max = Infinity; this.i++; }
    else if (c === '+') { min = 1; max = Infinity; this.i++; }
    else if (c === '?') { min = 0; max = 1; this.i++; }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) throw new Unreadable(`bad quantifier at ${this.i}`);
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
      this.i += m[0].length;
    } else return atom;
    this.eat('?'); // lazy: the same strings
    if (max === 0) return EMPTY();
    if (min === 0) {
      if (max === 1 && atom.exact) return { exact: new Set(['', ...atom.exact]), req: null };
      return ANY;
    }
    if (atom.exact && min === max) {
      let exact: Set<string> | null = new Set(['']);
      for (let k = 0; k < min && exact; k++) exact = cross(exact, atom.exact);
      if (exact) return { exact, req: null };
    }
    return { exact: null, req: reqOf(atom) };
  }

  private atom(): Info {
    const c = this.peek();
    if (c === '.') { this.i++; return ANY; }
    if (c === '(') {
      this.i++;
      if (this.eat('?:')) { /* non-capturing */ }
      else if (this.src.startsWith('?<', this.i)) {
        const m = /^\?<[A-Za-z_$][\w$]*>/.exec(this.src.slice(this.i));
        if (!m) throw new Unreadable(`bad group at ${this.i}`);
        this.i += m[0].length;
      } else if (this.peek() === '?') throw new Unreadable(`unknown group at ${this.i}`);
      const inner = this.disjunction();
      this.expect(')');
      return inner;
    }
    if (c === '[') return this.characterClass();
    if (c === '\\') return this.escape();
    if ('*+?{}])|'.includes(c)) throw new Unreadable(`unexpected "${c}" at ${this.i}`);
    const cp = this.src.codePointAt(this.i)!;
    const ch = String.fromCodePoint(cp);
    this.i += ch.length;
    return { exact: new Set([ch]), req: null };
  }

  /** An escape outside a class: a literal character, or a class shorthand / back-reference (anything). */
  private escape(): Info {
    const ch = this.escapedChar(false);
    return ch === null ? ANY : { exact: new Set([ch]), req: null };
  }

  /** Reads an escape after "\": the character it stands for, or null for a set of characters or a back-reference. */
  private escapedChar(inClass: boolean): string | null {
    this.expect('\\');
    const c = this.peek();
    this.i++;
    switch (c) {
      case 'd': case 'D': case 's': case 'S': case 'w': case 'W': return null;
      case 'p': case 'P': {
        const end = this.src.indexOf('}', this.i);
        if (this.peek() !== '{' || end < 0) throw new Unreadable('bad \\p');
        this.i = end + 1;
        return null;
      }
      case 'k': {
        const end = this.src.indexOf('>', this.i);
        if (this.peek() !== '<' || end < 0) throw new Unreadable('bad \\k');
        this.i = end + 1;
        return null;
      }
      case 't': return '\t';
      case 'n': return '\n';
      case 'v': return '\v';
      case 'f': return '\f';
      case 'r': return '\r';
      case 'b': if (inClass) return '\b'; throw new Unreadable('\\b handled as an assertion');
      case 'c': {
        const l = this.peek();
        if (!/^[A-Za-z]$/.test(l)) throw new Unreadable('bad \\c');
        this.i++;
        return String.fromCharCode(l.charCodeAt(0) % 32);
      }
      case 'x': {
        const m = /^[0-9A-Fa-f]{2}/.exec(this.src.slice(this.i));
        if (!m) throw new Unreadable('bad \\x');
        this.i += 2;
        return String.fromCharCode(parseInt(m[0], 16));
      }
      case 'u': {
        const braced = /^\{([0-9A-Fa-f]+)\}/.exec(this.src.slice(this.i));
        if (braced) {
          this.i += braced[0].length;
          return String.fromCodePoint(parseInt(braced[1]!, 16));
        }
        const m = /^[0-9A-Fa-f]{4}/.exec(this.src.slice(this.i));
        if (!m) throw new Unreadable('bad \\u');
        this.i += 4;
        // A surrogate pair written as two \u escapes is one code point; as code units it is the same string.
        return String.fromCharCode(parseInt(m[0], 16));
      }
      case '0':
        if (/[0-9]/.test(this.peek())) throw new Unreadable('octal escape');
        return '\0';
      default:
        if (/[1-9]/.test(c)) { // a back-reference
          while (/[0-9]/.test(this.peek())) this.i++;
          return null;
        }
        // In Unicode mode only syntax characters (and "-" in a class) may be escaped.
        if ('^$\\.*+?()[]{}|/'.includes(c) || (inClass && c === '-')) return c;
        throw new Unreadable(`unknown escape \\${c}`);
    }
  }

  /** A small class of single characters ("[аио]", "[ыи]") is a set of literals; anything else matches anything. */
  private characterClass(): Info {
    this.expect('[');
    const negated = this.eat('^');
    const chars = new Set<string>();
    let open = false; // a shorthand or a large range: not a small literal set
    const member = (): string | null => {
      if (this.peek() === '\\') {
        // An escaped surrogate inside a class may pair with the next one into one character: not a literal.
        const ch = this.escapedChar(true);
        return ch !== null && /[\ud800-\udfff]/.test(ch) ? null : ch;
      }
      const cp = this.src.codePointAt(this.i);
      if (cp === undefined) throw new Unreadable('unterminated class');
      const ch = String.fromCodePoint(cp);
      this.i += ch.length;
      return ch;
    };
    while (this.peek() !== ']') {
      if (this.done()) throw new Unreadable('unterminated class');
      const from = member();
      if (this.peek() === '-' && this.src[this.i + 1] !== ']') {
        this.i++;
        const to = member();
        if (from === null || to === null) throw new Unreadable('range with a class shorthand');
        const a = from.codePointAt(0)!;
        const b = to.codePointAt(0)!;
        if (b < a) throw new Unreadable('reversed range');
        if (b - a + 1 + chars.size > MAX_CLASS) open = true;
        else for (let x = a; x <= b; x++) chars.add(String.fromCodePoint(x));
      } else if (from === null) open = true;
      else chars.add(from);
    }
    this.expect(']');
    if (negated || open || chars.size === 0 || chars.size > MAX_CLASS) return ANY;
    return { exact: chars, req: null };
  }
}

// ---------------------------------------------------------------------------------------------------
// Screening many regexes with one pass over the text.

/** Regexes screened together; register them at module load, the automaton is built on first use. */
export interface RegexScreen {
  regexes: RegExp[];
  automaton: Automaton | null;
  lastText: string | null;
  lastMay: Uint8Array;
}

/** A regex registered in a screen. */
export interface ScreenedRegex {
  readonly re: RegExp;
  readonly screen: RegexScreen;
  readonly id: number;
}

interface Automaton {
  /** code unit -> symbol (0: in no literal) */
  symbol: Uint16Array;
  width: number;
  /** the row (state · width) after a code unit: next[row + symbol] */
  next: Int32Array;
  /** per state: 1 when some literal ends there */
  emits: Uint8Array;
  /** per state: the regex ids whose literal ends there (directly or through its suffixes) */
  outputs: Array<readonly number[] | null>;
  /** ids of regexes without literals: always run */
  always: number[];
}

export const regexScreen = (): RegexScreen => ({ regexes: [], automaton: null, lastText: null, lastMay: new Uint8Array(0) });

export function screened(screen: RegexScreen, re: RegExp): ScreenedRegex {
  screen.regexes.push(re);
  screen.automaton = null;
  screen.lastText = null;
  return { re, screen, id: screen.regexes.length - 1 };
}

function buildAutomaton(regexes: readonly RegExp[]): Automaton {
  const literals: Array<{ text: string; id: number }> = [];
  const always: number[] = [];
  regexes.forEach((re, id) => {
    const req = requiredLiterals(re);
    if (!req || req.length === 0 || req.some((l) => l.length === 0)) always.push(id);
    else for (const text of req) literals.push({ text, id });
  });
  const symbol = new Uint16Array(0x10000);
  let width = 1;
  for (const { text } of literals) {
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (symbol[c] === 0) symbol[c] = width++;
    }
  }
  // The trie.
  const children: Array<Map<number, number>> = [new Map()];
  const own: number[][] = [[]];
  for (const { text, id } of literals) {
    let s = 0;
    for (let k = 0; k < text.length; k++) {
      const sym = symbol[text.charCodeAt(k)]!;
      let next = children[s]!.get(sym);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        own.push([]);
        children[s]!.set(sym, next);
      }
      s = next;
    }
    own[s]!.push(id);
  }
  // Breadth first: every state's row starts as a copy of its failure state's (complete, being shallower), then
  // its own children; outputs are merged along the failure links.
  const n = children.length;
  const delta = new Int32Array(n * width);
  const fail = new Int32Array(n);
  const outputs: Array<readonly number[] | null> = new Array(n).fill(null);
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    if (s !== 0) {
      const f = fail[s]!;
      delta.copyWithin(s * width, f * width, f * width + width);
      const inherited = outputs[f];
      const ids = inherited ? new Set([...own[s]!, ...inherited]) : new Set(own[s]!);
      outputs[s] = ids.size > 0 ? [...ids] : null;
    }
    for (const [sym, child] of children[s]!) {
      fail[child] = s === 0 ? 0 : delta[fail[s]! * width + sym]!;
      delta[s * width + sym] = child;
      queue.push(child);
    }
  }
  // Rows addressed by their offset, so a step is one lookup.
  const next = new Int32Array(n * width);
  for (let k = 0; k < next.length; k++) next[k] = delta[k]! * width;
  const emits = new Uint8Array(n);
  for (let k = 0; k < n; k++) emits[k] = outputs[k] ? 1 : 0;
  return { symbol, width, next, emits, outputs, always };
}

/** For every regex of the screen, 1 when it may match the text, 0 when it cannot; remembered for the last text. */
export function screenText(screen: RegexScreen, text: string): Uint8Array {
  if (text === screen.lastText) return screen.lastMay;
  let a = screen.automaton;
  if (!a) {
    a = buildAutomaton(screen.regexes);
    screen.automaton = a;
  }
  const may = new Uint8Array(screen.regexes.length);
  for (const id of a.always) may[id] = 1;
  const { symbol, next, emits, outputs, width } = a;
  let row = 0;
  for (let i = 0; i < text.length; i++) {
    row = next[row + symbol[text.charCodeAt(i)]!]!;
    if (emits[row / width]) {
      const out = outputs[row / width]!;
      for (let k = 0; k < out.length; k++) may[out[k]!] = 1;
    }
  }
  screen.lastText = text;
  screen.lastMay = may;
  return may;
}

/** False only when the regex cannot match the text. */
export const mayMatch = (r: ScreenedRegex, text: string): boolean => screenText(r.screen, text)[r.id] === 1;

/** `r.re.exec(text)`, skipped when the screen shows it cannot match (the regex must not be global). */
export const execScreened = (r: ScreenedRegex, text: string): RegExpExecArray | null => (mayMatch(r, text) ? r.re.exec(text) : null);

/** `r.re.test(text)`, skipped when the screen shows it cannot match (the regex must not be global). */
export const testScreened = (r: ScreenedRegex, text: string): boolean => mayMatch(r, text) && r.re.test(text);
