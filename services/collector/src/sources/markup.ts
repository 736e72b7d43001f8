// Cheerio behind guards, for markup from the network. Pure.
// - Absurd nesting or element counts are refused before parsing, with a linear scan: parse5's tree building gets
//   slower than linear as nesting grows (measured: 5k nested <div> 0.5 s, 10k 1.8 s, 20k 4-6 s, all on the event loop).
// - Unpaired surrogates (only possible from JSON escapes like "\udc00") are replaced with U+FFFD first: two low
//   surrogates in a row make parse5 compute a code point above U+10FFFF, and String.fromCodePoint throws.
// - Any exception the parser or a reader still throws becomes a SHAPE_CHANGED error value.
import { load, type CheerioAPI } from 'cheerio';
import { err, type Result } from '@cur/shared/result';
import { sourceError, type SourceError } from './source';

export interface MarkupLimits {
  /** Deepest element nesting accepted (browsers flatten past 512; real pages stay well under 100). */
  maxDepth: number;
  /** Most start tags accepted (a t.me preview page has about 1,500; a heavy news page about 10,000). */
  maxTags: number;
}

// Measured on the 2-core machine, warm: 1,000 nested <div> 20-40 ms, 20,000 flat <p> 0.3-0.8 s, 1,000 open <div>
// then 19,000 <li> 1 s (each <li> walks the open elements); halving the depth halves that.
export const defaultMarkupLimits: MarkupLimits = { maxDepth: 512, maxTags: 20_000 };

// Elements that never nest (void) or whose end tag is implied by the next sibling: they add no depth.
// (rb/rt/rp do nest outside <ruby>, quadratically: 30,000 of them took 34 s, so they count.)
const flatHtml = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'a',
]);
// Raw text: their content is not markup.
const rawText = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript', 'iframe', 'noembed', 'noframes', 'plaintext']);

const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 58 || c === 46;

export interface MarkupShape {
  /** Estimated deepest nesting (an upper bound for well-formed markup; stops counting past the limit). */
  depth: number;
  /** Start tags seen. */
  tags: number;
  /** The first limit exceeded, if any ('tags' also when the text holds more than 4 × maxTags '<'). */
  exceeded: 'depth' | 'tags' | null;
}

/**
 * One linear pass over the text estimating element nesting the way a tree builder would: a stack of open names,
 * an end tag closes up to its matching open element (a stray end tag is ignored), void and implied-end elements
 * add no depth, comments and raw-text elements are skipped. Stops as soon as a limit is passed.
 */
export function measureMarkup(text: string, options: { xml?: boolean; limits?: MarkupLimits } = {}): MarkupShape {
  const limits = options.limits ?? defaultMarkupLimits;
  const xml = options.xml ?? false;
  const stack: string[] = [];
  const openCount = new Map<string, number>();
  let depth = 0;
  let tags = 0;
  let marks = 0;
  let i = text.indexOf('<');
  const n = text.length;
  while (i !== -1 && i < n - 1) {
    // Every '<' costs a step; a text of nothing but '<' is refused at a bound, not scanned to its end.
    if (++marks > 4 * limits.maxTags) return { depth, tags, exceeded: 'tags' };
    const c = text.charCodeAt(i + 1);
    if (c === 33 /* ! */ || c === 63 /* ? */) {
      // <!-- comment -->, <![CDATA[ ]]>, <!DOCTYPE>, <?xml ?>
      const end = text.startsWith('<!--', i) ? text.indexOf('-->', i + 4) : text.startsWith('<![CDATA[', i) ? text.indexOf(']]>', i + 9) : text.indexOf('>', i + 2);
      if (end === -1) break;
      i = text.indexOf('<', end + 1);
      continue;
    }
    const isEnd = c === 47; /* / */
    let j = isEnd ? i + 2 : i + 1;
    if (!isNameStart(text.charCodeAt(j))) { i = text.indexOf('<', i + 1); continue; }
    const start = j;
    while (j < n && isNameChar(text.charCodeAt(j))) j++;
    const name = xml ? text.slice(start, j) : text.slice(start, j).toLowerCase();
    const close = text.indexOf('>', j);
    if (close === -1) break;
    if (isEnd) {
      if ((openCount.get(name) ?? 0) > 0) {
        // Pop up to and including the matching element: what it leaves open, it closes (amortised O(1)).
        for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
          openCount.set(top, (openCount.get(top) ?? 1) - 1);
          if (top === name) break;
        }
      }
      i = text.indexOf('<', close + 1);
      continue;
    }
    tags++;
    if (tags > limits.maxTags) return { depth: Math.max(depth, stack.length), tags, exceeded: 'tags' };
    // "<x/>" closes itself in XML only: an HTML parser ignores the slash on a non-void element ("<div/>" stays open).
    const selfClosing = xml && text.charCodeAt(close - 1) === 47;
    if (!xml && rawText.has(name)) {
      const endTag = indexOfEndTag(text, name, close + 1);
      if (endTag === -1) break;
      i = text.indexOf('<', endTag + 2);
      continue;
    }
    if (!selfClosing && (xml || !flatHtml.has(name))) {
      stack.push(name);
      openCount.set(name, (openCount.get(name) ?? 0) + 1);
      if (stack.length > depth) depth = stack.length;
      if (depth > limits.maxDepth) return { depth, tags, exceeded: 'depth' };
    }
    i = text.indexOf('<', close + 1);
  }
  return { depth, tags, exceeded: null };
}

/** The text with every unpaired surrogate replaced by U+FFFD (String.prototype.toWellFormed, which our lib typings lack). */
export const wellFormed = (text: string): string =>
  text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** Position of `</name` (any letter case) at or after `from`, or -1. Linear: each `</` is looked at once. */
function indexOfEndTag(text: string, name: string, from: number): number {
  for (let k = text.indexOf('</', from); k !== -1; k = text.indexOf('</', k + 2)) {
    if (text.slice(k + 2, k + 2 + name.length).toLowerCase() === name && !isNameChar(text.charCodeAt(k + 2 + name.length))) return k;
  }
  return -1;
}

/**
 * Loads markup with cheerio and hands it to `read`, returning SHAPE_CHANGED instead of parsing markup past the
 * limits and instead of any exception. `what` names the document in the error message (never its content).
 */
export function readMarkup<T>(
  what: string,
  text: string,
  read: ($: CheerioAPI) => Result<T, SourceError>,
  options: { xml?: boolean; limits?: MarkupLimits } = {},
): Result<T, SourceError> {
  const limits = options.limits ?? defaultMarkupLimits;
  const shape = measureMarkup(text, options);
  if (shape.exceeded === 'depth') {
    return err(sourceError('SHAPE_CHANGED', `${what}: markup nested deeper than ${limits.maxDepth} levels; refused before parsing`));
  }
  if (shape.exceeded === 'tags') {
    return err(sourceError('SHAPE_CHANGED', `${what}: more than ${limits.maxTags} tags; refused before parsing`));
  }
  try {
    const $ = load(wellFormed(text), options.xml ? { xml: true } : undefined);
    return read($);
  } catch (error) {
    const e = error as Error;
    return err(sourceError('SHAPE_CHANGED', `${what}: the markup could not be parsed (${e.name}: ${String(e.message).slice(0, 200)})`));
  }
}

/** Text of a small HTML fragment (a comment's html), never throwing: on a failure, the fragment with tags stripped. */
export function fragmentText(html: string, prepare: ($: CheerioAPI) => string, limits: MarkupLimits = defaultMarkupLimits): string {
  const stripped = (): string => wellFormed(html.replace(/<[^<>]*>/g, ''));
  const shape = measureMarkup(html, { limits });
  if (shape.exceeded) return stripped();
  try {
    return prepare(load(wellFormed(html)));
  } catch {
    return stripped();
  }
}
