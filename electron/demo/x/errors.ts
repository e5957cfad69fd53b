// The replies of the demo X server, and every error body ("problem") it answers with, shaped like
// X API v2's own so the real adapter's error handling is exercised unchanged. Messages follow X's
// style (bad values in square brackets) but are not guaranteed word for word.

/** What a route handler hands back; the server writes it out. */
export interface XReply {
  status: number;
  body: unknown;
}

export const invalidRequestType = 'https://api.twitter.com/2/problems/invalid-request';
export const resourceNotFoundType = 'https://api.twitter.com/2/problems/resource-not-found';

/** One entry of an Invalid Request problem's `errors` array. */
export interface XValidationError {
  message: string;
  parameters?: Record<string, string[]>;
}

export function reply(status: number, body: unknown): XReply {
  return { status, body };
}

export function unauthorized(): XReply {
  return reply(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
}

export function tooManyRequests(): XReply {
  return reply(429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
}

export function duplicateContent(): XReply {
  return reply(403, {
    detail: 'You are not allowed to create a Tweet with duplicate content.',
    type: 'about:blank',
    title: 'Forbidden',
    status: 403,
  });
}

export function tweetTooLong(): XReply {
  // X answers an over-long text with a 403 Forbidden, not a 400.
  return reply(403, {
    detail: 'Your Tweet text is too long. For more information on how X determines text length see https://github.com/twitter/twitter-text.',
    type: 'about:blank',
    title: 'Forbidden',
    status: 403,
  });
}

export function notAllowedToDelete(): XReply {
  return reply(403, {
    detail: 'You are not allowed to delete this Tweet.',
    type: 'about:blank',
    title: 'Forbidden',
    status: 403,
  });
}

export function invalidRequest(errors: readonly XValidationError[]): XReply {
  return reply(400, {
    errors,
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: invalidRequestType,
  });
}

/** A query or path parameter X rejects; the value goes in brackets, as X writes it. */
export function invalidParameter(name: string, value: string, why = 'is not valid'): XValidationError {
  return { parameters: { [name]: [value] }, message: `The \`${name}\` query parameter value [${value}] ${why}` };
}

/**
 * Deleting an id that is not (or no longer) a live Tweet. Real X has answered this both as
 * 200 `{data:{deleted:false}}` and as a resource-not-found problem; the demo picks the documented
 * problem, with status 404, so a retraction can tell "already gone" from "deleted now".
 */
export function tweetNotFound(id: string): XReply {
  return reply(404, {
    title: 'Not Found Error',
    type: resourceNotFoundType,
    detail: `Could not find tweet with id: [${id}].`,
    status: 404,
    resource_type: 'tweet',
    resource_id: id,
    parameter: 'id',
    value: id,
  });
}

/** X reports an unknown user inside a 200 answer's `errors` array, not as an HTTP error. */
export function userNotFoundEntry(id: string): Record<string, string> {
  return {
    value: id,
    detail: `Could not find user with id: [${id}].`,
    title: 'Not Found Error',
    resource_type: 'user',
    parameter: 'id',
    resource_id: id,
    type: resourceNotFoundType,
  };
}

/** Unknown paths (and known paths with the wrong method) get X's legacy "page does not exist". */
export function routeNotFound(): XReply {
  return reply(404, { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] });
}

export function payloadTooLarge(): XReply {
  return reply(413, { title: 'Payload Too Large', detail: 'Payload Too Large', type: 'about:blank', status: 413 });
}

/** The OAuth 2.0 endpoints answer with RFC 6749 error bodies, not problems. */
export function oauth2Error(status: number, error: string, description: string): XReply {
  return reply(status, { error, error_description: description });
}

export function internalError(): XReply {
  return reply(500, { title: 'Internal Server Error', detail: 'Internal Server Error', type: 'about:blank', status: 500 });
}
