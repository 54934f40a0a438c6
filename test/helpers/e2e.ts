import { startCallbackInbox, type CallbackInbox, type ReceivedCallback } from '../../local/callbackInbox';
import { scaledRateLimits } from '../../local/rateScale';
import { startStack, type Stack, type StackOptions } from '../../local/stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface TestStack {
  stack: Stack;
  inbox: CallbackInbox;
  apiKey: string;
  /** An HTTP request to the API, JSON in and out. */
  request: (path: string, init?: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }) => Promise<{ status: number; body: any; headers: Headers }>;
  /** POST /v1/jobs with the inbox as callback_url unless the job names one. */
  submit: (job: Record<string, unknown>) => Promise<{ status: number; body: any }>;
  /** The acknowledged, verified callback for a job, once it arrives. */
  callbackFor: (jobId: string, timeoutMs?: number) => Promise<ReceivedCallback>;
  stop: () => Promise<void>;
}

/** Slack's minutes last a second in tests: the emulator's windows and the service's pacing alike. */
export const TEST_SCALE = 60;

/** The real local stack (SQS emulator, HTTP API, pollers, Slack emulator) and a verifying callback inbox. */
export const startTestStack = async (options: StackOptions = {}): Promise<TestStack> => {
  const stack = await startStack({
    ...options,
    env: {
      LOG_LEVEL: 'SILENT',
      JOB_RETRY_DELAYS: '1',
      CALLBACK_RETRY_DELAYS: '1,1,1',
      RATE_LIMIT_FALLBACK_SECONDS: '1',
      SLACK_RATE_LIMITS: scaledRateLimits(TEST_SCALE),
      PACING_WINDOW_MS: String(60_000 / TEST_SCALE),
      ...options.env,
    },
    slackEmulator: { rateLimits: { scale: TEST_SCALE }, ...options.slackEmulator },
  });
  const inbox = await startCallbackInbox({ secrets: String(stack.env.CALLBACK_SIGNING_SECRET).split(',') });
  const apiKey = String(stack.env.API_KEYS).split(',')[0];

  const request: TestStack['request'] = async (path, init = {}) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET'),
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...init.headers },
      body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };

  const callbackFor: TestStack['callbackFor'] = async (jobId, timeoutMs = 20_000) => {
    await inbox.waitFor(() => inbox.acknowledged().has(jobId), timeoutMs);
    return inbox.acknowledged().get(jobId)![0];
  };

  return {
    stack,
    inbox,
    apiKey,
    request,
    submit: (job) => request('/v1/jobs', { body: { callback_url: inbox.url, ...job } }),
    callbackFor,
    stop: async () => {
      await inbox.close();
      await stack.stop();
    },
  };
};

/** The messages now in a local queue, by state. */
export const queueContents = (stack: Stack, url: string) => {
  const state = stack.sqs.server.inspectQueue(url.split('/').pop()!);
  return state ? [...state.messages.ready, ...state.messages.delayed, ...state.messages.inflight.map((i) => i.message)] : [];
};

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export const eventually = async <T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
