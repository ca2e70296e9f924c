import type { ConsultationEventRow, ConsultationFileRow, ConsultationMessageRow, ConsultationNoteRow, ConsultationStatus } from '../consultations/index.ts';
import { formatDuration } from '../consultations/index.ts';
import { STATUS_LABELS } from './consultation-labels.ts';

// A consultation's full history for the expert: messages (with their attachments), internal
// notes and events, interleaved by time. Pure: the view model only, no HTML.

export type HistoryEntry =
  | { readonly kind: 'message'; readonly at: string; readonly message: ConsultationMessageRow; readonly author: string; readonly files: readonly ConsultationFileRow[] }
  | { readonly kind: 'note'; readonly at: string; readonly note: ConsultationNoteRow; readonly author: string }
  | { readonly kind: 'event'; readonly at: string; readonly text: string };

// At the same instant: what was written comes before what it caused.
const ORDER: Record<HistoryEntry['kind'], number> = { message: 0, note: 1, event: 2 };

/** Every message, note and event, oldest first; events that only repeat a message or note are left out. */
export function buildHistory(input: {
  messages: readonly ConsultationMessageRow[];
  files: readonly ConsultationFileRow[];
  notes: readonly ConsultationNoteRow[];
  events: readonly ConsultationEventRow[];
  names: ReadonlyMap<string, string>;
  patientName: string;
}): HistoryEntry[] {
  const name = (id: string | null | undefined) => (id ? input.names.get(id) ?? 'A former staff member' : 'Someone');
  const entries: HistoryEntry[] = [
    ...input.messages.map((m): HistoryEntry => ({
      kind: 'message', at: m.created_at, message: m, files: input.files.filter((f) => f.message_id === m.id),
      author: m.author === 'patient' ? `${input.patientName} (patient)` : m.author === 'expert' ? name(m.author_id) : 'KidneyDesk',
    })),
    ...input.notes.map((n): HistoryEntry => ({ kind: 'note', at: n.created_at, note: n, author: name(n.author_id) })),
    ...input.events.flatMap((e): HistoryEntry[] => {
      const text = eventText(e, name);
      return text === undefined ? [] : [{ kind: 'event', at: e.at, text }];
    }),
  ];
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : ORDER[a.kind] - ORDER[b.kind]));
}

/** One event in plain words, or undefined when the message or note it belongs to already says it. */
export function eventText(e: ConsultationEventRow, name: (id: string | null | undefined) => string): string | undefined {
  const detail = parseDetail(e.detail);
  const who = name(e.actor_id);
  const status = (value: unknown) => (typeof value === 'string' && value in STATUS_LABELS ? STATUS_LABELS[value as ConsultationStatus].toLowerCase() : 'unknown');
  switch (e.kind) {
    case 'claimed': return `${who} claimed the consultation.`;
    case 'assigned': return `${who} assigned the consultation to ${name(typeof detail.to === 'string' ? detail.to : null)}.`;
    case 'unassigned': return `${who} unassigned ${name(typeof detail.from === 'string' ? detail.from : null)}.`;
    case 'status_changed':
      if (detail.reason === 'idle') return `Closed automatically: no activity since the answer (${status(detail.from)} to ${status(detail.to)}).`;
      return `${who} changed the status from ${status(detail.from)} to ${status(detail.to)}.`;
    case 'clock_paused': return `${who} paused the clock: waiting for information from the patient.`;
    case 'clock_resumed': return `${who} restarted the clock${typeof detail.pausedSeconds === 'number' ? ` after ${formatDuration(detail.pausedSeconds * 1000)}` : ''}.`;
    case 'answered': return `${who} sent an answer.`;
    case 'follow_up':
      if (detail.reopened === true) return 'The patient\'s follow-up reopened the consultation with a new deadline.';
      if (detail.clockResumed === true) return 'The patient\'s follow-up restarted the clock.';
      return undefined;
    case 'reminder_sent': return 'A reminder was sent: the deadline is near.';
    case 'breached': return 'The deadline passed without an answer.';
    case 'note_added': return undefined;
    default: return undefined;
  }
}

function parseDetail(detail: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(detail);
    return value !== null && typeof value === 'object' ? value as Record<string, unknown> : {};
  } catch {
    return {};
  }
}
