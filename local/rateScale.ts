import { TIER_RATES } from '../lib/operations/methods';
import { EMULATED_TIERS } from './slack-emulator/server';

/**
 * `SLACK_RATE_LIMITS` for a Slack emulator whose minute is scaled down `scale` times: every
 * method's tier rate, multiplied, so the service paces exactly as fast as the emulator allows.
 */
export const scaledRateLimits = (scale: number): string =>
  JSON.stringify(
    Object.fromEntries([...Object.entries(EMULATED_TIERS), ['auth.test', 4] as const].map(([method, tier]) => [method, TIER_RATES[tier] * scale])),
  );
