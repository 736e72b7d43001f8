// The OK request signature (platforms.md §2.2): md5 over sorted name=value pairs plus the secret.
import { createHash } from 'node:crypto';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export interface OkSecrets {
  applicationSecretKey: string;
  accessToken?: string | undefined;
  sessionSecretKey?: string | undefined;
}

/** The secret that signs: session_secret_key if given, else md5(access_token + app secret) with a session, else the app secret. */
export function okSigningSecret(s: OkSecrets): string {
  if (s.sessionSecretKey) return s.sessionSecretKey;
  if (s.accessToken) return md5(s.accessToken + s.applicationSecretKey).toLowerCase();
  return s.applicationSecretKey;
}

/** sig for the parameters: every one except sig, access_token and session_key, sorted by name, raw values, no separator. */
export function okSignature(params: Record<string, string | number>, secrets: OkSecrets): string {
  const signed = Object.entries(params)
    .filter(([name]) => name !== 'sig' && name !== 'access_token' && name !== 'session_key')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('');
  return md5(signed + okSigningSecret(secrets)).toLowerCase();
}
