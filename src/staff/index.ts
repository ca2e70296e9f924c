export { staffRoutes } from './staff.routes.ts';
export { runStaffCommand, STAFF_USAGE } from './staff.cli.ts';
export { currentStaff, optionalStaff, requestMeta } from './staff-guard.ts';
export type { StaffAccess } from './staff-guard.ts';
export { can, assertCan, requiresTotp, STAFF_ACTIONS } from './staff.policy.ts';
export type { StaffActor, StaffAction, PolicySubject } from './staff.policy.ts';
export type { StaffSession, RequestMeta } from './staff-session.ts';
export { renderStaffPage, csrfField } from './staff-layout.ts';
export type { StaffTables, StaffRole, StaffRow } from './staff.table.ts';
