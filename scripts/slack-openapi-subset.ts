import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npx tsx scripts/slack-openapi-subset.ts [spec]`: keeps the part of Slack's OpenAPI description
 * (../shared/slack/slack_web_openapi_v2.json, 2020) that the emulator's schema test reads, every
 * conversations.* path and auth.test with all definitions, so the test needs nothing outside the
 * repository.
 */
const source = process.argv[2] ?? path.resolve('..', 'shared', 'slack', 'slack_web_openapi_v2.json');
const target = path.resolve('test', 'fixtures', 'slack', 'openapi-conversations.json');
const spec = JSON.parse(readFileSync(source, 'utf8')) as { paths: Record<string, unknown>; definitions: unknown };
const paths = Object.fromEntries(Object.entries(spec.paths).filter(([name]) => name.startsWith('/conversations.') || name === '/auth.test'));
writeFileSync(target, `${JSON.stringify({ source: 'Slack Web API OpenAPI v2 (2020), conversations.* and auth.test only', paths, definitions: spec.definitions })}\n`);
console.log(`wrote ${target} (${Object.keys(paths).length} paths)`);
