import type { Db, Trx } from '../database.ts';
import type { ReviewerCredit } from '../articles/index.ts';
import type { ExpertProfileTable } from './expert.table.ts';

// SQL for expert profiles. The photo's bytes are read only by `loadProfilePhoto`; every other
// query leaves them in the database.

/** A profile as pages show it. */
export interface ExpertProfile {
  readonly id: string;
  readonly staffId: string | null;
  readonly slug: string;
  readonly name: string;
  readonly roleTitle: string;
  readonly credentials: string;
  readonly specialties: readonly string[];
  readonly biography: string;
  readonly photo: ProfilePhoto | null;
  readonly published: boolean;
  readonly position: number;
  readonly updatedAt: string;
}

export interface ProfilePhoto {
  /** Public address, `/experts/photos/<photo_id>.webp` (served only while the profile is published). */
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly alt: string;
}

const COLUMNS = [
  'id', 'staff_id', 'slug', 'name', 'role_title', 'credentials', 'specialties', 'biography', 'photo_id', 'photo_width', 'photo_height',
  'photo_alt', 'published', 'position', 'updated_at',
] as const;
type ProfileColumns = Pick<ExpertProfileTable, (typeof COLUMNS)[number]>;

function toProfile(row: ProfileColumns): ExpertProfile {
  return {
    id: row.id,
    staffId: row.staff_id,
    slug: row.slug,
    name: row.name,
    roleTitle: row.role_title,
    credentials: row.credentials,
    specialties: parseSpecialties(row.specialties),
    biography: row.biography,
    photo: row.photo_id ? { url: `/experts/photos/${row.photo_id}.webp`, width: Number(row.photo_width), height: Number(row.photo_height), alt: row.photo_alt } : null,
    published: Number(row.published) === 1,
    position: Number(row.position),
    updatedAt: row.updated_at,
  };
}

function parseSpecialties(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Published profiles in their set order, then by name. */
export async function listPublishedProfiles(db: Db): Promise<ExpertProfile[]> {
  const rows = await db.selectFrom('expert_profiles').select(COLUMNS).where('published', '=', 1).orderBy('position').orderBy('name').orderBy('id').execute();
  return rows.map(toProfile);
}

/** A published profile by its address, or undefined. */
export async function findPublishedProfile(db: Db, slug: string): Promise<ExpertProfile | undefined> {
  const row = await db.selectFrom('expert_profiles').select(COLUMNS).where('slug', '=', slug).where('published', '=', 1).executeTakeFirst();
  return row ? toProfile(row) : undefined;
}

/** Every profile, published or not, for the console. */
export async function listProfilesForStaff(db: Db): Promise<ExpertProfile[]> {
  const rows = await db.selectFrom('expert_profiles').select(COLUMNS).orderBy('position').orderBy('name').orderBy('id').execute();
  return rows.map(toProfile);
}

/** Any profile by id, for the console. */
export async function findProfile(db: Db | Trx, id: string): Promise<ExpertProfile | undefined> {
  const row = await db.selectFrom('expert_profiles').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toProfile(row) : undefined;
}

/** The credit an article page gives its reviewer: only from a published profile linked to their account. */
export async function findReviewerCredit(db: Db, staffId: string): Promise<ReviewerCredit | undefined> {
  const row = await db.selectFrom('expert_profiles').select(['slug', 'name', 'credentials'])
    .where('staff_id', '=', staffId).where('published', '=', 1).executeTakeFirst();
  return row ? { name: row.name, credentials: row.credentials, href: `/experts/${row.slug}` } : undefined;
}

/** A photo's bytes by photo id; `publishedOnly` for the public address. */
export async function loadProfilePhoto(db: Db, photoId: string, options: { publishedOnly: boolean }): Promise<Buffer | undefined> {
  let query = db.selectFrom('expert_profiles').select('photo').where('photo_id', '=', photoId);
  if (options.publishedOnly) query = query.where('published', '=', 1);
  const bytes = (await query.executeTakeFirst())?.photo;
  return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
}

/** The id of the profile using this address or staff account, other than `exceptId`. */
export async function findClash(trx: Trx, field: 'slug' | 'staff_id', value: string, exceptId?: string): Promise<string | undefined> {
  let query = trx.selectFrom('expert_profiles').select('id').where(field, '=', value);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst())?.id;
}
