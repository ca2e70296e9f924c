import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanQuery, understandQuery } from './query-understanding.ts';
import { ConceptDictionary } from './concepts.ts';
import { Vocabulary } from './vocabulary.ts';
import { analyzeForIndex, normalizeText, stemWord, tokenize } from './text-analysis.ts';
import { countOccurrences, rankDocuments } from './ranking.ts';

const dictionary = new ConceptDictionary([
  { id: 'urine', terms: ['urine', 'pee', 'wee'], weight: 1 },
  { id: 'hematuria', terms: ['blood in urine', 'haematuria', 'pink urine'], weight: 1 },
  { id: 'cramp', terms: ['cramp', 'spasm', 'muscles lock up'], weight: 1 },
  { id: 'potassium', terms: ['potassium', 'k'], weight: 1 },
]);

const words = ['urine', 'blood', 'hematuria', 'cramp', 'dialysis', 'heparin', 'potassium', 'pink', 'later', 'fistula']
  .map((word) => ({ word, stem: stemWord(word), df: 3 }));
const vocabulary = new Vocabulary(words, 20, dictionary.words);
const understand = (q: string) => understandQuery(q, vocabulary, dictionary, { understanding: true });
const forms = (q: string) => understand(q).slots.map((s) => s.alternatives.map((a) => a.stems.join(' ')));

describe('text analysis', () => {
  it('folds British spelling, accents and units', () => {
    assert.equal(stemWord('haemoglobin'), stemWord('hemoglobin'));
    assert.equal(stemWord('oedema'), stemWord('edema'));
    assert.equal(stemWord('anaemia'), stemWord('anemia'));
    assert.equal(stemWord('dialyse'), stemWord('dialyze'));
    assert.equal(normalizeText('450 µmol/L'), '450 umol/l');
    assert.equal(normalizeText('1.2 micromoles per litre'), '1.2 umol/l');
    assert.equal(normalizeText('Crème'), 'creme');
  });
  it('keeps numbers, units and letter-digit words as single terms', () => {
    const tokens = tokenize('creatinine 5.2 mg/dL hba1c');
    assert.deepEqual(tokens.map((t) => t.stem), ['creatinin', 'n5d2', 'umgdl', 'hba1c']);
    assert.ok(tokens[1]!.numeric);
  });
  it('drops small words at index time so phrases stay adjacent, but keeps negation', () => {
    assert.deepEqual(analyzeForIndex('blood in the urine'), ['blood', 'urin']);
    assert.deepEqual(analyzeForIndex('no urine'), ['no', 'urin']);
  });
});

describe('understandQuery', () => {
  it('cleans control characters and keeps the first 200 characters', () => {
    assert.equal(cleanQuery('  cramp\u0000s\t\non   dialysis '), 'cramp s on dialysis');
    assert.equal([...cleanQuery('x'.repeat(10_000))].length, 200);
  });
  it('drops filler and question words', () => {
    assert.deepEqual(understand('what should i do about my cramps please').slots.map((s) => s.text), ['cramps']);
  });
  it('adds lay and clinical forms from the dictionary', () => {
    const slot = forms('pee')[0]!;
    assert.ok(slot.includes('urin') && slot.includes('wee'));
    assert.ok(forms('calf muscles lock up')[1]!.includes('cramp'));
  });
  it('joins two nearby words into one concept through a synonym, in either order', () => {
    const slots = understand('my pee turned pink');
    const concept = slots.slots.find((s) => s.alternatives.some((a) => a.stems.join(' ') === 'hematuria'));
    assert.ok(concept, JSON.stringify(slots.slots.map((s) => s.text)));
    assert.equal(concept.text, 'pee pink');
  });
  it('corrects typos against the indexed vocabulary and says so', () => {
    const result = understand('heprin and bleeding');
    assert.deepEqual(result.corrections, [{ from: 'heprin', to: 'heparin' }]);
    assert.equal(result.didYouMean, 'heparin and bleeding');
  });
  it('never "corrects" a real English word into an unrelated indexed one', () => {
    const result = understand('laser');
    assert.deepEqual(result.corrections, []);
    assert.equal(result.slots[0]!.known, false);
  });
  it('keeps numbers as their own boosts', () => {
    assert.deepEqual(understand('potassium 6.1').numbers, ['n6d1']);
  });
  it('baseline mode adds nothing', () => {
    const baseline = understandQuery('pee heprin', vocabulary, dictionary, { understanding: false });
    assert.deepEqual(baseline.slots.map((s) => s.alternatives.length), [1, 1]);
    assert.deepEqual(baseline.corrections, []);
  });
});

describe('ranking', () => {
  const doc = (id: string, title: string, body: string) => ({
    id, a_title: analyzeForIndex(title).join(' '), a_summary: '', a_tags: '', a_headings: '', a_body: analyzeForIndex(body).join(' '),
  });
  const lengths = { title: 4, summary: 10, tags: 3, headings: 5, body: 50 };

  it('prefers a title match over a body match and breaks ties by id', () => {
    const query = understand('cramp');
    const ranked = rankDocuments(query, [doc('b', 'Other', 'a cramp here'), doc('a', 'Cramp', 'text'), doc('c', 'Cramp', 'text')], lengths);
    assert.deepEqual(ranked.map((r) => r.doc.id), ['a', 'c', 'b']);
  });
  it('counts near phrases with less credit than exact ones', () => {
    assert.equal(countOccurrences(['miss', 'dialysi', 'session'], ['dialysi', 'session']), 1);
    assert.equal(countOccurrences(['miss', 'shorten', 'dialysi', 'session'], ['miss', 'session']), 0.6);
    assert.equal(countOccurrences(['miss'], ['miss', 'session']), 0);
  });
});
