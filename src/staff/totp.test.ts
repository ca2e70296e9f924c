import { it } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, base32Encode, formatSecretForPeople, hotp, otpauthUri, totpCode, totpStep, verifyTotp } from './totp.ts';
import { renderQrSvg } from './totp-qr.ts';

const RFC_SECRET = Buffer.from('12345678901234567890');

it('base32 matches the RFC 4648 test vectors (without padding) and round-trips', () => {
  const vectors: [string, string][] = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
  for (const [plain, encoded] of vectors) {
    assert.equal(base32Encode(Buffer.from(plain)), encoded);
    assert.equal(base32Decode(encoded).toString(), plain);
  }
  assert.equal(base32Decode('mzxw 6ytb-oi==').toString(), 'foobar', 'case, spaces, hyphens and padding are ignored');
  assert.throws(() => base32Decode('MZXW1'), /not base32/);
  assert.equal(base32Encode(RFC_SECRET), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
});

it('HOTP matches the RFC 4226 appendix D values', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((code, counter) => assert.equal(hotp(RFC_SECRET, counter), code));
});

it('TOTP matches the RFC 6238 appendix B values (SHA-1, 8 digits)', () => {
  const vectors: [number, string][] = [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']];
  for (const [seconds, code] of vectors) assert.equal(hotp(RFC_SECRET, totpStep(new Date(seconds * 1000)), 8), code, `T=${seconds}`);
  // The SHA-256 and SHA-512 rows of the same table use longer seeds; they check the algorithm choice.
  assert.equal(hotp(Buffer.from('12345678901234567890123456789012'), 1, 8, 'sha256'), '46119246');
  assert.equal(hotp(Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'), 1, 8, 'sha512'), '90693936');
  assert.equal(totpCode(RFC_SECRET, new Date(59_000)), '287082', 'six digits: the last six of the eight');
});

it('accepts one step of drift either way, nothing further, and never the same step twice', () => {
  const at = new Date('2026-11-22T10:00:15Z');
  const step = totpStep(at);
  const code = (s: number) => hotp(RFC_SECRET, s);
  assert.equal(verifyTotp(RFC_SECRET, code(step), at, null), step);
  assert.equal(verifyTotp(RFC_SECRET, code(step - 1), at, null), step - 1);
  assert.equal(verifyTotp(RFC_SECRET, code(step + 1), at, null), step + 1);
  assert.equal(verifyTotp(RFC_SECRET, code(step - 2), at, null), undefined);
  assert.equal(verifyTotp(RFC_SECRET, code(step + 2), at, null), undefined);
  assert.equal(verifyTotp(RFC_SECRET, code(step), at, step), undefined, 'replay of the used step');
  assert.equal(verifyTotp(RFC_SECRET, code(step - 1), at, step), undefined, 'an older step after a newer one');
  assert.equal(verifyTotp(RFC_SECRET, code(step + 1), at, step), step + 1);
  assert.equal(verifyTotp(RFC_SECRET, ` ${code(step).slice(0, 3)} ${code(step).slice(3)} `, at, null), step, 'spaces are ignored');
  for (const bad of ['', '12345', '1234567', 'abcdef', '12345a']) assert.equal(verifyTotp(RFC_SECRET, bad, at, null), undefined, bad);
});

it('builds the otpauth URI apps read, and shows the key in groups of four', () => {
  const text = otpauthUri(RFC_SECRET, 'St Mary\'s Renal', 'ann@clinic.example');
  assert.ok(text.startsWith('otpauth://totp/St%20Mary\'s%20Renal:ann%40clinic.example?'), text);
  const uri = new URL(text);
  assert.equal(uri.searchParams.get('secret'), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  assert.equal(uri.searchParams.get('issuer'), 'St Mary\'s Renal');
  assert.equal(uri.searchParams.get('digits'), '6');
  assert.equal(uri.searchParams.get('period'), '30');
  assert.equal(formatSecretForPeople(RFC_SECRET), 'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
});

it('renders the QR code as inline SVG with fill attributes only: no style, no script, labelled', () => {
  const svg = renderQrSvg(otpauthUri(RFC_SECRET, 'Clinic "<x>"', 'a@b.example'), 'QR code "for" <you>').value;
  assert.match(svg, /^<svg class="qr-code" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
  assert.match(svg, /role="img" aria-label="QR code &quot;for&quot; &lt;you&gt;"/);
  assert.doesNotMatch(svg, /style|script|on\w+=|href/i);
  assert.match(svg, /<path fill="#000000" d="(M\d+ \d+h1v1h-1z)+"\/><\/svg>$/);
});
