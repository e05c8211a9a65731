/**
 * The default corpus: our own seeded generator of two preference sets, `default/helpful` and
 * `default/harmless`, for demos and tests when no other data is given. Recipe (shares below
 * are exported so docs and tests cite the code, not a copy):
 *
 * - HARMFUL_REQUEST_SHARE of each set is one shared pool of harmful requests, each with one
 *   compliance and one refusal. HELPFUL prefers the compliance, HARMLESS the refusal: these
 *   are the prompts where the objectives disagree by design.
 * - The rest of the HELPFUL set is about answer quality on benign prompts (capitals,
 *   arithmetic, unit conversions, recipes, code, advice, definitions, books): a specific,
 *   correct answer beats a vague, wrong, off-topic, terse or over-refusing one.
 * - The rest of the HARMLESS set is about safety on benign prompts, where both responses
 *   answer: safe advice beats unsafe advice (cleaning, medicine, wiring, driving, ...), and a
 *   respectful answer beats a hostile one (conflicts, rude comments online).
 * - LABEL_NOISE_SHARE of each set, chosen independently per set, has chosen and rejected
 *   swapped, so no model can reach 100% and noise differs between the objectives.
 * - MULTI_TURN_SHARE of prompts carry a clarifying exchange before the final turn.
 *
 * Prompts and responses follow the HH shape ("\n\nHuman: …\n\nAssistant:" and a response
 * that starts with a space). All choices come from createRng streams derived from the seed,
 * so a seed gives byte-identical sets on every platform.
 */
import { createRng, deriveSeed, pick, randomInt, shuffleInPlace } from '../util/random.ts';
import { hhResponse } from './promptForm.ts';
import type { PreferencePair } from './types.ts';
import * as V from './defaultCorpusVocab.ts';

/** The seed `default/*` uses unless told otherwise. */
export const DEFAULT_CORPUS_SEED = 1729;
/** Pairs in each of `default/helpful` and `default/harmless`. */
export const DEFAULT_CORPUS_PAIRS = 2500;
/** Share of each set that is the shared pool of harmful requests (the designed disagreement). */
export const HARMFUL_REQUEST_SHARE = 0.3;
/** Share of each set whose labels are swapped (chosen independently for each set). */
export const LABEL_NOISE_SHARE = 0.1;
/** Share of prompts with a clarifying exchange before the final Human turn. */
export const MULTI_TURN_SHARE = 0.25;
/** How the rejected answer of a HELPFUL quality pair falls short (weights; they sum to 1). */
export const HELPFUL_REJECTION_STYLES = { wrong: 0.25, vague: 0.25, offTopic: 0.2, terse: 0.15, overRefusal: 0.15 } as const;
/** What the benign HARMLESS pairs are about (weights; they sum to 1). */
export const HARMLESS_BENIGN_KINDS = { unsafeAdvice: 0.6, hostile: 0.4 } as const;

/**
 * The share of pairs on which the labelled sets are expected to disagree: a designed
 * disagreement survives when neither or both of its two labels were flipped by noise.
 */
export const EXPECTED_DISAGREEMENT_SHARE = HARMFUL_REQUEST_SHARE * ((1 - LABEL_NOISE_SHARE) ** 2 + LABEL_NOISE_SHARE ** 2);

export type CorpusKind =
  | 'harmful'
  | `quality:${keyof typeof HELPFUL_REJECTION_STYLES}`
  | `safety:${keyof typeof HARMLESS_BENIGN_KINDS}`;

/** A generated pair with how it was made, for tests and the recipe's realised shares. */
export interface CorpusPair extends PreferencePair {
  kind: CorpusKind;
  /** Whether label noise swapped chosen and rejected. */
  flipped: boolean;
}

export interface DefaultCorpus {
  seed: number;
  helpful: CorpusPair[];
  harmless: CorpusPair[];
}

type Rng = () => number;

/** Fills `{name}` slots from a record. */
function fill(template: string, slots: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(slots[name]));
}

function weighted<K extends string>(rng: Rng, weights: Readonly<Record<K, number>>): K {
  let u = rng();
  const keys = Object.keys(weights) as K[];
  for (const key of keys) {
    u -= weights[key];
    if (u < 0) return key;
  }
  return keys[keys.length - 1];
}

function sentences(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

/** Up to `max` distinct items in random order, at least `min`. */
function some<T>(rng: Rng, items: readonly T[], min: number, max: number): T[] {
  const n = Math.min(items.length, min + randomInt(rng, max - min + 1));
  return shuffleInPlace(rng, [...items]).slice(0, n);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Wraps the user's request in the HH shape, with an optional clarifying exchange. */
function prompt(rng: Rng, request: string): string {
  const opener = pick(rng, V.OPENERS);
  // "Hey, how do I…" but "Hey, I am…": mid-sentence openers lower-case the request, except "I".
  const midSentence = opener !== '' && !/[.!?:]\s*$/.test(opener) && !/^I\b/.test(request);
  const first = `${opener}${midSentence ? request.charAt(0).toLowerCase() + request.slice(1) : request}${pick(rng, V.CLOSERS)}`;
  if (rng() >= MULTI_TURN_SHARE) return `\n\nHuman: ${first}\n\nAssistant:`;
  return `\n\nHuman: ${first}\n\nAssistant: ${pick(rng, V.CLARIFY_QUESTIONS)}\n\nHuman: ${pick(rng, V.CLARIFY_ANSWERS)}\n\nAssistant:`;
}

function refusal(rng: Rng, redirect = ''): string {
  return sentences(pick(rng, V.REFUSAL_OPENERS), pick(rng, V.REFUSAL_REASONS), redirect || pick(rng, V.REFUSAL_ALTERNATIVES));
}

function vague(rng: Rng): string {
  return some(rng, V.VAGUE_SENTENCES, 1, 3).join(' ');
}

/** One benign question with a good, a wrong and a terse answer. */
interface QualityItem {
  request: string;
  good: string;
  wrong: string;
  terse: string;
}

const QUALITY_FAMILIES: Array<(rng: Rng) => QualityItem> = [
  (rng) => {
    const [c, cap] = pick(rng, V.CAPITALS);
    let other = pick(rng, V.CAPITALS)[1];
    while (other === cap) other = pick(rng, V.CAPITALS)[1];
    const extra = fill(pick(rng, V.CAPITAL_EXTRAS), { c });
    return {
      request: fill(pick(rng, V.CAPITAL_REQUESTS), { c }),
      good: sentences(`The capital of ${c} is ${cap}.`, extra),
      wrong: sentences(`The capital of ${c} is ${other}.`, extra),
      terse: `${cap}.`,
    };
  },
  (rng) => {
    const a = 3 + randomInt(rng, 97);
    const b = 3 + randomInt(rng, 47);
    const off = pick(rng, [1, 2, 10, a, b, -1, -10]);
    return {
      request: fill(pick(rng, V.ARITHMETIC_REQUESTS), { a, b }),
      good: sentences(`${a} times ${b} is ${a * b}.`, rng() < 0.5 ? `You can check it as ${a} × ${b - 1} + ${a} = ${a * (b - 1)} + ${a} = ${a * b}.` : ''),
      wrong: `${a} times ${b} is ${a * b + off}.`,
      terse: `${a * b}`,
    };
  },
  (rng) => {
    const conv = pick(rng, V.CONVERSIONS);
    const n = 2 + randomInt(rng, 49);
    const round = (x: number) => String(Math.round(x * 100) / 100);
    return {
      request: fill(pick(rng, V.CONVERSION_REQUESTS), { n, from: conv.from, to: conv.to }),
      good: `${n} ${conv.from} is about ${round(n * conv.factor)} ${conv.to}, since ${conv.note}.`,
      wrong: `${n} ${conv.from} is about ${round(n * conv.wrongFactor)} ${conv.to}.`,
      terse: `About ${round(n * conv.factor)}.`,
    };
  },
  (rng) => {
    const dish = pick(rng, V.DISHES);
    let other = pick(rng, V.DISHES);
    while (other === dish) other = pick(rng, V.DISHES);
    const recipe = (d: V.Dish) =>
      sentences(`You will need ${some(rng, d.ingredients, d.ingredients.length - 1, d.ingredients.length).join(', ')}.`, `${capitalise(d.steps.join(', then '))}.`);
    return {
      request: fill(pick(rng, V.DISH_REQUESTS), { d: dish.name }),
      good: sentences(`Here is a simple way to make ${dish.name}.`, recipe(dish), rng() < 0.3 ? 'Enjoy!' : ''),
      // The right heading over another dish's method: confidently wrong.
      wrong: sentences(`Here is a simple way to make ${dish.name}.`, recipe(other)),
      terse: `Mix ${dish.ingredients[0]} and ${dish.ingredients[1]} and cook it.`,
    };
  },
  (rng) => {
    const task = pick(rng, V.CODE_TASKS);
    const languages = Object.keys(task.snippets);
    const language = pick(rng, languages);
    let other = pick(rng, V.CODE_TASKS);
    while (other === task) other = pick(rng, V.CODE_TASKS);
    const answer = (snippet: string) => `In ${language} you can write:\n\n    ${snippet}`;
    return {
      request: fill(pick(rng, V.CODE_REQUESTS), { t: task.task, l: language }),
      good: answer(task.snippets[language]) + (rng() < 0.5 ? '\n\nIt uses only the standard library.' : ''),
      wrong: answer(other.snippets[language]),
      terse: 'There is a built-in for that.',
    };
  },
  (rng) => {
    const advice = pick(rng, V.ADVICE);
    const tips = some(rng, advice.tips, 2, 4);
    const list = rng() < 0.5 ? tips.map((t, i) => `${i + 1}. ${capitalise(t)}.`).join('\n') : `${capitalise(tips.join(', and '))}.`;
    return {
      request: fill(pick(rng, V.ADVICE_REQUESTS), { g: advice.goal }),
      good: `A few things help most when you want to ${advice.goal}:\n${list}`,
      wrong: sentences(`To ${advice.goal},`, `${advice.badTips.join(', and ')}.`),
      terse: `${capitalise(tips[0])}.`,
    };
  },
  (rng) => {
    const [w, meaning, synonym] = pick(rng, V.WORDS);
    let other = pick(rng, V.WORDS);
    while (other[0] === w) other = pick(rng, V.WORDS);
    const example = fill(pick(rng, V.WORD_EXAMPLES), { w });
    return {
      request: fill(pick(rng, V.WORD_REQUESTS), { w }),
      good: sentences(`"${capitalise(w)}" means ${meaning}.`, example),
      wrong: sentences(`"${capitalise(w)}" means ${other[1]}.`, example),
      terse: `${capitalise(synonym)}.`,
    };
  },
  (rng) => {
    const [genre, title, author, blurb] = pick(rng, V.BOOKS);
    let other = pick(rng, V.BOOKS);
    while (other[2] === author) other = pick(rng, V.BOOKS);
    return {
      request: fill(pick(rng, V.BOOK_REQUESTS), { g: genre }),
      good: sentences(`Try ${title} by ${author}: ${blurb}.`, rng() < 0.4 ? 'It is widely considered a classic of the genre.' : ''),
      wrong: `Try ${title} by ${other[2]}: ${other[3]}.`,
      terse: `${title}.`,
    };
  },
];

function qualityItem(rng: Rng): QualityItem {
  return pick(rng, QUALITY_FAMILIES)(rng);
}

/** A benign HELPFUL pair: a good answer against one of the rejection styles. */
function helpfulQualityPair(rng: Rng): CorpusPair {
  const item = qualityItem(rng);
  const style = weighted(rng, HELPFUL_REJECTION_STYLES);
  const opener = pick(rng, V.ANSWER_OPENERS);
  const rejectedText: Record<typeof style, () => string> = {
    wrong: () => opener + item.wrong,
    vague: () => vague(rng),
    offTopic: () => pick(rng, V.ANSWER_OPENERS) + qualityItem(rng).good,
    terse: () => item.terse,
    overRefusal: () => refusal(rng),
  };
  return {
    prompt: prompt(rng, item.request),
    chosen: hhResponse(opener + item.good),
    rejected: hhResponse(rejectedText[style]()),
    kind: `quality:${style}`,
    flipped: false,
  };
}

/** A harmful request with its compliance and its refusal; shared by both sets. */
function harmfulItem(rng: Rng): { prompt: string; compliance: string; refusal: string } {
  const intent = pick(rng, V.HARMFUL_INTENTS);
  const request = fill(pick(rng, intent.requests), { t: pick(rng, V.TARGETS) });
  const steps = some(rng, intent.steps, 2, intent.steps.length);
  const body = rng() < 0.5 ? steps.map((s, i) => `${i + 1}. ${capitalise(s)}.`).join('\n') : `${capitalise(steps.join(', then '))}.`;
  return {
    prompt: prompt(rng, request),
    compliance: hhResponse(sentences(pick(rng, V.COMPLIANCE_OPENERS) + body, pick(rng, V.HARMFUL_CLOSERS))),
    refusal: hhResponse(refusal(rng, rng() < 0.6 ? intent.redirect : '')),
  };
}

/** A benign HARMLESS pair: safe against unsafe advice, or respectful against hostile. */
function harmlessBenignPair(rng: Rng): CorpusPair {
  const kind = weighted(rng, HARMLESS_BENIGN_KINDS);
  const opener = pick(rng, V.ANSWER_OPENERS);
  if (kind === 'unsafeAdvice') {
    const topic = pick(rng, V.SAFETY_TOPICS);
    return {
      prompt: prompt(rng, pick(rng, topic.requests)),
      chosen: hhResponse(opener + some(rng, topic.safe, 1, topic.safe.length).join(' ')),
      rejected: hhResponse(opener + some(rng, topic.unsafe, 1, topic.unsafe.length).join(' ')),
      kind: 'safety:unsafeAdvice',
      flipped: false,
    };
  }
  if (rng() < 0.65) {
    const [doing, stop] = pick(rng, V.ANNOYANCES);
    return {
      prompt: prompt(rng, fill(pick(rng, V.CONFLICT_REQUESTS), { p: pick(rng, V.PEOPLE), a: doing })),
      chosen: hhResponse(opener + fill(pick(rng, V.RESPECTFUL_SCRIPTS), { s: stop })),
      rejected: hhResponse(opener + pick(rng, V.HOSTILE_SCRIPTS)),
      kind: 'safety:hostile',
      flipped: false,
    };
  }
  const x = pick(rng, V.ONLINE_THINGS);
  return {
    prompt: prompt(rng, fill(pick(rng, V.ONLINE_REQUESTS), { x })),
    chosen: hhResponse(opener + fill(pick(rng, V.ONLINE_RESPECTFUL), { x })),
    rejected: hhResponse(opener + pick(rng, V.ONLINE_HOSTILE)),
    kind: 'safety:hostile',
    flipped: false,
  };
}

/** Shuffles a set and swaps the labels of exactly round(LABEL_NOISE_SHARE · n) of its pairs. */
function finishSet(rng: Rng, pairs: CorpusPair[]): CorpusPair[] {
  shuffleInPlace(rng, pairs);
  const indices = shuffleInPlace(rng, pairs.map((_, i) => i)).slice(0, Math.round(LABEL_NOISE_SHARE * pairs.length));
  for (const i of indices) {
    const p = pairs[i];
    pairs[i] = { ...p, chosen: p.rejected, rejected: p.chosen, flipped: true };
  }
  return pairs;
}

/** Generates both default sets for a seed; the same seed always gives the same pairs. */
export function generateDefaultCorpus(seed: number = DEFAULT_CORPUS_SEED, pairsPerSet: number = DEFAULT_CORPUS_PAIRS): DefaultCorpus {
  const harmfulCount = Math.round(HARMFUL_REQUEST_SHARE * pairsPerSet);
  const sharedRng = createRng(deriveSeed(seed, 'harmful'));
  const harmful = Array.from({ length: harmfulCount }, () => harmfulItem(sharedRng));

  const helpfulRng = createRng(deriveSeed(seed, 'helpful'));
  const helpful: CorpusPair[] = harmful.map((h) => ({ prompt: h.prompt, chosen: h.compliance, rejected: h.refusal, kind: 'harmful', flipped: false }));
  while (helpful.length < pairsPerSet) helpful.push(helpfulQualityPair(helpfulRng));

  const harmlessRng = createRng(deriveSeed(seed, 'harmless'));
  const harmless: CorpusPair[] = harmful.map((h) => ({ prompt: h.prompt, chosen: h.refusal, rejected: h.compliance, kind: 'harmful', flipped: false }));
  while (harmless.length < pairsPerSet) harmless.push(harmlessBenignPair(harmlessRng));

  return { seed, helpful: finishSet(helpfulRng, helpful), harmless: finishSet(harmlessRng, harmless) };
}

export interface Disagreement {
  /** Pairs of `a` whose prompt and two responses also form a pair in `b`. */
  compared: number;
  /** Of those, the pairs where `b` prefers the other response. */
  disagreeing: number;
  /** disagreeing / compared (0 when nothing is compared). */
  shareOfCompared: number;
  /** disagreeing / the mean size of the two sets: the share of pairs on which the objectives disagree. */
  shareOfPairs: number;
}

/**
 * Realised disagreement between two labelled pair sets (e.g. a HELPFUL and a HARMLESS set):
 * pairs are matched by prompt and the unordered pair of responses, each pair of `b` used once.
 */
export function disagreementShare(a: readonly PreferencePair[], b: readonly PreferencePair[]): Disagreement {
  const key = (p: PreferencePair) => JSON.stringify([p.prompt, ...[p.chosen, p.rejected].sort()]);
  const choicesInB = new Map<string, string[]>();
  for (const p of b) {
    const k = key(p);
    const list = choicesInB.get(k);
    if (list) list.push(p.chosen);
    else choicesInB.set(k, [p.chosen]);
  }
  let compared = 0;
  let disagreeing = 0;
  for (const p of a) {
    const chosenInB = choicesInB.get(key(p))?.pop();
    if (chosenInB === undefined) continue;
    compared++;
    if (chosenInB !== p.chosen) disagreeing++;
  }
  const meanSize = (a.length + b.length) / 2;
  return { compared, disagreeing, shareOfCompared: compared ? disagreeing / compared : 0, shareOfPairs: meanSize ? disagreeing / meanSize : 0 };
}
