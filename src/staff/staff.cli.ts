import { parseArgs } from 'node:util';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { verifyAuditChain } from '../platform/audit.ts';
import { createStaffAccount, SETUP_LINK_HOURS, validateNewStaff } from './staff.service.ts';

export const STAFF_USAGE = `  create-staff --email <address> --name <name> --role admin|expert|editor [--reviewer]
                        create a staff account and print its one-time set-up link (${SETUP_LINK_HOURS} h)
  audit verify          check the audit log's hash chain; exit 1 naming the first bad row
`;

export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Runs `create-staff` or `audit …`; resolves to the exit code (2 for a usage error). */
export async function runStaffCommand(ctx: AppContext, command: string, args: readonly string[], out: CliOutput): Promise<number> {
  if (command === 'create-staff') return createStaff(ctx, args, out);
  if (command === 'audit' && args[0] === 'verify' && args.length === 1) return verifyAudit(ctx, out);
  out.stderr(`kidneydesk: ${command === 'audit' ? 'audit takes one subcommand: verify' : `unknown command "${command}"`}\n`);
  return 2;
}

async function createStaff(ctx: AppContext, args: readonly string[], out: CliOutput): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: {
      email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, reviewer: { type: 'boolean', default: false },
    } }));
  } catch (error) {
    out.stderr(`kidneydesk: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const check = validateNewStaff({ email: values.email ?? '', name: values.name ?? '', role: values.role ?? '', isReviewer: values.reviewer ?? false });
  if (!check.ok) {
    for (const p of check.problems) out.stderr(`kidneydesk: --${p.field}: ${p.message}\n`);
    return 2;
  }
  try {
    const created = await createStaffAccount(ctx, check.value, { type: 'system' }, { mail: false });
    out.stdout(`Created ${check.value.role} account ${created.id}.\nOne-time set-up link (valid ${SETUP_LINK_HOURS} hours; give it to them privately):\n${created.setupLink}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'STAFF_EMAIL_TAKEN') {
      out.stderr(`kidneydesk: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function verifyAudit(ctx: AppContext, out: CliOutput): Promise<number> {
  const report = await verifyAuditChain(ctx.db);
  if (report.ok) {
    out.stdout(`Audit log intact: ${report.rows} row(s). Head hash: ${report.headHash || '(empty log)'}\n`);
    return 0;
  }
  out.stderr(`Audit log NOT intact after ${report.rows} good row(s): first bad row ${report.firstBadSeq} (${report.problem}): ${report.detail}\n`);
  return 1;
}
