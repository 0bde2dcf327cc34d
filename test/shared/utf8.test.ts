/** utf8Bytes: the UTF-8 bytes of any string, whichever way they are made. */
import { describe, expect, it } from 'vitest';
import { utf8Bytes, utf8Encoding } from '../../src/shared/utf8.js';

describe('utf8Bytes', () => {
  it('gives the UTF-8 bytes of ASCII, of other characters, of surrogate pairs and of lone surrogates', () => {
    const samples = ['', '{"path": "src/a.ts"}\n', 'café', 'naïve/résumé.ts', '漢字', '🙂 emoji', '\u0080', '\u00ff', 'lone \ud800 surrogate', 'x'.repeat(100_000) + 'é'];
    for (const s of samples) expect(utf8Bytes(s).equals(Buffer.from(s, 'utf8')), JSON.stringify(s.slice(0, 40))).toBe(true);
  });

  it('copies a pure-ASCII string as Latin-1, and encodes anything else as UTF-8', () => {
    expect(utf8Encoding('{"a": 1}')).toBe('latin1');
    expect(utf8Encoding('\u007f')).toBe('latin1');
    expect(utf8Encoding('\u0080')).toBe('utf8');
    expect(utf8Encoding('é')).toBe('utf8');
    expect(utf8Encoding('\ud83d\ude42')).toBe('utf8');
  });
});
