import conceptData from './concepts.json' with { type: 'json' };
import { analyzeForIndex } from './text-analysis.ts';

/** One group of words that mean the same thing to a patient and to a clinician. */
export interface ConceptGroup {
  readonly id: string;
  readonly terms: readonly string[];
  /** How close the group's terms are to each other (1 = synonyms, lower = related). */
  readonly weight: number;
}

interface RawGroup {
  id: string;
  terms: string[];
  weight?: number;
}

export interface ConceptMatch {
  readonly group: ConceptGroup;
  /** The group's terms as analysed stem sequences. */
  readonly forms: readonly (readonly string[])[];
}

/**
 * The concept dictionary (concepts.json) indexed by analysed stem sequences, so that
 * "blood in the urine", "Haematuria" and "hematuria" all find the same group.
 */
export class ConceptDictionary {
  readonly groups: readonly ConceptGroup[];
  readonly #byKey = new Map<string, ConceptMatch[]>();
  readonly #stems = new Set<string>();
  readonly #words = new Set<string>();
  readonly maxTermLength: number;

  constructor(groups: readonly ConceptGroup[]) {
    this.groups = groups;
    let max = 1;
    for (const group of groups) {
      const forms = group.terms.map((t) => analyzeForIndex(t)).filter((f) => f.length > 0);
      const match: ConceptMatch = { group, forms };
      for (const form of forms) {
        const key = form.join(' ');
        const list = this.#byKey.get(key) ?? [];
        if (!list.some((m) => m.group.id === group.id)) list.push(match);
        this.#byKey.set(key, list);
        for (const stem of form) this.#stems.add(stem);
        max = Math.max(max, form.length);
      }
      for (const term of group.terms) for (const w of term.toLowerCase().split(/[^a-z]+/)) if (w.length >= 3) this.#words.add(w);
    }
    this.maxTermLength = max;
  }

  /** Groups whose term is exactly this stem sequence. */
  lookup(stems: readonly string[]): readonly ConceptMatch[] {
    return this.#byKey.get(stems.join(' ')) ?? [];
  }

  hasStem(stem: string): boolean {
    return this.#stems.has(stem);
  }

  /** Surface words used in the dictionary (for typo correction of lay words). */
  get words(): ReadonlySet<string> {
    return this.#words;
  }
}

let shared: ConceptDictionary | undefined;

/** The dictionary shipped in concepts.json. */
export function conceptDictionary(): ConceptDictionary {
  if (!shared) {
    const raw = (conceptData as { groups: RawGroup[] }).groups;
    shared = new ConceptDictionary(raw.map((g) => ({ id: g.id, terms: g.terms, weight: g.weight ?? 1 })));
  }
  return shared;
}
