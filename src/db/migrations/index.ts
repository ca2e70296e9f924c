import type { Migration } from 'kysely/migration';
import * as knowledgeBase from './20261122T163000_knowledge_base.ts';
import * as searchIndex from './20261122T170000_search_index.ts';
import * as outbox from './20261122T181000_outbox.ts';
import * as consultations from './20261122T182000_consultations.ts';
import * as staff from './20261122T190000_staff.ts';
import * as expertConsole from './20261123T090000_expert_console.ts';
import * as editorial from './20261123T091000_editorial.ts';
import * as contactMessages from './20261123T100000_contact_messages.ts';
import * as expertsAndStories from './20261123T101000_experts_and_stories.ts';
import * as retention from './20261123T102000_retention.ts';

/** Every migration, by timestamped name. Never edit one that has been merged; add a new one. */
export const migrations: Record<string, Migration> = {
  '20261122T163000_knowledge_base': knowledgeBase,
  '20261122T170000_search_index': searchIndex,
  '20261122T181000_outbox': outbox,
  '20261122T182000_consultations': consultations,
  '20261122T190000_staff': staff,
  '20261123T090000_expert_console': expertConsole,
  '20261123T091000_editorial': editorial,
  '20261123T100000_contact_messages': contactMessages,
  '20261123T101000_experts_and_stories': expertsAndStories,
  '20261123T102000_retention': retention,
};
