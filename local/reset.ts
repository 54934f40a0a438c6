import { rmSync } from 'node:fs';
import path from 'node:path';

/** `npm run reset`: empties the local ledger (DATA_DIR, default .data/). Stop `npm start` first. */
const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
rmSync(dataDir, { recursive: true, force: true });
console.log(`Emptied ${dataDir}`);
