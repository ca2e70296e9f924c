import type { Kysely } from 'kysely';

// The editorial workflow: article revisions, uploaded images, who wrote and who reviewed.
// (Filled in by the editorial workflow change.)

export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(_db: Kysely<any>): Promise<void> {}
