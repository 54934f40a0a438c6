import { rateFor } from '../catalogue/catalogue';
import type { ServiceConfig } from '../config/config';
import type { Ledger } from '../ledger/ledger';
import { type Clock, systemClock } from './clock';
import { Pacer } from './pacer';
import { createMemoryPaceStore } from './pacingMemory';

/**
 * The job worker's pacer: windows in the ledger, shared by every instance; or, where one process
 * runs every batch (`PACING_STORE=memory`), in that process's memory.
 */
export const pacerFromConfig = (
  config: Pick<ServiceConfig, 'slackRateLimits' | 'pacingHeadroom' | 'pacingWindowMs' | 'pacingBurst' | 'pacingStore'>,
  ledger: Pick<Ledger, 'pacing'>,
  clock: Clock = systemClock,
): Pacer =>
  new Pacer({
    store: config.pacingStore === 'memory' ? createMemoryPaceStore() : ledger.pacing,
    clock,
    rateFor: (method) => rateFor(method, config.slackRateLimits),
    settings: { headroom: config.pacingHeadroom, windowMs: config.pacingWindowMs, burst: config.pacingBurst },
  });
