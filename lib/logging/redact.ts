/** Keys whose values are secrets wherever they appear in a log item. */
const SECRET_KEY = /^(authorization|token|.*_token|.*secret.*|api_?keys?|password|webhook-signature)$/i;
/** Secret shapes found inside free text: Slack tokens, Standard Webhooks secrets, bearer credentials. */
const SECRET_TEXT = [/xox[abposre]-[A-Za-z0-9-]+/g, /whsec_[A-Za-z0-9+/=_-]+/g, /Bearer\s+[^\s"',]+/gi];

export const REDACTED = '[REDACTED]';

export const redactText = (text: string): string => SECRET_TEXT.reduce((out, pattern) => out.replace(pattern, REDACTED), text);

/**
 * A JSON replacer for Powertools Logger (`jsonReplacerFn`): secret-named fields are blanked and
 * secret-shaped text is masked everywhere, error messages and stacks included.
 */
export const redactingReplacer = (key: string, value: unknown): unknown => {
  if (key !== '' && SECRET_KEY.test(key) && value !== undefined && value !== null) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), ...(value.stack && { stack: redactText(value.stack) }) };
  }
  return value;
};
