export { healthRoutes, checkReadiness, type Readiness, type CheckResult } from './health.routes.ts';
