import type { Selectable } from 'kysely';

// The patient stories table (migration 20261123T101000_experts_and_stories).

export type StoryStatus = 'submitted' | 'published' | 'rejected' | 'withdrawn';

export interface StoryTable {
  id: string;
  /** First name or initials only (story-input.ts). */
  display_name: string;
  /** A value of consultations' CONDITIONS. */
  condition: string;
  title: string;
  /** Plain text, 50–5,000 characters. */
  body: string;
  /** For moderation and withdrawal only; never shown on the site. */
  contact_email: string;
  consent_version: string;
  consented_at: string;
  status: StoryStatus;
  submitted_at: string;
  published_at: string | null;
  /** Staff id of who last published, rejected or unpublished it. */
  moderated_by: string | null;
  moderated_at: string | null;
  withdrawn_at: string | null;
  /** SHA-256 (hex) of the private withdrawal link's token. */
  withdrawal_token_hash: string;
  updated_at: string;
}

export interface StoryTables {
  stories: StoryTable;
}

export type StoryRow = Selectable<StoryTable>;
