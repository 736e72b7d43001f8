import { describe, expect, it } from 'vitest';
import { okSignature, okSigningSecret } from './ok.sign';

describe('OK signature (platforms.md §2.2 test vectors)', () => {
  it('matches the aiookru worked example', () => {
    const secrets = { applicationSecretKey: 'ABC123DEF456GHI789JKL123', accessToken: '-s-84W-s3egarWUsbkq-IWTucuedzTKT8VUXIA.s4Xx8IW7' };
    expect(okSigningSecret(secrets)).toBe('b1a2b89707a94624c43afae67d59274c');
    const params = { application_key: 'ABCDEFGHIGKLMNOPK', format: 'json', method: 'events.get', access_token: secrets.accessToken };
    expect(okSignature(params, secrets)).toBe('232c8eb921951c4dba9b72606f9ddb4c');
  });

  it('matches our fixture vector, whatever the parameter order', () => {
    const secrets = { applicationSecretKey: '0123456789ABCDEF01234567', accessToken: 'tkn1-elets-fixture-token' };
    expect(okSigningSecret(secrets)).toBe('94d9f9cf5ddd6674348ae946da5d6cd0');
    const params = { method: 'mediatopic.getTopics', gid: '56893217640455', count: 3, format: 'json', application_key: 'CBAELETSFIXTUREKEY', access_token: secrets.accessToken, sig: 'ignored' };
    expect(okSignature(params, secrets)).toBe('43273844676fa7bbd06499a41e1dd03d');
  });

  it('signs with the session secret when one is given, and the app secret without a session', () => {
    expect(okSigningSecret({ applicationSecretKey: 'app', accessToken: 't', sessionSecretKey: 'sess' })).toBe('sess');
    expect(okSigningSecret({ applicationSecretKey: 'app' })).toBe('app');
  });
});
