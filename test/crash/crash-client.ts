import { createHash } from 'node:crypto';
import { sanitizeImage } from '../../src/storage/image-sanitize.ts';
import { askFields, askParts } from '../ask-fixtures.ts';
import { buildPdf, plainPng } from '../fixtures/upload-fixtures.ts';
import { filePart, multipartBody, type FilePart } from '../multipart.ts';

// One patient submitting the ask form over real HTTP, the way a browser does: GET /ask for the
// signed form stamp, POST the multipart form with reports, follow the 303 to /ask/received.

/** A report as sent, with the SHA-256 the store must hold for it (PNGs are re-encoded on upload). */
export interface SentFile {
  readonly kind: 'pdf' | 'png';
  readonly storedSha256: string;
}

/** One POST /ask that reached the wire. */
export interface Submission {
  readonly n: number;
  /** Unique per submission: how the checker finds the consultation even without a reference. */
  readonly email: string;
  readonly files: readonly SentFile[];
  /** 303 to /ask/received: the patient was told "received". */
  acknowledged: boolean;
  /** From the /ask/received page, when the server lived long enough to show it. */
  reference: string | undefined;
  outcome: string;
}

export interface UploadFixtures {
  readonly png: Buffer;
  /** SHA-256 of the PNG as the store keeps it (sanitised: same pixels, no metadata). */
  readonly pngStoredSha256: string;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Builds the upload fixtures once (the PNG's re-encoding is deterministic for one sharp build). */
export async function prepareFixtures(): Promise<UploadFixtures> {
  const png = await plainPng(160, 120);
  return { png, pngStoredSha256: sha256(await sanitizeImage(png, 'image/png')) };
}

/** The reports for submission n: a PDF, a PNG, or both, in turn; each PDF is unique. */
function filesFor(n: number, fixtures: UploadFixtures): { parts: FilePart[]; sent: SentFile[] } {
  const parts: FilePart[] = [];
  const sent: SentFile[] = [];
  if (n % 3 !== 1) {
    const pdf = buildPdf({ text: `Creatinine report ${n} ${'x'.repeat(n % 50)}` });
    parts.push(filePart(`report-${n}.pdf`, pdf, 'application/pdf'));
    sent.push({ kind: 'pdf', storedSha256: sha256(pdf) });
  }
  if (n % 3 !== 0) {
    parts.push(filePart(`scan-${n}.png`, fixtures.png, 'image/png'));
    sent.push({ kind: 'png', storedSha256: fixtures.pngStoredSha256 });
  }
  return { parts, sent };
}

/**
 * Submits one consultation. Resolves undefined when the POST never went out (the server was
 * already gone at GET /ask); otherwise to the submission, acknowledged or not.
 */
export async function submitConsultation(baseUrl: string, n: number, label: string, fixtures: UploadFixtures): Promise<Submission | undefined> {
  let stamp: string | undefined;
  try {
    const form = await fetch(`${baseUrl}/ask`, { signal: AbortSignal.timeout(10_000) });
    stamp = /name="started" value="([^"]+)"/.exec(await form.text())?.[1];
  } catch {
    return undefined;
  }
  if (!stamp) throw new Error('GET /ask served no form stamp');
  const email = `crash-${label}-${n}@example.org`;
  const { parts, sent } = filesFor(n, fixtures);
  const body = multipartBody(askParts(stamp, askFields({ email, description: `Crash test question ${n}: my creatinine went up from 120 to 150 in a month.` }), parts));
  const submission: Submission = { n, email, files: sent, acknowledged: false, reference: undefined, outcome: 'no answer' };
  let cookie: string | undefined;
  try {
    const response = await fetch(`${baseUrl}/ask`, {
      method: 'POST', body: new Uint8Array(body.payload), headers: { 'content-type': body.contentType },
      redirect: 'manual', signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    submission.outcome = String(response.status);
    if (response.status !== 303 || response.headers.get('location') !== '/ask/received') return submission;
    submission.acknowledged = true;
    cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => /kd_case=/.test(c));
  } catch (error) {
    submission.outcome = describeFetchError(error);
    return submission;
  }
  try {
    const page = await fetch(`${baseUrl}/ask/received`, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(10_000) });
    submission.reference = /Your case reference: <strong>([^<]+)<\/strong>/.exec(await page.text())?.[1];
  } catch {
    // Killed between the acknowledgement and the follow-up page: the e-mail still identifies it.
  }
  return submission;
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).name ?? 'error';
}
