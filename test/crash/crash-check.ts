import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../src/config/index.ts';
import { openContext } from '../../src/runtime.ts';
import { ORPHAN_GRACE_MS, sweepOrphanFiles } from '../../src/consultations/orphan-files.ts';
import type { Submission } from './crash-client.ts';

// What must hold after a SIGKILL, checked with the server down, through the app's own database
// code and FileStore (same DATA_DIR, same master key):
//   - every acknowledged submission is there whole: consultation, description message, access
//     token, case-received outbox row, and every report, decrypting to the bytes that were sent;
//   - nothing is half-written, acknowledged or not: no consultation without its description,
//     token or mail, no file row whose blob is missing, unreadable or of another SHA-256;
//   - the orphan sweep (the app's sweepOrphanFiles, its grace window already passed) leaves no
//     blob that no row refers to and no temp file.

export interface CheckResult {
  readonly consultations: number;
  readonly files: number;
  /** Acknowledged submissions not found, or found without all their reports. */
  readonly lost: readonly string[];
  /** Cases or file rows missing a part. */
  readonly halfWritten: readonly string[];
  /** Submissions that committed although the patient never saw "received" (not a loss). */
  readonly committedUnacknowledged: number;
  readonly sweptBlobs: number;
  readonly sweptTemp: number;
  /** Blobs or temp files the sweep left behind although nothing refers to them. */
  readonly orphansLeft: readonly string[];
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Opens the data the killed server left, sweeps orphans as the server would an hour later, and checks it all. */
export async function checkAfterKill(config: Config, submissions: readonly Submission[]): Promise<CheckResult> {
  const later = () => new Date(Date.now() + ORPHAN_GRACE_MS + 60_000);
  const { ctx, handle } = await openContext(config, { now: later });
  try {
    const swept = await sweepOrphanFiles(ctx);
    const db = ctx.db;
    const consultations = await db.selectFrom('consultations').select(['id', 'reference', 'patient_email']).execute();
    const descriptions = await db.selectFrom('consultation_messages').select(['id', 'consultation_id']).where('kind', '=', 'description').execute();
    const tokens = await db.selectFrom('case_access_tokens').select('consultation_id').execute();
    const mails = await db.selectFrom('outbox').select(['related_id']).where('kind', '=', 'case-received').where('related_type', '=', 'consultation').execute();
    const files = await db.selectFrom('consultation_files').select(['id', 'consultation_id', 'message_id', 'sha256', 'wrapped_key', 'size']).execute();

    const descriptionOf = groupBy(descriptions, (d) => d.consultation_id);
    const tokenCount = countBy(tokens.map((t) => t.consultation_id));
    const mailCount = countBy(mails.map((m) => m.related_id ?? ''));
    const filesOf = groupBy(files, (f) => f.consultation_id);
    const halfWritten: string[] = [];
    for (const c of consultations) {
      const d = descriptionOf.get(c.id) ?? [];
      if (d.length !== 1) halfWritten.push(`${c.reference}: ${d.length} description messages`);
      if (!tokenCount.get(c.id)) halfWritten.push(`${c.reference}: no access token`);
      if (mailCount.get(c.id) !== 1) halfWritten.push(`${c.reference}: ${mailCount.get(c.id) ?? 0} case-received mails`);
      for (const f of filesOf.get(c.id) ?? []) {
        if (f.message_id !== d[0]?.id) halfWritten.push(`${c.reference}: file ${f.id} not on the description message`);
      }
    }
    const known = new Set(consultations.map((c) => c.id));
    const readable = new Set<string>();
    for (const f of files) {
      if (!known.has(f.consultation_id)) { halfWritten.push(`file ${f.id}: no consultation`); continue; }
      try {
        const content = await ctx.files.read({ id: f.id, wrappedKey: f.wrapped_key });
        if (sha256(content) !== f.sha256 || content.length !== Number(f.size)) halfWritten.push(`file ${f.id}: content does not match its SHA-256 or size`);
        else readable.add(f.id);
      } catch (error) {
        halfWritten.push(`file ${f.id}: blob unreadable (${(error as { code?: string }).code ?? (error as Error).message})`);
      }
    }

    const byEmail = new Map(consultations.map((c) => [c.patient_email, c] as const));
    const lost: string[] = [];
    let committedUnacknowledged = 0;
    for (const s of submissions) {
      const c = byEmail.get(s.email);
      if (!s.acknowledged) {
        if (c) committedUnacknowledged++;
        continue;
      }
      if (!c) { lost.push(`#${s.n} (${s.reference ?? 'no reference seen'}): no consultation`); continue; }
      if (s.reference && s.reference !== c.reference) lost.push(`#${s.n}: reference ${c.reference}, the patient was shown ${s.reference}`);
      const stored = (filesOf.get(c.id) ?? []).filter((f) => readable.has(f.id)).map((f) => f.sha256).sort();
      const sent = s.files.map((f) => f.storedSha256).sort();
      if (stored.join() !== sent.join()) lost.push(`#${s.n} (${c.reference}): ${stored.length} of ${sent.length} reports stored intact`);
    }

    const fileIds = new Set(files.map((f) => f.id));
    const root = path.join(config.dataDir, 'files');
    const orphansLeft = [
      ...(await listFiles(path.join(root, 'blobs'))).filter((name) => !fileIds.has(name)).map((name) => `blob ${name}`),
      ...(await listFiles(path.join(root, 'tmp'))).map((name) => `temp ${name}`),
    ];
    return {
      consultations: consultations.length, files: files.length, lost, halfWritten, committedUnacknowledged,
      sweptBlobs: swept.removedBlobs, sweptTemp: swept.removedTemp, orphansLeft,
    };
  } finally {
    await handle.close();
  }
}

/**
 * For CRASH_SABOTAGE=1, to show the check can fail: deletes the case-received mail of one case
 * and the blob of one report, as a broken write path would have left them.
 */
export async function sabotage(config: Config): Promise<void> {
  const { ctx, handle } = await openContext(config);
  try {
    const mail = await ctx.db.selectFrom('outbox').select('id').where('kind', '=', 'case-received').orderBy('id').executeTakeFirst();
    if (mail) await ctx.db.deleteFrom('outbox').where('id', '=', mail.id).execute();
    const file = await ctx.db.selectFrom('consultation_files').select('id').orderBy('id').executeTakeFirst();
    if (file) await rm(path.join(config.dataDir, 'files', 'blobs', file.id.slice(0, 2), file.id), { force: true });
  } finally {
    await handle.close();
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

function countBy(keys: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const k of keys) map.set(k, (map.get(k) ?? 0) + 1);
  return map;
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
}
