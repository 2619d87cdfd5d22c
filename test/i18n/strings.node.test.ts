/** Strings that read right in every language: countdowns through Intl, and values isolated in right-to-left text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from '../../src/i18n/en.ts';
import { format } from '../../src/i18n/locale.ts';
import ar from '../../src/i18n/locales/ar.ts';
import ja from '../../src/i18n/locales/ja.ts';
import { formatDuration } from '../../src/internal/messages.ts';

describe('countdowns', () => {
  it('say seconds as each language does, with its plural', () => {
    assert.equal(formatDuration(42, 'en'), '42 sec');
    assert.equal(formatDuration(1, 'en'), '1 sec');
    assert.equal(format(ja.tooManyAttempts, { time: formatDuration(42, 'ja') }).includes('42 秒後に'), true, 'not "42 s 後に"');
    assert.notEqual(formatDuration(1, 'ar'), formatDuration(3, 'ar').replace('٣', '١'), 'Arabic says one second and three seconds differently');
  });

  it('write minutes and seconds in the language digits from a minute on', () => {
    assert.equal(formatDuration(307, 'en'), '5:07');
    assert.equal(formatDuration(360, 'de'), '6:00');
    assert.equal(formatDuration(307, 'ar-EG'), '٥:٠٧');
  });
});

describe('values in right-to-left text', () => {
  it('sit in directional isolates, so that Arabic does not reorder an address or a number', () => {
    const text = format(ar.codeSent, { name: '+1 (415) 555-0142' }, true);
    assert.ok(text.includes('\u2068+1 (415) 555-0142\u2069'));
    assert.equal(format(en.codeSent, { name: 'a@example.com' }), 'We sent a code to a@example.com.');
  });
});
