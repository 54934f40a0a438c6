#!/usr/bin/env node
// The `scq` CLI: loads its TypeScript source through tsx's loader (no build step after `npm ci`).
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const unregister = register();
try {
  await import(new URL('../cli/index.ts', import.meta.url).href);
} finally {
  await unregister();
}
