export { toolsRoutes } from './tools.routes.ts';
export { EGFR_PATH } from './egfr.views.ts';
