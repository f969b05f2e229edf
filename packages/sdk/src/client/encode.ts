/**
 * @module client/encode
 * Request encodings: URL paths with encoded parameters, and form bodies. JSON needs no helper.
 */

/**
 * Builds an API path from a template, passing every interpolated value through
 * `encodeURIComponent`, so an id such as `a/b c` becomes one segment (`a%2Fb%20c`) instead of
 * reaching another route. Ids are checked by `checkId` first, which refuses `.` and `..` (the URL
 * parser resolves those even when percent-encoded).
 *
 * @example
 * apiPath`/account/${'a/b c'}/toggle`; // '/account/a%2Fb%20c/toggle'
 */
export function apiPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let path = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    path += encodeURIComponent(String(values[i])) + (strings[i + 1] ?? '');
  }
  return path;
}

/**
 * Encodes fields as `application/x-www-form-urlencoded`, skipping `undefined` ones (optional
 * arguments the caller left out are absent, not sent as empty strings).
 */
export function encodeForm(fields: Readonly<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) params.append(key, value);
  }
  return params.toString();
}
