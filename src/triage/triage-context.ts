// Context rules for triage: decides how each concept mention is read: negated, about someone else,
// hypothetical, only a mention, or past. The cue spans come from triage-patterns.ts.
import { CONTEXT_WORDS as W, type CUES } from './red-flag-cues.ts';
import type { Doc } from './triage-tokens.ts';
import type { Span } from './triage-patterns.ts';

export type Owner = 'patient' | 'other' | 'generic' | undefined;
export type CueSpans = Record<keyof typeof CUES, Span[]>;
/** `owners` holds, for each person entity found in the text, whose symptoms they are. */
export interface Context { readonly doc: Doc; readonly cues: CueSpans; readonly refs: readonly Ref[]; readonly owners: readonly Owner[] }

const NEGATION_WINDOW = 7;
const CONCERN_WINDOW = 8;
const TERMINATORS = new Set(W.negationTerminators);
const CONCERN_TERMINATORS = new Set(W.concernTerminators);
const CLAUSE_STARTERS = new Set(W.clauseStarters);
const POSSESSIVES = new Set(W.possessives);
const inSentence = (spans: Span[], sentence: number): Span[] => spans.filter((s) => s.sentence === sentence);
const words = (doc: Doc, from: number, to: number): string[] => doc.tokens.slice(from, to).map((t) => t.text);
const segmentAt = (ctx: Context, index: number): number => ctx.doc.tokens[index]!.segment;
const cueInSegment = (ctx: Context, cues: Span[], segment: number): boolean =>
  cues.some((c) => segmentAt(ctx, c.start) === segment || segmentAt(ctx, c.end - 1) === segment);

/** A comma segment that has its own subject or verb starts a new thought; negation does not reach into it. */
function segmentIsNewClause(doc: Doc, from: number, limit: number): boolean {
  const seg = doc.tokens[from]!.segment;
  const found: string[] = [];
  for (let i = from; i < limit && doc.tokens[i]!.segment === seg; i++) found.push(doc.tokens[i]!.text);
  return found.length > 8 || found.some((w) => CLAUSE_STARTERS.has(w));
}

/**
 * Whether a cue's reach (negation, concern) gets to token `target`: same clause, within `window`
 * words, no terminator between, and no comma segment between that starts a new thought.
 */
function reaches(ctx: Context, cue: Span, target: number, window: number, terminators: ReadonlySet<string>): boolean {
  const { doc } = ctx;
  if (target - cue.end > window || doc.tokens[cue.start]!.clause !== doc.tokens[target]!.clause) return false;
  if (words(doc, cue.end, target).some((w) => terminators.has(w))) return false;
  for (let i = cue.end; i <= target; i++) {
    if (i > 0 && doc.tokens[i]!.segment !== doc.tokens[i - 1]!.segment && segmentIsNewClause(doc, i, target + 1)) return false;
  }
  return true;
}

function negationReaches(ctx: Context, cue: Span, target: number): boolean {
  const { doc, cues } = ctx;
  if (cues.pseudoNegation.some((p) => p.start <= cue.start && p.end >= cue.end)) return false;
  const next = doc.tokens[cue.end];
  if (doc.tokens[cue.start]!.text === 'no' && next !== undefined && next.segment !== doc.tokens[cue.start]!.segment) return false; // "No, ..."
  return reaches(ctx, cue, target, NEGATION_WINDOW, TERMINATORS);
}

export function isNegated(span: Span, ctx: Context): boolean {
  const { doc, cues } = ctx;
  for (const cue of inSentence(cues.negation, span.sentence)) {
    if (cue.end <= span.start) {
      if (negationReaches(ctx, cue, span.start)) return true;
    } else if (cue.start > span.start && cue.end <= span.end) {
      // A negation skipped by a gap inside the match ("chest is not painful") negates what follows it.
      const inGap = !span.literals.some((i) => i >= cue.start && i < cue.end);
      const nextLiteral = span.literals.find((i) => i >= cue.end);
      if (inGap && nextLiteral !== undefined && negationReaches(ctx, cue, nextLiteral)) return true;
    }
  }
  const lastSegment = doc.tokens[span.end - 1]!.segment;
  return inSentence(cues.negationAfter, span.sentence).some((cue) =>
    cue.start >= span.end && cue.start - span.end <= 3 && segmentAt(ctx, cue.start) === lastSegment);
}

type Ref = 'writer' | number | undefined;
interface Entity { readonly gender: string; readonly family: boolean; readonly generic: boolean; readonly sentences: Set<number> }

/** Which person each person word points at: the writer, an entity (numbered), or nothing. */
export function findPeople(doc: Doc): { refs: Ref[]; entities: Entity[] } {
  const entities: Entity[] = [];
  const refs: Ref[] = doc.tokens.map(() => undefined);
  doc.tokens.forEach((t, i) => {
    const prev = doc.tokens[i - 1]?.text ?? '';
    const before = ` ${words(doc, Math.max(0, i - 3), i).join(' ')} `;
    const known = W.family[t.text] ?? W.others[t.text];
    const generic = W.generic.includes(t.text)
      || (t.text === 'patient' && W.patientArticles.includes(prev) && !/ (i am|i was|he is|she is|as|im) an? $/.test(before));
    if (W.firstPerson.includes(t.text)) {
      refs[i] = t.text === 'me' && W.prepositions.includes(prev) ? undefined : 'writer';
    } else if (generic || known !== undefined) {
      refs[i] = entities.push({ gender: known ?? 'n', family: W.family[t.text] !== undefined, generic, sentences: new Set([t.sentence]) }) - 1;
    } else if (W.thirdPronouns[t.text] !== undefined) {
      const gender = W.thirdPronouns[t.text];
      const found = entities.findLastIndex((e) => e.gender === 'n' || e.gender === gender);
      refs[i] = found >= 0 ? found : 'writer';
      if (found >= 0) entities[found]!.sentences.add(t.sentence);
    }
  });
  return { refs, entities };
}

/** The person a mention belongs to: a possessive in or right before it, else the nearest subject before it, else the writer. */
export function referentOf(span: Span, doc: Doc, refs: readonly Ref[]): Ref {
  const sentenceStart = doc.sentences[span.sentence]!.start;
  for (let i = span.start; i < span.end; i++) {
    if (refs[i] !== undefined && (POSSESSIVES.has(doc.tokens[i]!.text) || doc.tokens[i]!.possessive)) return refs[i]; // "sitting on my chest"
  }
  const before = span.start - 1;
  const adjacent = before >= sentenceStart && refs[before] === undefined && W.adjectives.includes(doc.tokens[before]!.text) ? before - 1 : before;
  if (adjacent >= sentenceStart && refs[adjacent] !== undefined && (POSSESSIVES.has(doc.tokens[adjacent]!.text) || doc.tokens[adjacent]!.possessive)) {
    return refs[adjacent];
  }
  for (let i = before; i >= sentenceStart; i--) {
    const t = doc.tokens[i]!;
    if (refs[i] === undefined || POSSESSIVES.has(t.text) || t.possessive) continue;
    if (W.segmentOnly.includes(t.text) && t.segment !== doc.tokens[span.start]!.segment) continue;
    return refs[i];
  }
  return 'writer';
}

/**
 * Whose symptoms each person word points at. A relative is taken to be the patient (a carer
 * writing) unless a sentence about them says otherwise, or the writer names their own kidney care
 * and the relative has none ("my kid has a temperature, is it safe with my transplant?").
 * Anyone else is someone else unless the writer says they write for them.
 */
export function resolveOwners(doc: Doc, entities: readonly Entity[], contextRefs: readonly Ref[]): Owner[] {
  const sentenceText = doc.sentences.map((s) => ` ${words(doc, s.start, s.end).join(' ')} `);
  const says = (e: Entity, cues: readonly string[]): boolean => [...e.sentences].some((n) => cues.some((c) => sentenceText[n]!.includes(c)));
  const writerIsPatient = contextRefs.includes('writer');
  return entities.map((e, n): Owner => {
    if (e.generic) return 'generic';
    if (says(e, W.notPatientCues)) return 'other';
    if (says(e, W.onBehalfCues)) return 'patient';
    if (!e.family) return 'other';
    return contextRefs.includes(n) || !writerIsPatient ? 'patient' : 'other';
  });
}

export function ownerOf(span: Span, ctx: Context): Owner {
  const ref = referentOf(span, ctx.doc, ctx.refs);
  return ref === undefined || ref === 'writer' ? 'patient' : ctx.owners[ref];
}

/** An "if" clause runs to the end of its comma segment, or until a new subject starts the main clause. */
function conditionalScopeEnd(doc: Doc, trigger: Span): number {
  const { tokens } = doc;
  const sentenceEnd = doc.sentences[trigger.sentence]!.end;
  for (let i = trigger.end; i < sentenceEnd; i++) {
    if (tokens[i]!.segment !== tokens[trigger.start]!.segment) return i;
    if (i - trigger.end >= 2 && W.subjects.includes(tokens[i]!.text) && !W.joiners.includes(tokens[i - 1]!.text)) return i;
  }
  return sentenceEnd;
}

/** A framing phrase ("hypothetically", "is it normal to", "the leaflet says") covers the rest of its clause. */
function frameCovers(frames: Span[], span: Span, ctx: Context): Span | undefined {
  const clause = ctx.doc.tokens[span.start]!.clause;
  return inSentence(frames, span.sentence).find((f) => f.start <= span.start && ctx.doc.tokens[f.start]!.clause === clause);
}

/** Something said to be happening now ("since this morning", "still") in the same clause. */
function saysNow(span: Span, ctx: Context): boolean {
  const clause = ctx.doc.tokens[span.start]!.clause;
  return inSentence(ctx.cues.current, span.sentence).some((c) => ctx.doc.tokens[c.start]!.clause === clause);
}

/** "Can dialysis cause seizures?": a yes/no question that does not mention the writer asks in general. */
function isGeneralQuestion(sentence: number, ctx: Context): boolean {
  const s = ctx.doc.sentences[sentence]!;
  const sentenceWords = words(ctx.doc, s.start, s.end);
  return s.question && W.questionStarts.includes(sentenceWords[0]!) && !sentenceWords.some((w) => W.firstPerson.includes(w));
}

export function isHypothetical(span: Span, ctx: Context): boolean {
  const { doc, cues } = ctx;
  const sentence = span.sentence;
  if (frameCovers(cues.hypotheticalFrame, span, ctx)) return true;
  if (frameCovers(cues.generalQuestion, span, ctx) && !saysNow(span, ctx)) return true;
  if (isGeneralQuestion(sentence, ctx) && !saysNow(span, ctx)) return true;
  const framed = inSentence(cues.conditionalFrame, sentence).length > 0;
  const triggers = [...inSentence(cues.conditionalAlways, sentence), ...(framed ? inSentence(cues.conditional, sentence) : [])];
  if (triggers.some((t) => span.start >= t.start && span.start < conditionalScopeEnd(doc, t))) return true;
  const concernReaches = (c: Span, acrossCommas: boolean): boolean => c.start < span.start
    && !cues.pseudoConcern.some((p) => p.start <= c.start && p.end >= c.end)
    && (acrossCommas || segmentAt(ctx, c.start) === segmentAt(ctx, span.start))
    && reaches(ctx, c, Math.max(c.end, span.start), CONCERN_WINDOW, CONCERN_TERMINATORS);
  return inSentence(cues.concern, sentence).some((c) => concernReaches(c, false))
    || inSentence(cues.concernList, sentence).some((c) => concernReaches(c, true));
}

export function isMention(span: Span, ctx: Context): boolean {
  const talkedAbout = inSentence(ctx.cues.mentionAfter, span.sentence).some((c) => c.start >= span.end && c.start - span.end <= 1);
  return (talkedAbout || frameCovers(ctx.cues.mention, span, ctx) !== undefined) && !saysNow(span, ctx);
}

export function isPast(span: Span, ctx: Context): boolean {
  const { cues, doc } = ctx;
  const segment = segmentAt(ctx, span.start);
  const current = inSentence(cues.current, span.sentence);
  if (cueInSegment(ctx, current, segment)) return false;
  if (cues.pastAnchor.some((a) => a.sentence === span.sentence && a.start < span.start && a.end >= span.start)) return true;
  if (cueInSegment(ctx, inSentence(cues.sinceEvent, span.sentence), segment)) return true;
  if (inSentence(cues.managed, span.sentence).some((c) => c.end <= span.start && span.start - c.end <= 2)) return true;
  // "since 2019", "since my transplant 6 months ago": still going on, so not a resolved past event.
  const { start, end } = doc.sentences[span.sentence]!;
  const since = doc.tokens.slice(start, end).some((t, i) => t.segment === segment && t.text === 'since'
    && !(doc.tokens[start + i + 1]?.segment === segment && doc.tokens[start + i + 1]?.text === 'then'));
  if (since) return false;
  // A past time in this segment, or one that opens the clause before it when nothing says "now".
  const clause = doc.tokens[span.start]!.clause;
  const applies = (list: Span[]): boolean => inSentence(list, span.sentence).some((c) => segmentAt(ctx, c.start) === segment
    || (segmentAt(ctx, c.start) < segment && doc.tokens[c.start]!.clause === clause && current.length === 0));
  if (applies(cues.pastDistant)) return true;
  const resolved = cues.resolution.some((r) => r.sentence === span.sentence || r.sentence === span.sentence + 1);
  return resolved && applies(cues.pastRecent);
}

/** A minor sign said to have settled ("it passed after a minute", "came back up") no longer counts. */
export function hasSettled(span: Span, ctx: Context): boolean {
  return ctx.cues.resolution.some((r) => (r.sentence === span.sentence && r.start >= span.start) || r.sentence === span.sentence + 1);
}
