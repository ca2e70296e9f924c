import type { Selectable } from 'kysely';

// The expert profiles table (migration 20261123T101000_experts_and_stories).

export interface ExpertProfileTable {
  id: string;
  /** The staff account of this person, when they have one (unique). */
  staff_id: string | null;
  slug: string;
  name: string;
  /** e.g. "Renal dietitian". */
  role_title: string;
  /** e.g. "RD, MSc"; shown beside the name wherever the person is credited. */
  credentials: string;
  /** JSON array of short labels, in order. */
  specialties: string;
  /** Markdown, rendered with raw HTML off. */
  biography: string;
  /** Changes with every upload; the photo is served at /experts/photos/<photo_id>.webp. */
  photo_id: string | null;
  /** Re-encoded WebP, no metadata. */
  photo: Uint8Array | null;
  photo_width: number | null;
  photo_height: number | null;
  photo_alt: string;
  /** 1 when shown on the site. */
  published: number;
  /** Order on /experts, smallest first. */
  position: number;
  created_at: string;
  updated_at: string;
}

export interface ExpertTables {
  expert_profiles: ExpertProfileTable;
}

export type ExpertProfileRow = Selectable<ExpertProfileTable>;
