import { LogLevel, WebClient, WebClientEvent } from '@slack/web-api';

/**
 * One client process of the /slack/api benchmark: `count` conversations.create calls through a
 * WebClient, all started at once (WebClient queues them itself), with its default retry policy.
 * Prints one JSON line: how many were ok, how many failed, and how many 429s the client saw.
 */
const [url, token, prefix, countText] = process.argv.slice(2);
const client = new WebClient(token, { slackApiUrl: url, logLevel: LogLevel.ERROR });
let rateLimited = 0;
client.on(WebClientEvent.RATE_LIMITED, () => {
  rateLimited += 1;
});
const started = Date.now();
const results = await Promise.allSettled(Array.from({ length: Number(countText) }, (_, i) => client.conversations.create({ name: `${prefix}-${i}` })));
console.log(
  JSON.stringify({
    ok: results.filter((r) => r.status === 'fulfilled').length,
    failed: results.filter((r) => r.status === 'rejected').length,
    errors: [...new Set(results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as { data?: { error?: string } }).data?.error ?? (r.reason as Error).message)] : [])))].slice(0, 5),
    rateLimited,
    seconds: (Date.now() - started) / 1000,
  }),
);
