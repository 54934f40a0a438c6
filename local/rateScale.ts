import { HELPER_TIERS, JOB_METHODS, rateFor } from '../lib/catalogue/catalogue';

/**
 * `SLACK_RATE_LIMITS` for a Slack emulator whose minute is scaled down `scale` times: every
 * method's tier rate, multiplied, so the service paces exactly as fast as the emulator allows.
 */
export const scaledRateLimits = (scale: number): string =>
  JSON.stringify(Object.fromEntries([...JOB_METHODS, ...Object.keys(HELPER_TIERS)].map((method) => [method, rateFor(method) * scale])));
