import type { Route } from '../http/types';
import type { ApiDeps } from './deps';

/** The Slack-compatible endpoint (`/slack/api/{method}`); filled in by issue 15's work. */
export const createSlackApiRoutes = (_deps: ApiDeps): Route[] => [];
