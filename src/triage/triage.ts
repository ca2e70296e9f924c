// Red-flag triage of a patient's free-text message: rules and a lexicon, no model, no I/O.
// Pipeline: tokenize -> find concept and cue spans -> decide each concept mention's status
// (affirmed, negated, someone else, hypothetical, a mention, past) -> rules over affirmed concepts.
// The lexicon, rules and context cues are data in red-flag-*.ts. The mechanisms are in
// triage-tokens.ts (tokenize), triage-patterns.ts (spans) and triage-context.ts (status); this file
// runs them and applies the rules.
import { DERIVED, RULES } from './red-flag-rules.ts';
import { tokenize } from './triage-tokens.ts';
import { COMPILED_CONCEPTS, COMPILED_CONTEXT, COMPILED_CUES, findSpans, overlaps, type Span } from './triage-patterns.ts';
import {
  findPeople, hasSettled, isHypothetical, isMention, isNegated, isPast, ownerOf, referentOf, resolveOwners,
  type Context, type CueSpans, type Owner,
} from './triage-context.ts';

export type TriageLevel = 'emergency' | 'same-day' | 'routine';
export interface TriageReason { readonly code: string; readonly label: string }
export interface TriageResult { readonly level: TriageLevel; readonly urgent: boolean; readonly reasons: TriageReason[] }
export type MentionStatus = 'affirmed' | 'negated' | 'other-person' | 'hypothetical' | 'mention' | 'past';
/** One concept found in the text and how its context was read. Holds no patient words. */
export interface ConceptMention { readonly concept: string; readonly status: MentionStatus }

// ---------------------------------------------------------------- analysis

// Wording such as "better off without me" names the writer, so a general word ("everyone") does not move it to someone else.
const isSomeoneElse = (owner: Owner, kind: string | undefined): boolean => owner === 'other' || (owner === 'generic' && kind !== 'self');

interface Mention { readonly concept: string; readonly span: Span; readonly generic: boolean; status: MentionStatus }

function analyse(text: string): Mention[] {
  const doc = tokenize(text);
  const cues = Object.fromEntries(Object.entries(COMPILED_CUES).map(([k, v]) => [k, findSpans(v, doc)])) as CueSpans;
  // "fine now" says something is over, not that it is happening now; a date right after a fact
  // about the patient ("transplant 2 months ago") dates that fact, not the symptoms around it.
  cues.current = cues.current.filter((c) => !cues.resolution.some((r) => overlaps(r, c)));
  cues.realisation = cues.realisation.filter((c) => !cues.resolution.some((r) => overlaps(r, c)));
  const contextSpans = COMPILED_CONTEXT.flatMap((c) => findSpans(c.compiled, doc));
  const datesContext = (c: Span): boolean => contextSpans.some((x) => x.sentence === c.sentence && x.end <= c.start && c.start - x.end <= 1);
  cues.pastDistant = cues.pastDistant.filter((c) => !datesContext(c));
  cues.pastRecent = cues.pastRecent.filter((c) => !datesContext(c));
  const { refs, entities } = findPeople(doc);
  const bare: Context = { doc, cues, refs, owners: [] };
  const contextRefs = contextSpans.filter((c) => !isNegated(c, bare) && !isHypothetical(c, bare)).map((c) => referentOf(c, doc, refs));
  const ctx: Context = { ...bare, owners: resolveOwners(doc, entities, contextRefs) };
  const mentions: Mention[] = [];
  for (const concept of COMPILED_CONCEPTS) {
    const excluded = findSpans(concept.compiledExclude, doc);
    for (const span of findSpans(concept.compiled, doc)) {
      if (excluded.some((e) => overlaps(e, span))) continue;
      let status: MentionStatus = 'affirmed';
      const owner = ownerOf(span, ctx);
      if (isNegated(span, ctx)) status = 'negated';
      else if (isSomeoneElse(owner, concept.kind)) status = 'other-person';
      else if (isHypothetical(span, ctx)) status = 'hypothetical';
      else if (isMention(span, ctx)) status = 'mention';
      else if (concept.kind !== 'context' && (isPast(span, ctx) || (concept.settles === true && hasSettled(span, ctx)))) status = 'past';
      mentions.push({ concept: concept.id, span, status, generic: owner === 'generic' });
    }
  }
  // "What should I do if my speech goes funny? It did 15 minutes ago": a later statement that it
  // is happening now brings back a red flag that a question, a quotation or the past had set aside.
  for (const cue of cues.realisation) {
    for (const m of mentions) {
      const framed = m.status === 'hypothetical' || m.status === 'past' || m.status === 'mention' || (m.status === 'other-person' && m.generic);
      if (framed && m.span.start < cue.start && m.span.sentence >= cue.sentence - 2) m.status = 'affirmed';
    }
  }
  return mentions;
}

/** Every concept mention in the text and how its context was read (concept ids only, no patient words). */
export function explainTriage(text: string): ConceptMention[] {
  return analyse(text).map((m) => ({ concept: m.concept, status: m.status }));
}

const LEVEL_RANK: Readonly<Record<TriageLevel, number>> = { routine: 0, 'same-day': 1, emergency: 2 };

/** Screens a message for red flags. Pure and deterministic; reasons name situations, never the patient's words. */
export function assessUrgency(text: string): TriageResult {
  const affirmed = new Set(analyse(text).filter((m) => m.status === 'affirmed').map((m) => m.concept));
  for (const d of DERIVED) if (d.all.every((c) => affirmed.has(c))) affirmed.add(d.id);
  const fired = RULES.filter((r) => r.all.every((c) => affirmed.has(c))
    && (r.any === undefined || r.any.some((c) => affirmed.has(c)))
    && (r.anyAlso === undefined || r.anyAlso.some((c) => affirmed.has(c)))
    && !(r.none ?? []).some((c) => affirmed.has(c)));
  const hidden = new Set(fired.flatMap((r) => r.supersedes ?? []));
  const reasons = fired.filter((r) => !hidden.has(r.code))
    .sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level])
    .map((r) => ({ code: r.code, label: r.label }));
  const level = fired.reduce<TriageLevel>((best, r) => (LEVEL_RANK[r.level] > LEVEL_RANK[best] ? r.level : best), 'routine');
  return { level, urgent: level !== 'routine', reasons };
}
