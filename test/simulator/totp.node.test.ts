/** RFC 6238 TOTP and RFC 4648 base32 as src/simulator/totp.ts implements them, and the otpauth URI. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOTP_PERIOD_S, base32Decode, base32Encode, generateTotpSecret, hotp, totp, verifyTotp } from '../../src/simulator/totp.ts';
import { FORMATS, assertFormat, newUser, startSimulator } from './setup.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

test('RFC 6238 Appendix B, SHA1: 8-digit codes of the key "12345678901234567890"', async () => {
  const key = ascii('12345678901234567890');
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) assert.equal(await hotp(key, Math.floor(seconds / 30), 8), code, `T = ${seconds}`);
});

test('RFC 4226 Appendix D: 6-digit HOTP codes for counters 0 to 9', async () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  const key = ascii('12345678901234567890');
  for (const [counter, code] of expected.entries()) assert.equal(await hotp(key, counter), code);
});

test('totp() is hotp() of the 30 s step of a base32 secret', async () => {
  const secret = base32Encode(ascii('12345678901234567890'));
  assert.equal(secret, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  assert.equal(await totp(secret, 59_000), '287082'); // the last six digits of 94287082
  assert.equal(await totp(secret, 1111111109_000), '081804');
  assert.equal(TOTP_PERIOD_S, 30);
});

test('verifyTotp accepts the current and the previous step only', async () => {
  const secret = generateTotpSecret();
  const now = 1_700_000_015_000;
  assert.ok(await verifyTotp(secret, await totp(secret, now), now));
  assert.ok(await verifyTotp(secret, await totp(secret, now - 30_000), now));
  assert.ok(!(await verifyTotp(secret, await totp(secret, now - 60_000), now)));
  assert.ok(!(await verifyTotp(secret, await totp(secret, now + 30_000), now)));
});

test('base32: RFC 4648 vectors and round trips', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  for (const [plain, encoded] of vectors) {
    assert.equal(base32Encode(ascii(plain)), encoded);
    assert.deepEqual(base32Decode(encoded), ascii(plain));
  }
  // Decoding forgives padding, lowercase, spaces and dashes, as people type secrets.
  assert.deepEqual(base32Decode('mzxw 6ytb-oi======'), ascii('foobar'));
  assert.throws(() => base32Decode('MZXW1'), /Invalid base32/);

  // A small deterministic generator: every length from 0 to 64 bytes, several times.
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 255;
  for (let length = 0; length <= 64; length++) {
    for (let round = 0; round < 4; round++) {
      const bytes = Uint8Array.from({ length }, next);
      const encoded = base32Encode(bytes);
      assert.match(encoded, /^[A-Z2-7]*$/);
      assert.equal(encoded.length, Math.ceil((length * 8) / 5));
      assert.deepEqual(base32Decode(encoded), bytes);
    }
  }
});

test('secrets are 32 base32 characters, 160 bits, and differ', () => {
  const secrets = new Set(Array.from({ length: 50 }, generateTotpSecret));
  assert.equal(secrets.size, 50);
  for (const secret of secrets) {
    assertFormat(secret, FORMATS.secret, 'secret');
    assert.equal(base32Decode(secret).length, 20);
  }
});

test('the otpauth:// URI parses, with secret, issuer, algorithm, digits and period', async () => {
  // The recordings' tenant name, so the URI can be set beside the recorded one.
  const sim = await startSimulator({ tenantName: 'My Test Tenant' });
  try {
    const user = await newUser(sim.api, { email: 'user@example.com' });
    const { body } = await sim.api.associate(user.mfa_token, { authenticator_types: ['otp'] });
    const uri = new URL(body.barcode_uri);
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/My Test Tenant:user@example.com');
    assert.deepEqual(Object.fromEntries(uri.searchParams), {
      secret: body.secret,
      issuer: 'My Test Tenant',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    const recorded =
      'otpauth://totp/My%20Test%20Tenant:user%40example.com?secret=HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF&issuer=My%20Test%20Tenant&algorithm=SHA1&digits=6&period=30';
    assert.equal(body.barcode_uri, recorded.replace('HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF', body.secret));
    // What an authenticator app computes from the URI is what the simulator accepts.
    const code = await totp(uri.searchParams.get('secret')!, (await sim.api.sim.clock.now()).getTime());
    const { status } = await sim.api.token({ grant_type: 'http://auth0.com/oauth/grant-type/mfa-otp', mfa_token: user.mfa_token, otp: code });
    assert.equal(status, 200);
  } finally {
    await sim.close();
  }
});
