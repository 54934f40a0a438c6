/** The part of the Lambda context the workers use: how long the invocation has left. */
export interface Deadline {
  getRemainingTimeInMillis(): number;
}

/** True when there is no longer room for one more call of `budgetMs` before the invocation ends. */
export const nearDeadline = (deadline: Deadline, budgetMs: number): boolean => deadline.getRemainingTimeInMillis() < budgetMs;
