import { z } from 'zod';

const seconds = (name: string) =>
  z
    .string()
    .transform((value, ctx) => {
      const parts = value.split(',').map((part) => Number(part.trim()));
      if (parts.length === 0 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 43_200)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be comma-separated whole seconds, 0–43200 each` });
        return z.NEVER;
      }
      return parts;
    });

const rateLimits = z.string().transform((value, ctx) => {
  try {
    const parsed = z.record(z.string().regex(/^[a-z]+(\.[A-Za-z]+)+$/), z.number().positive()).parse(JSON.parse(value));
    return parsed;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'SLACK_RATE_LIMITS must be JSON like {"conversations.create": 20} (calls per minute)' });
    return z.NEVER;
  }
});

/** Comma-separated TCP port numbers, 1–65535 each. */
const ports = (name: string) =>
  z.string().transform((value, ctx) => {
    const parts = value.split(',').map((part) => part.trim());
    const numbers = parts.map(Number);
    if (parts.some((part) => !/^\d+$/.test(part)) || numbers.some((n) => n < 1 || n > 65_535)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be comma-separated port numbers, 1–65535 each` });
      return z.NEVER;
    }
    return numbers;
  });

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  SLACK_CLIENT_ID: z.string().regex(/^[0-9.]{3,64}$/, 'must be the Slack app’s client ID (digits and dots)').optional(),
  SLACK_OAUTH_AUTHORIZE_URL: z.url().default('https://slack.com/oauth/v2/authorize'),
  SLACK_REDIRECT_URI: z.url().optional(),
  SLACK_SCOPES: z.string().regex(/^[a-z.:_,-]{1,2000}$/).optional(),
  WORKSPACE_TOKENS_SSM_PREFIX: z.string().regex(/^\/[A-Za-z0-9_.\-/]{1,200}$/).optional(),
  AWS_REGION: z.string().default('us-east-1'),
  SQS_ENDPOINT: z.url().optional(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  LEDGER_TABLE: z.string().default(''),
  JOB_RETENTION_DAYS: positiveInt.max(3650).default(7),
  IDEMPOTENCY_TTL_SECONDS: positiveInt.default(86_400),
  JOBS_QUEUE_URL: z.string().default(''),
  JOBS_DLQ_URL: z.string().default(''),
  CALLBACKS_QUEUE_URL: z.string().default(''),
  CALLBACKS_DLQ_URL: z.string().default(''),
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  SLACK_TIMEOUT_MS: positiveInt.default(10_000),
  // One delay per retry: JOB_MAX_ATTEMPTS (5) attempts make 4 retries.
  JOB_RETRY_DELAYS: seconds('JOB_RETRY_DELAYS').default([5, 30, 120, 600]),
  JOB_MAX_ATTEMPTS: positiveInt.default(5),
  // Must stay below the jobs queue's redrive maxReceiveCount, so the worker ends a job itself.
  JOB_MAX_RECEIVES: positiveInt.default(90),
  RATE_LIMIT_FALLBACK_SECONDS: positiveInt.default(30),
  RATE_LIMIT_MAX_WAIT_SECONDS: positiveInt.max(43_200).default(900),
  // About a day in all: 30 s … 8 h.
  CALLBACK_RETRY_DELAYS: seconds('CALLBACK_RETRY_DELAYS').default([30, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 28_800]),
  CALLBACK_TIMEOUT_MS: positiveInt.default(10_000),
  CALLBACK_ALLOW_PRIVATE: flag.default(false),
  CALLBACK_ALLOWED_PORTS: ports('CALLBACK_ALLOWED_PORTS').optional(),
  SLACK_RATE_LIMITS: rateLimits.default({}),
  SLACK_HISTORY_RATE: z.coerce.number().positive().max(1000).optional(),
  // Window pacing at Slack's own limit drew no 429 in the benchmarks (a guard covers the way to Slack).
  PACING_HEADROOM: z.coerce.number().gt(0).max(1).default(1),
  PACING_MAX_SLEEP_MS: z.coerce.number().int().min(0).max(30_000).default(5_000),
  // Where pacing windows live: the ledger (shared by every instance) or this process's memory (one process only).
  PACING_STORE: z.enum(['ledger', 'memory']).default('ledger'),
  PACING_WINDOW_MS: positiveInt.max(3_600_000).default(60_000),
  PACING_BURST: positiveInt.optional(),
  // Deployed, keep it well under API Gateway's 29 s: the API function is billed while it waits.
  SLACK_PROXY_WAIT_MS: z.coerce.number().int().min(0).max(28_000).default(10_000),
  // At least 10 s: a 429's Retry-After is kept under half of it, so the client's retry finds its job.
  SLACK_PROXY_REPLAY_SECONDS: z.coerce.number().int().min(10).max(86_400).default(60),
});

export interface ServiceConfig {
  /** Slack app's client ID: with SLACK_CLIENT_SECRET and SLACK_STATE_SECRET it turns "Add to Slack" on. */
  slackClientId?: string;
  slackOauthAuthorizeUrl: string;
  slackRedirectUri?: string;
  /** Bot scopes an install asks for (comma-separated); the catalogue's needs by default. */
  slackScopes?: string[];
  /** Deployed: the SSM path under which each workspace's bot token is a SecureString; locally unset (the ledger keeps them). */
  workspaceTokensSsmPrefix?: string;
  region: string;
  sqsEndpoint?: string;
  dynamodbEndpoint?: string;
  /** The ledger's DynamoDB table. */
  ledgerTable: string;
  /** Ended jobs and batches are kept this long. */
  jobRetentionDays: number;
  /** An idempotency key names its job for this long. */
  idempotencyTtlSeconds: number;
  jobsQueueUrl: string;
  jobsDlqUrl: string;
  callbacksQueueUrl: string;
  callbacksDlqUrl: string;
  slackApiUrl: string;
  slackTimeoutMs: number;
  jobRetryDelays: number[];
  jobMaxAttempts: number;
  jobMaxReceives: number;
  /** The longest wait a 429's Retry-After may impose. */
  rateLimitMaxWaitSeconds: number;
  rateLimitFallbackSeconds: number;
  callbackRetryDelays: number[];
  callbackTimeoutMs: number;
  callbackAllowPrivate: boolean;
  /** The only ports callbacks may use; unset: 443 deployed, any port locally (see lib/callbacks/urlPolicy). */
  callbackAllowedPorts?: number[];
  /** Calls per minute by method, over the tier table. */
  slackRateLimits: Record<string, number>;
  /** Largest page of history or replies: 15 for apps Slack limits to 1 such call a minute. */
  historyPageMax?: number;
  /** Share of each rate the pacer uses, leaving room for clock and network jitter. */
  pacingHeadroom: number;
  /** Longest wait slept in a Lambda; longer ones become message visibility. */
  pacingMaxSleepMs: number;
  /** True when one process runs every batch: its pacing windows stay in memory (a fast path) instead of the ledger. */
  pacingStore: 'ledger' | 'memory';
  /** The span Slack counts a method's calls over (a minute; shorter where tests scale Slack's minute down). */
  pacingWindowMs: number;
  /** Cap on how many calls of one group go at once. */
  pacingBurst?: number;
  /** How long /slack/api waits for its job before answering 429 (the client retries). */
  slackProxyWaitMs: number;
  /** How long after its job ended a repeated /slack/api request is answered from that job. */
  slackProxyReplaySeconds: number;
}

/**
 * Since May 2025, Slack limits conversations.history and conversations.replies to 1 call a minute
 * and 15 messages a page for commercially distributed apps outside the Marketplace.
 */
export const HISTORY_PAGE_MAX_WHEN_LIMITED = 15;

/** SLACK_HISTORY_RATE sets both history methods' rate, unless SLACK_RATE_LIMITS names one itself. */
const withHistoryRate = (limits: Record<string, number>, historyRate: number | undefined): Record<string, number> =>
  historyRate === undefined ? limits : { 'conversations.history': historyRate, 'conversations.replies': historyRate, ...limits };

export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** Reads the non-secret configuration from the environment; secrets come from lib/config/secrets. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): ServiceConfig => {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    workspaceTokensSsmPrefix: e.WORKSPACE_TOKENS_SSM_PREFIX,
    slackClientId: e.SLACK_CLIENT_ID,
    slackOauthAuthorizeUrl: e.SLACK_OAUTH_AUTHORIZE_URL,
    slackRedirectUri: e.SLACK_REDIRECT_URI,
    slackScopes: e.SLACK_SCOPES?.split(',').filter((scope) => scope !== ''),
    region: e.AWS_REGION,
    sqsEndpoint: e.SQS_ENDPOINT,
    dynamodbEndpoint: e.DYNAMODB_ENDPOINT,
    ledgerTable: e.LEDGER_TABLE,
    jobRetentionDays: e.JOB_RETENTION_DAYS,
    idempotencyTtlSeconds: e.IDEMPOTENCY_TTL_SECONDS,
    jobsQueueUrl: e.JOBS_QUEUE_URL,
    jobsDlqUrl: e.JOBS_DLQ_URL,
    callbacksQueueUrl: e.CALLBACKS_QUEUE_URL,
    callbacksDlqUrl: e.CALLBACKS_DLQ_URL,
    slackApiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
    slackTimeoutMs: e.SLACK_TIMEOUT_MS,
    jobRetryDelays: e.JOB_RETRY_DELAYS,
    jobMaxAttempts: e.JOB_MAX_ATTEMPTS,
    jobMaxReceives: e.JOB_MAX_RECEIVES,
    rateLimitFallbackSeconds: e.RATE_LIMIT_FALLBACK_SECONDS,
    rateLimitMaxWaitSeconds: e.RATE_LIMIT_MAX_WAIT_SECONDS,
    callbackRetryDelays: e.CALLBACK_RETRY_DELAYS,
    callbackTimeoutMs: e.CALLBACK_TIMEOUT_MS,
    callbackAllowPrivate: e.CALLBACK_ALLOW_PRIVATE,
    callbackAllowedPorts: e.CALLBACK_ALLOWED_PORTS,
    slackRateLimits: withHistoryRate(e.SLACK_RATE_LIMITS, e.SLACK_HISTORY_RATE),
    historyPageMax: e.SLACK_HISTORY_RATE !== undefined && e.SLACK_HISTORY_RATE <= 1 ? HISTORY_PAGE_MAX_WHEN_LIMITED : undefined,
    pacingHeadroom: e.PACING_HEADROOM,
    pacingMaxSleepMs: e.PACING_MAX_SLEEP_MS,
    pacingStore: e.PACING_STORE,
    pacingWindowMs: e.PACING_WINDOW_MS,
    pacingBurst: e.PACING_BURST,
    slackProxyWaitMs: e.SLACK_PROXY_WAIT_MS,
    slackProxyReplaySeconds: e.SLACK_PROXY_REPLAY_SECONDS,
  };
};
