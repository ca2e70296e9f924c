import { test } from 'node:test';
import assert from 'node:assert/strict';
import conceptFile from './concepts.json' with { type: 'json' };
import spellingFile from './spelling-variants.json' with { type: 'json' };
import stopwordFile from './stopwords.json' with { type: 'json' };
import { analyzeForIndex } from './text-analysis.ts';

// Validates the search data files (see README "Concept dictionary"). These are editorial
// data, so the checks name the offending group or term in their messages.

interface RawGroup {
  id: string;
  topic: string;
  terms: string[];
  weight?: number;
  abbrev?: boolean;
}

const file = conceptFile as { version: number; groups: RawGroup[] };
const groups = file.groups;
const spellingPairs = spellingFile as string[][];
const stopwords = stopwordFile as string[];

const TOPICS = new Set(['symptom', 'test', 'unit', 'treatment', 'access', 'medicine', 'condition', 'diet', 'daily-life', 'care', 'body', 'time', 'feeling', 'question']);
const GROUP_KEYS = new Set(['id', 'topic', 'terms', 'weight', 'abbrev']);
// Letters (any script, e.g. µ), digits, single spaces and the punctuation found in clinical writing.
const TERM_PATTERN = /^[\p{Ll}\p{Lo}\d](?:[\p{Ll}\p{Lo}\d'&+\-/.]| (?! ))*$/u;
// Short everyday words that are not abbreviations and may live in a group without `abbrev`.
const ORDINARY_SHORT_WORDS = new Set(['pee', 'wee', 'poo', 'tum', 'gut', 'leg', 'arm', 'toe', 'pus', 'sad', 'ill', 'sex', 'flu', 'jab', 'bag', 'eat', 'veg', 'dal', 'ham', 'tea', 'fly', 'gym', 'job', 'bus', 'nap']);
// Words that must never be dropped as filler: they carry meaning in kidney care.
const MEANINGFUL_WORDS = ['no', 'not', "can't", 'cant', "don't", 'dont', "won't", 'wont', 'without', 'after', 'before', 'during', 'between', 'since', 'night', 'morning', 'pain', 'blood', 'high', 'low', 'more', 'less', 'too', 'stop', 'stopped', 'start', 'still', 'always', 'worse', 'better', 'normal', 'safe', 'off', 'type', 'one', 'ill'];

const isSingleWord = (term: string) => !term.includes(' ');
/** An abbreviation term: one word of at most 4 characters, or one containing a digit or + & /. */
const isAbbreviation = (term: string) => isSingleWord(term) && (term.length <= 4 || /[\d+&/]/.test(term));

/** Maps each key to the ids of the groups it occurs in (once per group). */
function groupsBy(keysOf: (group: RawGroup) => Iterable<string>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const group of groups) {
    for (const key of new Set(keysOf(group))) map.set(key, [...(map.get(key) ?? []), group.id]);
  }
  return map;
}

function describe(map: Map<string, string[]>, limit: number): string[] {
  return [...map].filter(([, ids]) => ids.length > limit).map(([key, ids]) => `"${key}" in ${ids.join(', ')}`);
}

test('the dictionary has the expected shape', (t) => {
  assert.equal(file.version, 1);
  assert.ok(groups.length >= 150, `only ${groups.length} groups`);
  const ids = new Set<string>();
  for (const group of groups) {
    assert.match(group.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, `bad id "${group.id}"`);
    assert.ok(!ids.has(group.id), `duplicate id "${group.id}"`);
    ids.add(group.id);
    for (const key of Object.keys(group)) assert.ok(GROUP_KEYS.has(key), `${group.id}: unknown field "${key}"`);
    assert.ok(TOPICS.has(group.topic), `${group.id}: unknown topic "${group.topic}"`);
    assert.ok(group.terms.length >= 2, `${group.id}: a group needs at least two terms`);
    if (group.weight !== undefined) {
      assert.ok(group.weight >= 0.3 && group.weight <= 1, `${group.id}: weight ${group.weight} outside 0.3–1.0`);
    }
    if (group.abbrev !== undefined) assert.equal(typeof group.abbrev, 'boolean', `${group.id}: abbrev must be true or false`);
  }
  const terms = groups.reduce((sum, g) => sum + g.terms.length, 0);
  t.diagnostic(`${groups.length} groups, ${terms} terms, ${spellingPairs.length} spelling pairs, ${stopwords.length} stopwords`);
});

test('terms are lower-case, trimmed and written once per group', () => {
  for (const group of groups) {
    const seen = new Set<string>();
    for (const term of group.terms) {
      assert.equal(term, term.toLowerCase(), `${group.id}: "${term}" is not lower-case`);
      assert.equal(term, term.normalize('NFC'), `${group.id}: "${term}" is not NFC`);
      assert.match(term, TERM_PATTERN, `${group.id}: "${term}" has stray spaces or characters`);
      assert.ok(!term.endsWith(' '), `${group.id}: "${term}" is not trimmed`);
      assert.ok(!seen.has(term), `${group.id}: "${term}" is listed twice`);
      seen.add(term);
    }
  }
});

test('preferred labels (first terms) are unique', () => {
  const labels = groupsBy((g) => [g.terms[0]!]);
  assert.deepEqual(describe(labels, 1), []);
});

test('no single word belongs to more than two groups', (t) => {
  const words = groupsBy((g) => g.terms.filter(isSingleWord));
  const shared = describe(words, 1);
  if (shared.length > 0) t.diagnostic(`words in two groups: ${shared.length}`);
  assert.deepEqual(describe(words, 2), [], 'a word in 3+ groups drags unrelated topics into every query that uses it');
});

test('every term survives text analysis and no analysed form belongs to more than two groups', () => {
  // What search actually matches: stems with the index's small words dropped, so "no urine"
  // would become "urine" and "creat" the stem of "create". Both collisions are caught here.
  const forms = groupsBy((g) => g.terms.map((term) => {
    const stems = analyzeForIndex(term);
    assert.ok(stems.length > 0, `${g.id}: "${term}" analyses to nothing`);
    return stems.join(' ');
  }));
  assert.deepEqual(describe(forms, 2), []);
});

test('short abbreviations are flagged so they only match whole tokens', () => {
  const unflagged: string[] = [];
  for (const group of groups) {
    if (group.abbrev) {
      assert.ok(group.terms.some(isAbbreviation), `${group.id}: abbrev is set but the group has no abbreviation`);
      continue;
    }
    for (const term of group.terms) {
      if (isSingleWord(term) && term.length <= 3 && !ORDINARY_SHORT_WORDS.has(term)) unflagged.push(`${group.id}: ${term}`);
    }
  }
  assert.deepEqual(unflagged, []);
});

test('core lay, clinical and abbreviated forms share a group', () => {
  const required: { terms: string[]; abbrev?: boolean }[] = [
    { terms: ['urine', 'pee', 'wee', 'urinate'] },
    { terms: ['blood in urine', 'hematuria', 'haematuria'] },
    { terms: ['protein in urine', 'proteinuria', 'foamy urine', 'albuminuria'] },
    { terms: ['cramp', 'spasm'] },
    { terms: ['itch', 'itchy', 'pruritus'] },
    { terms: ['dizzy', 'lightheaded', 'faint'] },
    { terms: ['breathless', 'short of breath', 'dyspnoea', 'dyspnea'] },
    { terms: ['swelling', 'puffy', 'oedema', 'edema'] },
    { terms: ['tired', 'exhausted', 'fatigue', 'no energy'] },
    { terms: ['nausea', 'feeling sick', 'queasy'] },
    { terms: ['vomiting', 'throwing up'] },
    { terms: ['tummy', 'belly', 'stomach', 'abdomen', 'abdominal'] },
    { terms: ['hiccups', 'singultus'] },
    { terms: ['insomnia', "can't sleep"] },
    { terms: ['blood pressure', 'bp'], abbrev: true },
    { terms: ['low blood pressure', 'hypotension'] },
    { terms: ['high blood pressure', 'hypertension'] },
    { terms: ['haemoglobin', 'hemoglobin', 'hb'], abbrev: true },
    { terms: ['anaemia', 'anemia'] },
    { terms: ['peritoneal dialysis', 'pd', 'bag exchanges'], abbrev: true },
    { terms: ['haemodialysis', 'hemodialysis', 'hd'], abbrev: true },
    { terms: ['potassium', 'k', 'k+'], abbrev: true },
    { terms: ['hyperkalaemia', 'hyperkalemia', 'high potassium'] },
    { terms: ['phosphate', 'phosphorus'], abbrev: true },
    { terms: ['pth', 'parathyroid hormone'], abbrev: true },
    { terms: ['egfr', 'gfr', 'kidney function'], abbrev: true },
    { terms: ['urea', 'bun'], abbrev: true },
    { terms: ['µmol/l', 'umol/l', 'micromol per litre'] },
    { terms: ['fistula', 'av fistula', 'avf'], abbrev: true },
    { terms: ['thrill', 'buzz', 'bruit'] },
    { terms: ['av graft', 'avg'], abbrev: true },
    { terms: ['dialysis catheter', 'tunnelled line', 'permcath'] },
    { terms: ['epo', 'esa', 'erythropoietin'], abbrev: true },
    { terms: ['phosphate binders', 'binders', 'sevelamer', 'calcium acetate'] },
    { terms: ['water tablets', 'diuretics', 'furosemide'] },
    { terms: ['nsaids', 'ibuprofen', 'naproxen'] },
    { terms: ['chronic kidney disease', 'ckd'], abbrev: true },
    { terms: ['kidney failure', 'renal failure', 'esrd', 'eskd'], abbrev: true },
    { terms: ['iga nephropathy', "berger's disease"] },
    { terms: ['kidney', 'renal', 'nephro'] },
    { terms: ['conservative care', 'supportive care'] },
    { terms: ['travel', 'holiday', 'vacation'] },
    { terms: ['fluid allowance', 'fluid restriction'] },
  ];
  for (const { terms, abbrev } of required) {
    const group = groups.find((g) => terms.every((term) => g.terms.includes(term)));
    assert.ok(group, `no group holds all of: ${terms.join(', ')}`);
    if (abbrev) assert.equal(group.abbrev, true, `${group.id} should be marked abbrev`);
  }
});

test('spelling variants are unambiguous British/American pairs', () => {
  assert.ok(spellingPairs.length >= 120, `only ${spellingPairs.length} pairs`);
  const seen = new Set<string>();
  for (const pair of spellingPairs) {
    assert.equal(pair.length, 2, `not a pair: ${JSON.stringify(pair)}`);
    const [british, american] = pair as [string, string];
    assert.notEqual(british, american, `identical pair "${british}"`);
    for (const word of pair) {
      assert.match(word, /^[a-z]+$/, `"${word}" must be one lower-case word`);
      // A word on two pairs would make the mapping depend on order, or chain (a→b→c).
      assert.ok(!seen.has(word), `"${word}" appears in more than one pair`);
      seen.add(word);
    }
  }
  const has = (british: string, american: string) => spellingPairs.some(([b, a]) => b === british && a === american);
  for (const [b, a] of [['haemoglobin', 'hemoglobin'], ['oedema', 'edema'], ['anaemia', 'anemia'], ['haemodialysis', 'hemodialysis'], ['litre', 'liter'], ['colour', 'color'], ['dialyse', 'dialyze'], ['diarrhoea', 'diarrhea'], ['catheterise', 'catheterize'], ['ageing', 'aging']] as const) {
    assert.ok(has(b, a), `missing ${b}/${a}`);
  }
});

test('stopwords are filler only', () => {
  assert.deepEqual(stopwords.filter((w, i) => stopwords.indexOf(w) !== i), [], 'duplicate stopwords');
  for (const word of stopwords) assert.match(word, /^[a-z']+$/, `"${word}" must be one lower-case word`);
  const list = new Set(stopwords);
  assert.deepEqual(MEANINGFUL_WORDS.filter((w) => list.has(w)), [], 'these words carry meaning and must stay in queries');
  for (const q of ['what', 'why', 'how', 'do', 'i', 'my', 'is', 'can', 'should', 'the', 'a', 'about', 'help', 'please']) {
    assert.ok(list.has(q), `"${q}" should be a stopword`);
  }
  // A stopword that is also a dictionary term would silently switch that term off.
  const terms = groupsBy((g) => g.terms.filter(isSingleWord));
  assert.deepEqual(stopwords.filter((w) => terms.has(w)), []);
});
