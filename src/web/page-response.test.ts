import { it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { etagMatches, preferredCoding } from './page-response.ts';

describe('page responses', () => {
  it('picks the coding with the highest q-value, preferring br, then gzip, then deflate', () => {
    const cases: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      ['', undefined],
      ['identity', undefined],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['deflate', 'deflate'],
      ['GZIP', 'gzip'],
      ['x-gzip', 'gzip'],
      ['br;q=0.5, gzip;q=1.0', 'gzip'],
      ['br;q=0.5, gzip;q=0.5', 'br'],
      ['br;q=0, gzip;q=0', undefined],
      ['*', 'br'],
      ['*;q=0, gzip', 'gzip'],
      ['br;q=0, *', 'gzip'],
      ['gzip;q=nonsense', undefined],
    ];
    for (const [header, expected] of cases) assert.equal(preferredCoding(header), expected, String(header));
    assert.equal(preferredCoding(['gzip', 'br;q=0.1']), 'gzip', 'repeated header lines are one list');
  });

  it('matches If-None-Match weakly, in a list, or as *', () => {
    assert.equal(etagMatches(undefined, '"a"'), false);
    assert.equal(etagMatches('"a"', '"a"'), true);
    assert.equal(etagMatches('W/"a"', '"a"'), true);
    assert.equal(etagMatches('"b", W/"a"', '"a"'), true);
    assert.equal(etagMatches(' * ', '"a"'), true);
    assert.equal(etagMatches('"a-br"', '"a"'), false, 'another representation');
  });
});
