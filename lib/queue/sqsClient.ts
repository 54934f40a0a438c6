import { SQSClient } from '@aws-sdk/client-sqs';
import type { ServiceConfig } from '../config/config';

/** One client per Lambda instance; `SQS_ENDPOINT` points it at the local emulator. */
export const createSqsClient = (config: Pick<ServiceConfig, 'region' | 'sqsEndpoint'>): SQSClient =>
  new SQSClient({
    region: config.region,
    ...(config.sqsEndpoint !== undefined && {
      endpoint: config.sqsEndpoint,
      // The local emulator accepts any credentials; real ones come from the Lambda role.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  });
