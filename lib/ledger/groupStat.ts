/**
 * One `<workspace>:<method>` pacing group as `GET /v1/overview` shows it. A module of its own, with
 * no imports, so the dashboard (ui/, a browser bundle) types its data with the same definition.
 */
export interface GroupStat {
  group: string;
  workspace: string;
  method: string;
  limit_per_minute: number;
  allowance_per_minute: number;
  calls_last_minute: number;
  rate_limited_last_hour: number;
  paused_until?: string;
}
