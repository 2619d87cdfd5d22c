/** Phone numbers as people type them → E.164 (src/internal/phone.ts), and email addresses. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEmailAddress } from '../../src/internal/email.ts';
import { toE164 } from '../../src/internal/phone.ts';

test('accepts international numbers however they are punctuated', () => {
  const cases: [string, string][] = [
    ['+14155550123', '+14155550123'],
    ['+1 (415) 555-0123', '+14155550123'],
    ['+1 415.555.0123', '+14155550123'],
    [' +44 20 7946 0958 ', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['+49 (0) 30 1234567', '+49301234567'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+81\u00a090-1234-5678', '+819012345678'],
    ['+39 06 1234 5678', '+390612345678'],
    ['+1\u2013415\u2013555\u20130123', '+14155550123'],
  ];
  for (const [typed, e164] of cases) assert.deepEqual(toE164(typed), { ok: true, e164 }, typed);
});

test('reads national numbers with a default country calling code', () => {
  assert.deepEqual(toE164('07700 900123', '44'), { ok: true, e164: '+447700900123' });
  assert.deepEqual(toE164('07700 900123', '+44'), { ok: true, e164: '+447700900123' });
  assert.deepEqual(toE164('(415) 555-0123', '1'), { ok: true, e164: '+14155550123' });
  assert.deepEqual(toE164('1 415 555 0123', '1'), { ok: true, e164: '+14155550123' });
  assert.deepEqual(toE164('06 1234 5678', '39'), { ok: true, e164: '+390612345678' }, 'Italy keeps its 0');
  assert.deepEqual(toE164('+33 6 12 34 56 78', '44'), { ok: true, e164: '+33612345678' }, 'a + wins');
});

test('says what is wrong with what cannot be a phone number', () => {
  const cases: [string, string][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['call me', 'characters'],
    ['+1 415 555 CALL', 'characters'],
    ['+1 415 5550 ext 12', 'characters'],
    ['+1 415 +555 0123', 'characters'],
    ['415 555 0123', 'country-code'],
    ['+0 415 555 0123', 'country-code'],
    ['000 415 555 0123', 'country-code'],
    ['+1 555', 'length'],
    ['+1234567', 'length'],
    ['+1 415 555 0123 4567 8', 'length'],
  ];
  for (const [typed, problem] of cases) assert.deepEqual(toE164(typed), { ok: false, problem }, typed);
  assert.deepEqual(toE164('12', '1'), { ok: false, problem: 'length' });
});

test('email addresses', () => {
  for (const ok of ['a@example.com', 'first.last+tag@sub.example.co.uk']) assert.ok(isEmailAddress(ok), ok);
  for (const bad of ['', 'a', 'a@b', 'a@b.c', 'two words@example.com', 'a@@example.com', '@example.com']) {
    assert.ok(!isEmailAddress(bad), bad);
  }
});
