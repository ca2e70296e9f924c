import type { AppContext } from '../context.ts';
import type { Db } from '../database.ts';
import { newId } from '../db/index.ts';
import { AppError } from '../platform/errors.ts';
import { recordAudit } from '../platform/audit.ts';
import { MAX_IMAGE_PIXELS } from '../storage/index.ts';

// Images for articles. An upload is accepted by its content only (JPEG, PNG or WebP magic bytes;
// the name and the client's Content-Type play no part), then decoded and re-encoded by sharp as
// WebP at most 1600 px wide. Only pixels survive: EXIF, XMP, ICC comments, GPS, trailing bytes of
// a polyglot. Images are public and served from the database at /media/<id>.webp.

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_WIDTH = 1600;
const WEBP_QUALITY = 82;
const SHARP_TIMEOUT_SECONDS = 10;

type SourceType = 'image/jpeg' | 'image/png' | 'image/webp';

/** An image as the editor page lists it. */
export interface ArticleImage {
  readonly id: string;
  readonly alt: string;
  readonly width: number;
  readonly height: number;
  /** Site-relative address, `/media/<id>.webp`. */
  readonly url: string;
}

const IMAGE_FIELD = 'image';

function imageError(code: string, status: number, message: string): AppError {
  return new AppError(code, { status, message, fields: [{ field: IMAGE_FIELD, message }] });
}

/** The accepted type of an upload from its first bytes, or null. */
export function sniffImageType(bytes: Uint8Array): SourceType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/**
 * Checks and re-encodes an upload: WebP, at most 1600 px wide, upright, no metadata. Throws
 * (with the `image` field set) IMAGE_EMPTY, IMAGE_TOO_LARGE, IMAGE_TYPE_NOT_ALLOWED, IMAGE_TOO_MANY_PIXELS or IMAGE_CORRUPT.
 */
export async function reencodeImage(bytes: Buffer, options: { maxPixels?: number } = {}): Promise<{ webp: Buffer; width: number; height: number }> {
  const maxPixels = options.maxPixels ?? MAX_IMAGE_PIXELS;
  if (bytes.length === 0) throw imageError('IMAGE_EMPTY', 422, 'The file is empty. Choose the image again.');
  if (bytes.length > MAX_IMAGE_BYTES) throw imageError('IMAGE_TOO_LARGE', 413, 'The image is too large. It can be at most 5 MB.');
  const type = sniffImageType(bytes);
  if (!type) throw imageError('IMAGE_TYPE_NOT_ALLOWED', 415, 'This kind of file is not accepted. Upload a JPEG, PNG or WebP image.');
  const tooManyPixels = () => imageError('IMAGE_TOO_MANY_PIXELS', 413, `The image has too many pixels. It can have at most ${Math.floor(maxPixels / 1_000_000)} megapixels.`);
  const corrupt = () => imageError('IMAGE_CORRUPT', 422, 'The image seems to be damaged or incomplete. Save it again and retry.');

  // sharp (libvips) is loaded on the first image, not at start-up: most processes never need it.
  const sharp = (await import('sharp')).default;
  try {
    // limitInputPixels refuses a decompression bomb from its header, before decoding; failOn
    // 'error' turns a truncated file into an error; only the first frame of an animation is read.
    const image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', pages: 1 }).timeout({ seconds: SHARP_TIMEOUT_SECONDS });
    const meta = await image.metadata();
    const expected = type === 'image/png' ? 'png' : type === 'image/webp' ? 'webp' : 'jpeg';
    if (meta.format !== expected) throw corrupt();
    if ((meta.width ?? 0) * (meta.height ?? 0) > maxPixels) throw tooManyPixels();
    const { data, info } = await image.rotate().resize({ width: MAX_IMAGE_WIDTH, withoutEnlargement: true })
      .webp({ quality: WEBP_QUALITY }).toBuffer({ resolveWithObject: true });
    return { webp: data, width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof Error && /pixel limit/iu.test(error.message)) throw tooManyPixels();
    throw corrupt();
  }
}

/** Stores a re-encoded image for an article and audits it; returns the image. */
export async function saveArticleImage(
  ctx: AppContext, actor: { id: string }, articleId: string, image: { webp: Buffer; width: number; height: number; alt: string }, meta: { ip: string },
): Promise<ArticleImage> {
  const now = ctx.now();
  const id = newId(now.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('article_images').values({
      id, article_id: articleId, alt: image.alt, width: image.width, height: image.height, media_type: 'image/webp',
      bytes: image.webp, uploaded_by: actor.id, created_at: now.toISOString(),
    }).execute();
    await recordAudit(trx, { actor: { type: 'staff', id: actor.id }, action: 'article.image_uploaded', subject: { type: 'article', id: articleId }, ip: meta.ip, at: now });
  });
  return { id, alt: image.alt, width: image.width, height: image.height, url: `/media/${id}.webp` };
}

/** An article's images, newest first. */
export async function listArticleImages(db: Db, articleId: string): Promise<ArticleImage[]> {
  const rows = await db.selectFrom('article_images').select(['id', 'alt', 'width', 'height']).where('article_id', '=', articleId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, alt: r.alt, width: Number(r.width), height: Number(r.height), url: `/media/${r.id}.webp` }));
}

/** An image's bytes for serving, or undefined. */
export async function loadImageBytes(db: Db, id: string): Promise<{ bytes: Buffer; mediaType: string } | undefined> {
  const row = await db.selectFrom('article_images').select(['bytes', 'media_type']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const bytes = row.bytes;
  return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), mediaType: row.media_type };
}
