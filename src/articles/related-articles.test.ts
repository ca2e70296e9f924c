import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ArticleForRanking } from './article.repository.ts';
import { buildRelatedIndex, findRelated, MAX_RELATED, MIN_RELATED, tokenize } from './related-articles.ts';

function doc(slug: string, categoryPath: string, text: { title: string; summary?: string; body: string; tags?: string[] }): ArticleForRanking {
  return {
    id: slug, slug, title: text.title, summary: text.summary ?? text.title, body: text.body, tags: text.tags ?? [],
    updatedOn: '2026-01-01', publishedOn: '2026-01-01', category: { path: categoryPath, name: categoryPath },
  };
}

const corpus: ArticleForRanking[] = [
  doc('leg-cramps', 'dialysis/symptoms', { title: 'Leg cramps during dialysis', body: 'Cramps in the calves and feet happen near the end of a dialysis session when fluid removal is fast. Stretching eases cramps.', tags: ['dialysis', 'cramps', 'muscles'] }),
  doc('night-cramps', 'dialysis/symptoms', { title: 'Cramps at night', body: 'Muscle cramps at night in the calves and feet. Stretching the calves before bed and keeping within your fluid allowance help cramps.', tags: ['cramps', 'sleep'] }),
  doc('low-bp', 'dialysis/symptoms', { title: 'Low blood pressure on dialysis', body: 'Blood pressure can drop when fluid removal is fast during a session. Dizziness and cramps may follow.', tags: ['dialysis', 'blood pressure'] }),
  doc('potassium', 'diet/potassium', { title: 'High potassium and diet', body: 'Potassium in bananas, potatoes and tomatoes can build up. A dietitian helps you swap foods.', tags: ['potassium', 'diet'] }),
  doc('phosphate', 'diet/phosphorus', { title: 'Phosphate binders', body: 'Binders taken with meals stop phosphate in foods from being absorbed. A dietitian helps with foods.', tags: ['phosphorus', 'diet'] }),
  doc('transplant', 'treatment/transplant', { title: 'Kidney transplant basics', body: 'A transplant kidney from a living or deceased donor. Anti-rejection medicines are taken for life.', tags: ['transplant'] }),
  doc('fistula', 'dialysis/access', { title: 'Caring for your fistula', body: 'Check the thrill of your fistula every day. Keep the arm free of tight sleeves.', tags: ['fistula'] }),
];

describe('related articles ranking', () => {
  const index = buildRelatedIndex(corpus);

  it('puts the most similar article first and never lists the article itself', () => {
    const related = findRelated(index, 'leg-cramps');
    assert.equal(related[0]!.slug, 'night-cramps', 'the other cramps article is the best match');
    assert.ok(!related.some((r) => r.slug === 'leg-cramps'));
    assert.ok(related.length >= MIN_RELATED && related.length <= MAX_RELATED, `${related.length} related`);
    for (let i = 1; i < related.length; i++) assert.ok(related[i - 1]!.score >= related[i]!.score, 'best first');
  });

  it('ranks an article on the same subject above an unrelated one', () => {
    const related = findRelated(index, 'potassium').map((r) => r.slug);
    assert.equal(related[0], 'phosphate', 'the other diet article (shared tag, sibling topic, shared words)');
  });

  it('shared tags and category closeness lift an article whose words differ', () => {
    // No words in common at all: without the boosts every score ties and 'c' would come first.
    const withBoosts = buildRelatedIndex([
      doc('a', 'x/y', { title: 'Alpha', body: 'alpha here', tags: ['shared'] }),
      doc('z', 'x/y', { title: 'Beta', body: 'beta other', tags: ['shared'] }),
      doc('c', 'q', { title: 'Gamma', body: 'gamma different' }),
      doc('d', 'r', { title: 'Delta', body: 'delta unlike' }),
    ]);
    assert.deepEqual(findRelated(withBoosts, 'a').map((r) => r.slug), ['z', 'c', 'd']);
  });

  it('always offers at least three when there are enough articles, but never more than five', () => {
    for (const article of corpus) {
      const n = findRelated(index, article.slug).length;
      assert.ok(n >= MIN_RELATED && n <= MAX_RELATED, `${article.slug}: ${n}`);
    }
    const small = buildRelatedIndex(corpus.slice(0, 2));
    assert.deepEqual(findRelated(small, 'leg-cramps').map((r) => r.slug), ['night-cramps'], 'with one other article, just that one');
    assert.deepEqual(findRelated(index, 'no-such-article'), []);
  });

  it('is deterministic: the same list whatever order the articles came in', () => {
    const shuffled = buildRelatedIndex([...corpus].reverse());
    for (const article of corpus) {
      assert.deepEqual(findRelated(shuffled, article.slug), findRelated(index, article.slug), article.slug);
    }
    // Identical articles tie; the tie goes to the alphabetically first slug.
    const twins = buildRelatedIndex(['m', 'b', 'k', 'a'].map((s) => doc(s, 'same', { title: 'Same title', body: 'Same body text' })));
    assert.deepEqual(findRelated(twins, 'm').map((r) => r.slug), ['a', 'b', 'k']);
  });

  it('gives each related article an excerpt from its first paragraph', () => {
    const related = findRelated(index, 'leg-cramps');
    const night = related.find((r) => r.slug === 'night-cramps');
    assert.equal(night?.excerpt, corpus[1]!.body);
  });

  it('tokenize drops stop words and short words and folds plurals', () => {
    assert.deepEqual(tokenize('What are the Cramps in your legs, and how do I stop them?'), ['cramp', 'leg', 'stop']);
    assert.deepEqual(tokenize('Café dialysis'), ['cafe', 'dialysis']);
  });
});
