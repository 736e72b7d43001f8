// Importance step: critical / high / normal / low from the content, engagement against the source's usual level and repeats.
import type { AbuseCode, Evidence, Importance, LocationCode } from '@cur/shared/contracts/index';
import {
  BROAD_DANGER, COMPLAINT, CRITICAL_CUES, DURATION_RE_SOURCE, FROST_RE_SOURCE, HIGH_COLLECTIVE, HIGH_PREVIOUS, LOCAL_MARKER, LOW_CHAT,
  LOW_NEWS, LOW_THANKS, OTHER_REGION, OUTAGE_RE_SOURCE, REQUEST, SARCASM, SCALE_RE_SOURCE,
} from '../../../data/importance-cues';
import { execScreened, regexScreen, screened, testScreened } from '../text/prefilter';
import { stemsOf, tokenize } from '../text/normalize';
import { CRITICAL_MODEL, conceptsOf, scoreStems, type CriticalModel } from './critical-model';
import { compilePhrase } from './detect-abuse';

export interface ImportanceInput {
  /** plain lower-case text (normalizeText().plain) */
  plain: string;
  abuse: AbuseCode;
  isSpam: boolean;
  location: LocationCode;
  /** likes + 2·reposts + comments of this post, when known */
  engagement?: number | null;
  /** the same measure for an ordinary post of this source (e.g. its median), when known */
  engagementBaseline?: number | null;
  /** the post repeats an earlier one of the same author on the same question */
  isRepeat?: boolean;
  /** content stems of `plain` (normalizeText().stems), when already computed */
  stems?: readonly string[];
}

export interface ImportanceOptions {
  /** engagement at least this many times the baseline makes a post "high" (resonance) */
  resonanceFactor: number;
  /** and at least this absolute engagement, so a quiet source does not flag every liked post */
  resonanceMinEngagement: number;
  /** the critical model (steps/critical-model); another one only for cross-validation */
  criticalModel?: CriticalModel;
}

export const defaultImportanceOptions: ImportanceOptions = { resonanceFactor: 5, resonanceMinEngagement: 50 };

export interface ImportanceVerdict {
  importance: Importance;
  evidence: Evidence;
}

// Weight 0 marks a cue combined by hand below (outage); a negative one lowers the score (an abandoned building).
// Every cue is screened with one pass over the text (text/prefilter): a regex whose literals are absent is not run.
const SCREEN = regexScreen();
const CRITICAL = CRITICAL_CUES.filter((c) => c.weight !== 0).map((c) => ({ ...c, re: screened(SCREEN, compilePhrase(c.pattern)) }));
const BOOSTERS = new Set(['urgent', 'vulnerable', 'urgent-now', 'vulnerable-more']);
/** Cues that hint at danger without showing it; alone, "срочно" and "дети" lift them only a little. */
const WEAK = new Set(['waiting-for-tragedy', 'hospitalised', 'poisoned', 'smoke-in-building', 'dog-pack', 'hit-by-car', 'exposed-hazard', 'near-miss']);
/** Cues that tell of danger in general or in the past; the model does not decide on them alone. */
const URGENCY = new Set(['urgent', 'urgent-now']);
const CONTEXT_ONLY = new Set(['waiting-for-tragedy', 'hospitalised']);
const OUTAGE_RE = screened(SCREEN, compilePhrase(OUTAGE_RE_SOURCE));
const BROAD_RE = screened(SCREEN, compilePhrase(BROAD_DANGER));
const FROST_RE = screened(SCREEN, compilePhrase(FROST_RE_SOURCE));
const SCALE_RE = screened(SCREEN, compilePhrase(SCALE_RE_SOURCE));
const DURATION_RE = screened(SCREEN, compilePhrase(DURATION_RE_SOURCE));
const COLLECTIVE_RE = screened(SCREEN, compilePhrase(HIGH_COLLECTIVE));
const PREVIOUS_RE = screened(SCREEN, compilePhrase(HIGH_PREVIOUS));
const THANKS_RE = screened(SCREEN, compilePhrase(LOW_THANKS));
const SARCASM_RE = screened(SCREEN, compilePhrase(SARCASM));
const NEWS_RE = screened(SCREEN, compilePhrase(LOW_NEWS));
const CHAT_RE = screened(SCREEN, compilePhrase(LOW_CHAT));
const OTHER_REGION_RE = screened(SCREEN, compilePhrase(OTHER_REGION));
/** Another region named outright: "у соседей" (the neighbouring region, or the people next door) does not count here. */
const NAMED_OTHER_REGION_RE = screened(SCREEN, compilePhrase(OTHER_REGION.replace('|у\\s+соседей\\b', '')));
const LOCAL_RE = screened(SCREEN, compilePhrase(LOCAL_MARKER));
const REQUEST_RE = screened(SCREEN, compilePhrase(REQUEST));
const STRONG_REQUEST_RE = screened(SCREEN, compilePhrase(REQUEST.replace(/^\\\?\|/, '')));
const COMPLAINT_RE = screened(SCREEN, compilePhrase(COMPLAINT));

/** The weight a post reaches toward "critical" and the cues behind it. */
export function criticalScore(plain: string): { score: number; matched: string[]; modelEligible: boolean; urgent: boolean; abandoned: boolean } {
  let core = 0;
  let boost = 0;
  let weak = 0;
  let context = 0;
  let abandoned = false;
  let urgent = false;
  const matched: string[] = [];
  for (const cue of CRITICAL) {
    const m = execScreened(cue.re, plain);
    if (!m) continue;
    matched.push(`${cue.name}:${m[0]}`);
    if (BOOSTERS.has(cue.name)) {
      boost += cue.weight;
      if (URGENCY.has(cue.name)) urgent = true;
    }
    else {
      core += cue.weight;
      if (WEAK.has(cue.name)) weak += cue.weight;
      if (CONTEXT_ONLY.has(cue.name)) context += cue.weight;
      if (cue.weight < 0) abandoned = true;
    }
  }
  // Loss of heat, water, power or gas for many people in frost, or for days.
  const outage = execScreened(OUTAGE_RE, plain);
  if (outage) {
    const frost = execScreened(FROST_RE, plain);
    const scale = execScreened(SCALE_RE, plain);
    const duration = execScreened(DURATION_RE, plain);
    if (scale && (frost || duration)) {
      core += 4;
      matched.push(`outage:${outage[0]}`, `scale:${scale[0]}`, frost ? `frost:${frost[0]}` : `duration:${duration![0]}`);
    } else if (frost && duration) {
      // One home or street without heat or gas in frost for days is as grave as a whole block for a night.
      core += 4;
      matched.push(`outage:${outage[0]}`, `frost:${frost[0]}`, `duration:${duration[0]}`);
    } else if (frost) {
      core += 3;
      matched.push(`outage:${outage[0]}`, `frost:${frost[0]}`);
    } else if (duration || scale) {
      // Days without water or power, or a whole block without them, without frost: weak, the model and a
      // vulnerability cue (лежачие, дети) decide.
      core += 2;
      weak += 2;
      matched.push(`outage:${outage[0]}`, duration ? `duration:${duration[0]}` : `scale:${scale![0]}`);
    }
  }
  // Broad danger vocabulary lifts a post without a specific cue to the weak level, where the model decides.
  let broadOnly = false;
  if (core < 2) {
    const broad = execScreened(BROAD_RE, plain);
    if (broad) {
      weak += 2 - core;
      core = 2;
      broadOnly = true;
      matched.push(`danger-word:${broad[0]}`);
    }
  }
  // "срочно", "дети" only sharpen a real danger; on their own they are everyday words. Weak cues alone (a
  // poisoning, a pit, "пока кто-то не покалечится") take one of them, not two.
  const maxBoost = core - weak >= 2 ? 2 : 1;
  const score = core >= 2 ? core + Math.min(boost, maxBoost) : core;
  // The model may only confirm a present danger: not a drill or an abandoned building, not rhetoric or a past hospital stay alone.
  const modelEligible = !abandoned && (broadOnly || core - context >= 2);
  return { score, matched, modelEligible, urgent, abandoned };
}

const CRITICAL_THRESHOLD = 4;
/** A cue score from which the model (steps/critical-model) may decide with a lower bar; the log-odds it needs. */
const MODEL_MIN_SCORE = 2;
/** One below the threshold (a call for help, "срочно", "!!!", counts toward it), two below. */
const MODEL_LOG_ODDS_NEAR = 0.25;
const MODEL_LOG_ODDS_FAR = 0.5;
/** No cue, only words of a danger family (data/danger-concepts.ts): the model alone must be sure. */
const MODEL_LOG_ODDS_ALONE = 1.5;
/** Abusive posts are rejected anyway; only an unmistakable danger keeps them critical. */
const CRITICAL_THRESHOLD_ABUSIVE = 5;
/** Log-odds at or below which the model overrules the cues (gold critical posts of dev and heldout stay above −1.5). */
const MODEL_VETO_LOG_ODDS = -3.5;
const MODEL_ABUSIVE_EXTRA = 1;

function ev(importance: Importance, rule: string, matched: string[], score?: number): ImportanceVerdict {
  return {
    importance,
    evidence: { step: 'importance', value: importance, rule, matched, ...(score !== undefined ? { score } : {}) },
  };
}

export function rateImportance(input: ImportanceInput, options: ImportanceOptions = defaultImportanceOptions): ImportanceVerdict {
  const { plain } = input;

  if (input.isSpam) return ev('low', 'spam', []);

  const hasRequest = testScreened(REQUEST_RE, plain);
  const hasStrongRequest = testScreened(STRONG_REQUEST_RE, plain);
  const hasComplaint = testScreened(COMPLAINT_RE, plain);
  const thanks = execScreened(THANKS_RE, plain);
  const sarcasm = execScreened(SARCASM_RE, plain);
  // Thanks for help already given outranks the emergency it describes.
  if (thanks && !sarcasm && !hasComplaint && !hasRequest) return ev('low', 'thanks', [thanks[0]]);

  const critical = criticalScore(plain);
  // A post about another region is not ours to rush (it is "low" below), unless it also names a place of ours.
  const otherRegion = execScreened(OTHER_REGION_RE, plain);
  const elsewhere = otherRegion !== null && input.location === 'unknown' && testScreened(NAMED_OTHER_REGION_RE, plain) && !testScreened(LOCAL_RE, plain);
  const threshold = input.abuse === 'none' ? CRITICAL_THRESHOLD : CRITICAL_THRESHOLD_ABUSIVE;
  const stems = input.stems ?? stemsOf(tokenize(plain));
  const model = options.criticalModel ?? CRITICAL_MODEL;
  if (critical.score >= threshold && !elsewhere) {
    // The cues decide, unless the model is sure the danger is past, staged or a figure of speech ("пять лет назад затопило").
    const veto = scoreStems(stems, model);
    if (veto.logOdds > MODEL_VETO_LOG_ODDS) return ev('critical', 'danger-to-life-or-supply', critical.matched, critical.score);
    critical.matched.push(`model-veto:${veto.logOdds.toFixed(2)}`);
  }
  // Below the threshold, the model trained on our own sentences decides: with a lower bar when a danger cue fired, with
  // a high one when only words of a danger family are present. Never on a drill or an abandoned building.
  if (!critical.abandoned && !elsewhere) {
    const byCue = critical.score >= MODEL_MIN_SCORE && critical.modelEligible;
    const concepts = conceptsOf(stems);
    if (byCue || concepts.danger > 0) {
      const verdict = scoreStems(stems, model, concepts);
      const need = (byCue
        ? (critical.score >= threshold - 1 ? MODEL_LOG_ODDS_NEAR : MODEL_LOG_ODDS_FAR)
        : MODEL_LOG_ODDS_ALONE) + (input.abuse === 'none' ? 0 : MODEL_ABUSIVE_EXTRA);
      if (verdict.logOdds >= need) {
        return ev('critical', byCue ? 'danger-cue-and-model' : 'danger-words-and-model',
          [...critical.matched, ...verdict.top.map((f) => `model:${f}`), `model-log-odds:${verdict.logOdds.toFixed(2)}`], critical.score);
      }
    }
  }

  if (input.abuse !== 'none') return ev('normal', 'abusive', critical.matched, critical.score);

  if (otherRegion && input.location === 'unknown' && !(hasRequest && testScreened(LOCAL_RE, plain))) {
    return ev('low', 'other-region', [otherRegion[0]]);
  }

  const collective = execScreened(COLLECTIVE_RE, plain);
  if (collective) return ev('high', 'collective-or-resonant', [collective[0]]);
  const previous = execScreened(PREVIOUS_RE, plain);
  if (previous) return ev('high', 'repeated-complaint', [previous[0]]);
  if (input.isRepeat) return ev('high', 'repeat-of-earlier-post', []);
  const { engagement, engagementBaseline } = input;
  if (engagement != null && engagementBaseline != null && engagementBaseline > 0
    && engagement >= options.resonanceMinEngagement && engagement >= options.resonanceFactor * engagementBaseline) {
    return ev('high', 'engagement-above-baseline', [], Math.round((engagement / engagementBaseline) * 10) / 10);
  }

  const chat = execScreened(CHAT_RE, plain);
  if (chat && !hasComplaint && !hasStrongRequest) return ev('low', 'chit-chat', [chat[0]]);
  const news = execScreened(NEWS_RE, plain);
  if (news && !hasComplaint && !hasRequest) return ev('low', 'news', [news[0]]);

  return ev('normal', critical.matched.length > 0 ? 'below-critical' : 'default', critical.matched, critical.score);
}
