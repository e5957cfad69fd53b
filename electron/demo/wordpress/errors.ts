// WordPress REST error shapes for the demo site. Every refusal the demo gives is one real WordPress
// gives for the same request (code, message and HTTP status copied from wordpress-develop), because
// the channel adapter classifies failures by `code` and must behave the same against both.

/** The JSON body WordPress sends for a WP_Error: `{code, message, data:{status, ...}}`. */
export interface WpErrorBody {
  readonly code: string;
  readonly message: string;
  readonly data: { readonly status: number } & Readonly<Record<string, unknown>>;
}

export class WpError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extraData: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'WpError';
  }

  toBody(): WpErrorBody {
    return { code: this.code, message: this.message, data: { status: this.status, ...this.extraData } };
  }
}

/**
 * WordPress answers a permission failure with 401 when nobody is signed in and 403 when someone
 * is but may not (`rest_authorization_required_code()`); adapters rely on that split.
 */
export function authorizationRequiredCode(signedIn: boolean): number {
  return signedIn ? 403 : 401;
}

export const noRoute = (): WpError =>
  new WpError('rest_no_route', 'No route was found matching the URL and request method.', 404);

export const invalidJson = (): WpError =>
  // PHP's json_last_error() code 4 is JSON_ERROR_SYNTAX; WordPress passes both through.
  new WpError('rest_invalid_json', 'Invalid JSON body passed.', 400, {
    json_error_code: 4,
    json_error_message: 'Syntax error',
  });

export const notLoggedIn = (): WpError =>
  new WpError('rest_not_logged_in', 'You are not currently logged in.', 401);

export const forbidden = (signedIn: boolean): WpError =>
  new WpError('rest_forbidden', 'Sorry, you are not allowed to do that.', authorizationRequiredCode(signedIn));

export const invalidPostId = (): WpError => new WpError('rest_post_invalid_id', 'Invalid post ID.', 404);

/**
 * `Invalid parameter(s): a, b` with the per-parameter messages under data.params and the
 * underlying errors under data.details, as WP_REST_Request does (6.1 sends both).
 */
export function invalidParams(params: Readonly<Record<string, string>>, details: Readonly<Record<string, unknown>>): WpError {
  return new WpError('rest_invalid_param', `Invalid parameter(s): ${Object.keys(params).join(', ')}`, 400, {
    params,
    details,
  });
}

/** What a PHP fatal error looks like through the REST API; the demo should never send it. */
export const criticalError = (): WpError =>
  new WpError('internal_server_error', 'There has been a critical error on this website.', 500);
