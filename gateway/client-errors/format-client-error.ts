import type { GraphQLFormattedError } from 'graphql';

/** Longer quoted values are cut in messages: a refused value is never echoed whole (a 900 KB code came back twice). */
const MAX_QUOTED_LENGTH = 40;
const MAX_MESSAGE_LENGTH = 500;

/** Cuts a value for a message: the first characters and how long it was. */
export function cutForMessage(value: string, max = MAX_QUOTED_LENGTH): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}

/**
 * The last word on what a client sees in an error message, whatever raised it: no field suggestions (they
 * map the schema for a scanner), no URL of a service (the region or service name says enough; the URL is in
 * the log under the request id), no long echo of the client's own input.
 */
export function sanitiseMessage(message: string): string {
  const withoutSuggestions = message.replace(/\s*Did you mean [^?]*\?/g, '');
  const withoutUrls = withoutSuggestions.replace(
    /\b(?:https?|postgres(?:ql)?|redis):\/\/[^\s"'),]+/gi,
    '[internal address]',
  );
  const withShortQuotes = withoutUrls.replace(
    /"((?:[^"\\]|\\.)*)"/g,
    (_quoted, inner: string) => `"${cutForMessage(inner)}"`,
  );
  return cutForMessage(withShortQuotes, MAX_MESSAGE_LENGTH);
}

export function sanitiseClientError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = sanitiseMessage(formatted.message);
  return message === formatted.message ? formatted : { ...formatted, message };
}
