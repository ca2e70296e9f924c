import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { excerpt, extractHeadings, isSafeLink, isUrgentHeading, markdownToPlainText, renderArticleBody, truncateAtWord } from './markdown.ts';

const render = (markdown: string): string => renderArticleBody(markdown).html.value;

describe('article Markdown: raw HTML', () => {
  it('escapes raw HTML instead of rendering it', () => {
    const out = render('Hello <b>bold</b> <img src=x onerror=alert(1)>\n\n<div onclick="x()">block</div>');
    assert.ok(out.includes('&lt;b&gt;bold&lt;/b&gt;'), out);
    assert.ok(out.includes('&lt;img src=x onerror=alert(1)&gt;'), out);
    assert.ok(!/<img|<div|<b>/.test(out), out);
  });

  it('never renders a <script> element, wherever the markup hides it', () => {
    const inputs = [
      '<script>alert(1)</script>',
      'text <script src="//evil.example/x.js"></script> more',
      '[<script>x</script>](https://example.org)',
      '`<script>` in code and\n\n```\n<script>alert(1)</script>\n```',
      '# <script>alert(1)</script>',
      '<SCRIPT>alert(1)</SCRIPT>',
      '> <script>alert(1)</script>',
    ];
    for (const input of inputs) {
      const out = render(input);
      assert.ok(!/<script/i.test(out), `rendered a script element for ${JSON.stringify(input)}: ${out}`);
    }
  });
});

describe('article Markdown: links', () => {
  const dangerous = [
    'javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', '&#106;avascript:alert(1)',
    'vbscript:msgbox(1)', 'file:///etc/passwd', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'data:image/png;base64,iVBORw0KGgo=', 'DATA:image/svg+xml,<svg onload=alert(1)>',
  ];

  it('neutralises javascript:, vbscript:, file: and every data: link, leaving the words as plain text', () => {
    for (const url of dangerous) {
      for (const markdown of [`[click here](${url})`, `![picture](${url})`, `<${url}>`]) {
        const out = render(markdown);
        assert.ok(!/<a\b|<img\b/.test(out), `${JSON.stringify(markdown)} became a link or image: ${out}`);
        assert.ok(!/href=|src=/.test(out), out);
      }
      assert.ok(render(`[click here](${url})`).includes('click here'), 'the link text is still shown');
    }
  });

  it('accepts the same schemes the browser would run only when they are harmless', () => {
    for (const url of dangerous) assert.equal(isSafeLink(url.replace('&#106;', 'j')), false, url);
    for (const url of ['https://www.nhs.uk/', 'http://example.org', '/articles/x', '#why', 'mailto:clinic@example.org', 'tel:999', 'relative/path']) {
      assert.equal(isSafeLink(url), true, url);
    }
  });

  it('marks external links noopener noreferrer and leaves site links alone', () => {
    const out = render('[NHS](https://www.nhs.uk/conditions/kidney-disease/) and [dialysis](/topics/dialysis) and https://example.org/auto');
    assert.ok(out.includes('<a href="https://www.nhs.uk/conditions/kidney-disease/" rel="noopener noreferrer">NHS</a>'), out);
    assert.ok(out.includes('<a href="/topics/dialysis">dialysis</a>'), out);
    assert.ok(out.includes('<a href="https://example.org/auto" rel="noopener noreferrer">https://example.org/auto</a>'), 'bare URLs are linkified');
  });

  it('keeps typographer off: quotes and dashes stay as typed', () => {
    assert.ok(render('"quoted" -- dash (c)').includes('&quot;quoted&quot; -- dash (c)'));
  });
});

describe('article Markdown: headings and sections', () => {
  it('gives h2 and h3 stable, unique ids and demotes a body h1 (the page title is the only h1)', () => {
    const result = renderArticleBody('# Overview\n\n## Diet & fluids\n\n### Salt\n\n## Diet & fluids\n\n## Main');
    assert.deepEqual(result.headings.map((h) => [h.id, h.level]), [
      ['overview', 2], ['diet-and-fluids', 2], ['salt', 3], ['diet-and-fluids-2', 2], ['main-2', 2],
    ]);
    const out = result.html.value;
    assert.ok(!out.includes('<h1'), out);
    assert.ok(out.includes('<h2 id="diet-and-fluids">Diet &amp; fluids</h2>'), out);
    assert.ok(out.includes('<h3 id="salt">Salt</h3>'), out);
    assert.ok(!out.includes('id="main"'), 'the layout’s skip-link target id is never reused');
    assert.equal(renderArticleBody('## Intro', { reservedIds: new Set(['intro']) }).headings[0]!.id, 'intro-2');
  });

  it('wraps the "When to get urgent help" section as a labelled urgent callout, up to the next h2', () => {
    const out = render('Intro.\n\n## Why it happens\n\nBecause.\n\n## When to get urgent help\n\nCall now if:\n\n- you bleed\n\n### Out of hours\n\nGo to A&E.\n\n## Questions to ask\n\n- What next?');
    const match = /<section class="urgent" aria-labelledby="([^"]+)">([\s\S]*?)<\/section>/.exec(out);
    assert.ok(match, out);
    assert.equal(match[1], 'when-to-get-urgent-help');
    assert.ok(match[2]!.includes('<h2 id="when-to-get-urgent-help">When to get urgent help</h2>'));
    assert.ok(match[2]!.includes('you bleed') && match[2]!.includes('Go to A&amp;E.'), 'the whole section, sub-headings included, is inside');
    assert.ok(!match[2]!.includes('Questions to ask') && !match[2]!.includes('Because.'), 'other sections stay outside');
    assert.equal(out.match(/<section/g)?.length, 1);
  });

  it('recognises the variants of the urgent heading, in any case', () => {
    for (const text of ['When to get urgent help', 'WHEN TO GET URGENT HELP', 'When to seek urgent help', 'Seek urgent medical advice', 'Get help urgently if', 'When to seek emergency care']) {
      assert.equal(isUrgentHeading(text), true, text);
      assert.ok(render(`## ${text}\n\nNow.`).startsWith('<section class="urgent"'), text);
    }
    for (const text of ['Why it happens', 'Urgency of treatment', 'Help at home']) assert.equal(isUrgentHeading(text), false, text);
  });

  it('wraps an urgent h3 up to the next h3 or h2, and never a heading inside a quote or list', () => {
    const h3 = render('## Symptoms\n\n### Get help urgently\n\nNow.\n\n### Other\n\nLater.');
    assert.match(h3, /<section class="urgent" aria-labelledby="get-help-urgently">\s*<h3[^>]*>Get help urgently<\/h3>\s*<p>Now.<\/p>\s*<\/section>\s*<h3 id="other">/);
    const quoted = render('> ## When to get urgent help\n>\n> Quoted.\n\nAfter.');
    assert.ok(!quoted.includes('<section'), 'a section cannot start inside a blockquote');
  });
});

describe('article Markdown: plain-text helpers', () => {
  const source = 'First paragraph with **bold** and a [link](https://example.org/hidden-url).\n\n## Why it happens\n\nSecond `code` paragraph.\n\n### Detail\n\n- item one\n- item two\n\n```\nfenced\n```';

  it('extractHeadings lists the heading texts in order', () => {
    assert.deepEqual(extractHeadings(source), ['Why it happens', 'Detail']);
  });

  it('markdownToPlainText keeps the words and drops markup and link targets', () => {
    const text = markdownToPlainText(source);
    assert.equal(text, 'First paragraph with bold and a link.\nWhy it happens\nSecond code paragraph.\nDetail\nitem one\nitem two\nfenced');
    assert.ok(!text.includes('example.org'));
  });

  it('excerpt is the first paragraph, cut at a word boundary near 200 characters', () => {
    assert.equal(excerpt(source), 'First paragraph with bold and a link.');
    const long = `${'Kidneys filter waste from the blood every day. '.repeat(10)}`;
    const cut = excerpt(long);
    assert.ok([...cut].length <= 200, `${cut.length} characters`);
    assert.ok(cut.endsWith('…'));
    assert.ok(long.startsWith(cut.slice(0, -1)), 'the excerpt is a prefix of the paragraph');
    assert.match(cut, /[a-z]…$/, 'cut after a whole word');
    assert.equal(excerpt('## Only a heading\n\nThen text.'), 'Then text.');
  });

  it('truncateAtWord leaves short text alone', () => {
    assert.equal(truncateAtWord('Short text.', 200), 'Short text.');
  });
});
