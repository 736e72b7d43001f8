// A set of UTF-16 code units defined by a one-character regular expression, answered from a table filled on first
// use: exactly the regex's answer for that code unit, without running the regex again in a hot loop.

export interface CodeUnitSet {
  /** tests a string of one code unit; no g or y flag, so it keeps no state */
  readonly re: RegExp;
  /** per code unit: 0 not asked yet, 1 in the set, 2 not */
  readonly known: Uint8Array;
}

export function codeUnitSet(re: RegExp): CodeUnitSet {
  if (re.global || re.sticky) throw new Error(`codeUnitSet needs a regex without g or y flags: ${re}`);
  return { re, known: new Uint8Array(0x10000) };
}

export function inSet(set: CodeUnitSet, code: number): boolean {
  const k = set.known[code]!;
  if (k !== 0) return k === 1;
  const yes = set.re.test(String.fromCharCode(code));
  set.known[code] = yes ? 1 : 2;
  return yes;
}

/** The maximal runs of code units in the set, e.g. the words of a text; what splitting at runs of the others gives, without empty parts. */
export function runsOf(text: string, set: CodeUnitSet): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (inSet(set, text.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

/** How many maximal runs of code units in the set the text holds. */
export function countRuns(text: string, set: CodeUnitSet): number {
  let n = 0;
  let inRun = false;
  for (let i = 0; i < text.length; i++) {
    const yes = inSet(set, text.charCodeAt(i));
    if (yes && !inRun) n++;
    inRun = yes;
  }
  return n;
}
