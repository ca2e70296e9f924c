import type { Db } from '../database.ts';
import type { ConsultationFileRow, ConsultationMessageRow, ConsultationRow } from './consultation.table.ts';

export interface PatientCase {
  readonly consultation: ConsultationRow;
  readonly messages: ConsultationMessageRow[];
  readonly files: ConsultationFileRow[];
}

/** One consultation with its messages and files, for its own patient (the caller has checked the session). */
export async function loadCaseForPatient(db: Db, consultationId: string): Promise<PatientCase | undefined> {
  const consultation = await db.selectFrom('consultations').selectAll().where('id', '=', consultationId).executeTakeFirst();
  if (!consultation) return undefined;
  const messages = await db.selectFrom('consultation_messages').selectAll()
    .where('consultation_id', '=', consultationId).orderBy('created_at').orderBy('id').execute();
  const files = await db.selectFrom('consultation_files').selectAll()
    .where('consultation_id', '=', consultationId).orderBy('created_at').orderBy('id').execute();
  return { consultation, messages, files };
}

/** A file of this consultation only: one patient's session never reaches another's files. */
export async function findPatientFile(db: Db, consultationId: string, fileId: string): Promise<ConsultationFileRow | undefined> {
  return db.selectFrom('consultation_files').selectAll()
    .where('consultation_id', '=', consultationId).where('id', '=', fileId).executeTakeFirst();
}
