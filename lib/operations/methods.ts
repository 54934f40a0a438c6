/** Slack rate-limit tiers: calls per minute per method per workspace (../shared/slack/README.md). */
export const TIER_RATES = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;
export type Tier = keyof typeof TIER_RATES;

export const SUPPORTED_METHODS = [
  'conversations.create',
  'conversations.open',
  'conversations.info',
  'conversations.list',
  'conversations.leave',
  'conversations.members',
] as const;

export type SlackMethod = (typeof SUPPORTED_METHODS)[number];

export interface MethodSpec {
  tier: Tier;
  /** Key of the list in the response, for methods that paginate with `cursor`. */
  itemsKey?: 'channels' | 'members';
}

export const METHOD_SPECS: Record<SlackMethod, MethodSpec> = {
  'conversations.create': { tier: 2 },
  'conversations.open': { tier: 3 },
  'conversations.info': { tier: 3 },
  'conversations.list': { tier: 2, itemsKey: 'channels' },
  'conversations.leave': { tier: 3 },
  'conversations.members': { tier: 4, itemsKey: 'members' },
};

/** Tiers of the methods the service calls beyond the job methods (state checks). */
const OTHER_METHOD_TIERS: Record<string, Tier> = { 'auth.test': 4 };

/** Calls per minute for any method the worker calls: an override, else its tier's rate (tier 3 if unknown). */
export const rateFor = (method: string, overrides: Record<string, number> = {}): number =>
  overrides[method] ?? TIER_RATES[METHOD_SPECS[method as SlackMethod]?.tier ?? OTHER_METHOD_TIERS[method] ?? 3];

export const isSupportedMethod = (value: unknown): value is SlackMethod =>
  typeof value === 'string' && (SUPPORTED_METHODS as readonly string[]).includes(value);

export const isPaginated = (method: SlackMethod): boolean => METHOD_SPECS[method].itemsKey !== undefined;
