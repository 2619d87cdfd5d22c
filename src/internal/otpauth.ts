/**
 * Whether an associate answer's `barcode_uri` may be drawn and opened: only `otpauth:` URIs. A hostile
 * upstream (or an `api-base` taken from user input) could answer `javascript:…`, which the "open in an
 * authenticator app" link would run in the page.
 */
export function isOtpauthUri(uri: unknown): uri is string {
  if (typeof uri !== 'string') return false;
  try {
    return new URL(uri).protocol === 'otpauth:';
  } catch {
    return false;
  }
}
