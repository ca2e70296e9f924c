import { UploadRejection, uploadError } from './upload-errors.ts';

/**
 * Re-encodes uploaded photos so that what we store is only pixels: EXIF (GPS, camera serial,
 * free-text fields that might carry script), XMP, IPTC, comments and embedded thumbnails are all
 * dropped, and the EXIF orientation is applied to the pixels first so the picture stays upright.
 * Never hand untrusted files to ExifTool (GitLab HackerOne #1154542).
 */

export type ImageType = 'image/jpeg' | 'image/png';

/** The default pixel limit (bad-uploads U11): 40 megapixels. */
export const MAX_IMAGE_PIXELS = 40_000_000;

const JPEG_QUALITY = 92;
const SHARP_TIMEOUT_SECONDS = 10;

/** Width and height as the file's header declares them (before any decoding). Throws UPLOAD_CORRUPT if unreadable. */
export function readImageDimensions(bytes: Buffer, type: ImageType): { width: number; height: number } {
  const dims = type === 'image/png' ? pngDimensions(bytes) : jpegDimensions(bytes);
  if (!dims || dims.width === 0 || dims.height === 0) throw uploadError('UPLOAD_CORRUPT', 'image-header');
  return dims;
}

function pngDimensions(b: Buffer): { width: number; height: number } | null {
  // Signature (8), then the IHDR chunk: length (4) "IHDR" (4) width (4) height (4).
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function isStartOfFrame(marker: number): boolean {
  // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegDimensions(b: Buffer): { width: number; height: number } | null {
  let i = 2; // after SOI
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame header
    const length = b.readUInt16BE(i + 2);
    if (length < 2) return null;
    if (isStartOfFrame(marker)) {
      if (i + 9 > b.length) return null;
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return null;
}

/**
 * Returns a clean re-encoding of an uploaded JPEG or PNG in the same format. Rejects images over
 * `maxPixels` from the header alone, before decoding (UPLOAD_IMAGE_TOO_LARGE), and files that do
 * not decode completely, such as truncated ones (UPLOAD_CORRUPT).
 */
export async function sanitizeImage(bytes: Buffer, type: ImageType, options: { maxPixels?: number } = {}): Promise<Buffer> {
  const maxPixels = options.maxPixels ?? MAX_IMAGE_PIXELS;
  const { width, height } = readImageDimensions(bytes, type);
  const tooManyPixels = () =>
    uploadError('UPLOAD_IMAGE_TOO_LARGE', 'image-pixels', `The picture has too many pixels. Please send a picture of at most ${Math.floor(maxPixels / 1_000_000)} megapixels.`);
  if (width * height > maxPixels) throw tooManyPixels();

  // sharp (libvips) is loaded on the first image, not at start-up: most pages never need it.
  const sharp = (await import('sharp')).default;
  // limitInputPixels repeats the check inside libvips; failOn 'error' turns truncation into an error.
  const image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', sequentialRead: true }).timeout({
    seconds: SHARP_TIMEOUT_SECONDS,
  });
  try {
    const meta = await image.metadata();
    const expected = type === 'image/png' ? 'png' : 'jpeg';
    if (meta.format !== expected) throw uploadError('UPLOAD_CORRUPT', 'image-format');
    // rotate() without an angle applies the EXIF orientation; output carries no metadata by default.
    const pipeline = image.rotate();
    const output =
      type === 'image/png'
        ? pipeline.png({ compressionLevel: 6 })
        : pipeline.jpeg({ quality: JPEG_QUALITY, chromaSubsampling: meta.chromaSubsampling === '4:4:4' ? '4:4:4' : '4:2:0' });
    return await output.toBuffer();
  } catch (error) {
    if (error instanceof UploadRejection) throw error;
    if (error instanceof Error && /pixel limit/iu.test(error.message)) throw tooManyPixels();
    throw uploadError('UPLOAD_CORRUPT', 'image-decode');
  }
}
