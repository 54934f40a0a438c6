import type { Route } from '../http/types';
import type { ApiDeps } from './deps';

/** Operator routes (queues, DLQ, dashboard); filled in by the operator-tools work (issue 11). */
export const createOpsRoutes = (_deps: ApiDeps): Route[] => [];
