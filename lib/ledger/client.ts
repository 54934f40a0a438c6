import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ServiceConfig } from '../config/config';

/** One client per Lambda instance; `DYNAMODB_ENDPOINT` points it at the local embedded store. */
export const createLedgerClient = (config: Pick<ServiceConfig, 'region' | 'dynamodbEndpoint'>): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: config.region,
      ...(config.dynamodbEndpoint !== undefined && {
        endpoint: config.dynamodbEndpoint,
        // The local store accepts any credentials; real ones come from the Lambda role.
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

/** DynamoDB's answer to a failed condition: an expected outcome here, not an error. */
export const isConditionFailed = (error: unknown): boolean => (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

/** Runs a conditional write: true when it was made, false when its condition did not hold. */
export const writeIf = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
};
