/** Characters no field may hold (XML 1.0 cannot carry them, or they are not well-formed Unicode; issue 9). */
import { describe, expect, it } from 'vitest';
import { findBadText, textProblem } from '../../src/domain/text.js';

describe('textProblem', () => {
  it.each([
    ['U+FFFE', '\ufffe', /noncharacter U\+FFFE/],
    ['U+FFFF', 'a\uffffb', /noncharacter U\+FFFF/],
    ['U+FDD0', '\ufdd0', /noncharacter U\+FDD0/],
    ['U+1FFFE', '\u{1fffe}', /noncharacter U\+1FFFE/],
    ['a lone high surrogate', 'x\ud800', /lone surrogate \(U\+D800\)/],
    ['a lone low surrogate', '\udc00x', /lone surrogate \(U\+DC00\)/],
    ['a reversed surrogate pair', '\ude00\ud83d', /lone surrogate \(U\+DE00\)/],
    ['NUL', 'a\u0000', /control character U\+0000/],
    ['ESC', '\u001b[31m', /control character U\+001B/],
    ['DEL', '\u007f', /control character U\+007F/],
    ['C1 NEL', '\u0085', /control character U\+0085/],
    ['C1 CSI', '\u009b', /control character U\+009B/],
  ])('refuses %s', (_name, s, message) => {
    expect(textProblem(s)).toMatch(message);
  });

  it.each([
    ['emoji (a surrogate pair)', 'Jane 😀👩🏽‍💻'],
    ['CJK', '李小龙 東京'],
    ['combining marks', 'Jose\u0301 Zoe\u0308'],
    ['XML specials', `&<>"'`],
    ['TAB, LF, CR (single-line fields refuse them on their own)', 'a\tb\nc\r\n'],
    ['private use and the last code point', '\ue000\u{10fffd}'],
    ['U+FFFD itself', '\ufffd'],
  ])('accepts %s', (_name, s) => {
    expect(textProblem(s)).toBeUndefined();
  });
});

describe('findBadText', () => {
  it('names every bad string by its path, keys included, at any depth', () => {
    const body = {
      display_name: 'ok',
      office_hours: { mon: [{ label: 'x\ufffe' }], ['k\ud800']: 1 },
      blfs: [{ key: '1' }, { first_name: '\u0001' }],
    };
    expect(findBadText(body)).toEqual([
      { field: 'office_hours.mon.0.label', message: expect.stringMatching(/U\+FFFE/) },
      { field: 'office_hours.k\\u{d800}', message: expect.stringMatching(/^key .*lone surrogate/) },
      { field: 'blfs.1.first_name', message: expect.stringMatching(/U\+0001/) },
    ]);
  });

  it('walks a value far deeper than the stack would allow, and names at most 20 strings', () => {
    let deep: unknown = '\uffff';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(findBadText(deep)).toHaveLength(1);
    expect(findBadText(Array.from({ length: 50 }, () => '\u0000'))).toHaveLength(20);
  });
});
