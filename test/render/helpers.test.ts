import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { HELPERS } from '../../src/render/helpers.js';

/** A Handlebars instance set up as the renderer sets one up (strict, closed helper set). */
function render(source: string, data: Record<string, unknown> = {}, format: 'text' | 'xml' = 'text'): string {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn);
  const knownHelpers = Object.fromEntries(Object.keys(HELPERS).map((h) => [h, true]));
  return hb.compile(source, { strict: true, noEscape: format === 'text', knownHelpers, knownHelpersOnly: true })(data);
}

const IF = (expr: string) => `{{#if ${expr}}}y{{else}}n{{/if}}`;

describe('the helper set', () => {
  it('is exactly the documented closed set', () => {
    expect(Object.keys(HELPERS).sort()).toEqual(
      ['add', 'and', 'at', 'bool', 'default', 'eq', 'gt', 'join', 'length', 'lower', 'lt', 'ne', 'not', 'or', 'pluck', 'range', 'sub', 'upper', 'mul', 'indexOf'].sort()
    );
  });

  it('refuses a template that uses a helper outside the set', () => {
    expect(() => render('{{shout name}}', { name: 'x' })).toThrow();
  });

  it('fails on a missing key in strict mode', () => {
    expect(() => render('{{missing}}', {})).toThrow(/"missing" not defined/);
    expect(() => render('{{phone.missing}}', { phone: {} })).toThrow(/"missing" not defined/);
  });

  it('passes a missing key to a helper as undefined (Handlebars applies strict mode to plain paths only)', () => {
    // A typo in a helper argument is not caught at render time: golden files must catch it.
    expect(render('{{bool missing}}', {})).toBe('0');
    expect(render('[{{default phone.missing "x"}}]', { phone: {} })).toBe('[x]');
  });
});

describe('comparison and logic helpers', () => {
  it('eq compares strictly', () => {
    expect(render(IF('(eq a b)'), { a: 1, b: 1 })).toBe('y');
    expect(render(IF('(eq a b)'), { a: 1, b: '1' })).toBe('n');
    expect(render(IF('(eq t "TLS")'), { t: 'TLS' })).toBe('y');
  });

  it('ne is the negation of eq', () => {
    expect(render(IF('(ne a b)'), { a: 1, b: '1' })).toBe('y');
    expect(render(IF('(ne a b)'), { a: 'x', b: 'x' })).toBe('n');
  });

  it('gt and lt compare as numbers', () => {
    expect(render(IF('(gt a b)'), { a: '10', b: 9 })).toBe('y');
    expect(render(IF('(gt a b)'), { a: 9, b: 9 })).toBe('n');
    expect(render(IF('(lt a b)'), { a: '2', b: '10' })).toBe('y');
    expect(render(IF('(lt a b)'), { a: 10, b: 2 })).toBe('n');
  });

  it('and is true only when every argument is truthy', () => {
    expect(render(IF('(and a b c)'), { a: true, b: 1, c: 'x' })).toBe('y');
    expect(render(IF('(and a b c)'), { a: true, b: 0, c: 'x' })).toBe('n');
  });

  it('or is true when any argument is truthy', () => {
    expect(render(IF('(or a b c)'), { a: 0, b: '', c: 'x' })).toBe('y');
    expect(render(IF('(or a b)'), { a: 0, b: null })).toBe('n');
  });

  it('not negates', () => {
    expect(render(IF('(not a)'), { a: 0 })).toBe('y');
    expect(render(IF('(not a)'), { a: 'x' })).toBe('n');
  });
});

describe('default', () => {
  it.each([
    ['null', null],
    ['an empty string', ''],
  ])('falls back when the value is %s', (_label, a) => {
    expect(render('{{default a "x"}}', { a })).toBe('x');
  });

  it('falls back when the value is undefined', () => {
    expect(render('{{default a "x"}}', { a: undefined })).toBe('x');
  });

  it('keeps a present value', () => {
    expect(render('{{default a "x"}}', { a: 'Ring3.wav' })).toBe('Ring3.wav');
  });

  it('keeps 0 and false (only null, undefined and empty fall back)', () => {
    expect(render('{{default a "x"}}', { a: 0 })).toBe('0');
    expect(render('{{default a "x"}}', { a: false })).toBe('false');
  });

  it('takes the first present of several values and renders nothing when none is', () => {
    expect(render('{{default a b "z"}}', { a: null, b: 'y' })).toBe('y');
    expect(render('[{{default a b}}]', { a: null, b: '' })).toBe('[]');
  });
});

describe('bool', () => {
  it('renders 1 and 0 by default', () => {
    expect(render('{{bool x}}', { x: true })).toBe('1');
    expect(render('{{bool x}}', { x: false })).toBe('0');
    expect(render('{{bool x}}', { x: null })).toBe('0');
  });

  it('renders the given strings for true and false', () => {
    expect(render('{{bool x "yes" "no"}}', { x: true })).toBe('yes');
    expect(render('{{bool x "yes" "no"}}', { x: false })).toBe('no');
  });
});

describe('lists', () => {
  const codecs = [{ value: 'PCMU' }, { value: 'G722' }, { value: 'opus' }];

  it('joins a plucked property with a separator', () => {
    expect(render('{{join (pluck codecs "value") ","}}', { codecs })).toBe('PCMU,G722,opus');
  });

  it('joins with a comma by default', () => {
    expect(render('{{join list}}', { list: ['a', 'b'] })).toBe('a,b');
  });

  it('drops null and undefined elements when joining', () => {
    expect(render('{{join list ";"}}', { list: ['a', null, 'b'] })).toBe('a;b');
    expect(render('{{join (pluck list "k") "|"}}', { list: [{ k: 1 }, {}, { k: 3 }] })).toBe('1|3');
  });

  it('renders nothing when joining a non-array', () => {
    expect(render('[{{join list ","}}]', { list: 'PCMU' })).toBe('[]');
  });

  it('plucks an empty list from a non-array', () => {
    expect(render('[{{join (pluck list "k") ","}}]', { list: null })).toBe('[]');
  });

  it('iterates a range from..to inclusive', () => {
    expect(render('{{#each (range 1 3)}}{{this}};{{/each}}', {})).toBe('1;2;3;');
  });

  it('iterates a range whose end comes from the data', () => {
    expect(render('{{#each (range 1 lines)}}L{{this}} {{/each}}', { lines: '2' })).toBe('L1 L2 ');
  });

  it('gives an empty range when to < from', () => {
    expect(render('[{{#each (range 3 1)}}{{this}}{{/each}}]', {})).toBe('[]');
  });

  it('caps a range at 256 items', () => {
    expect(render('{{#each (range 1 100000)}}x{{/each}}', {})).toBe('x'.repeat(256));
  });

  it('picks element i of a list, or one property of it', () => {
    expect(render('{{at list 1}}', { list: ['a', 'b'] })).toBe('b');
    expect(render('{{at list 1 "k"}}', { list: [{ k: 'x' }, { k: 'y' }] })).toBe('y');
  });

  it('renders nothing for an index out of range', () => {
    expect(render('[{{at list 1 "k"}}]', { list: [{ k: 'x' }] })).toBe('[]');
    expect(render('[{{at list -1}}]', { list: ['a'] })).toBe('[]');
  });

  it('renders nothing for a missing property, a null element or a non-array', () => {
    expect(render('[{{at list 0 "nope"}}]', { list: [{ k: 'x' }] })).toBe('[]');
    expect(render('[{{at list 0 "k"}}]', { list: [null] })).toBe('[]');
    expect(render('[{{at list 0}}]', { list: 'abc' })).toBe('[]');
  });
});

describe('arithmetic and case', () => {
  it('adds any number of values as numbers', () => {
    expect(render('{{add a 1 b}}', { a: '2', b: 3 })).toBe('6');
  });

  it('subtracts as numbers', () => {
    expect(render('{{sub a 1}}', { a: '10' })).toBe('9');
  });

  it('multiplies as numbers (an offset in minutes given in seconds)', () => {
    expect(render('{{mul a 60}}/{{mul b 60}}', { a: '-300', b: 330 })).toBe('-18000/19800');
  });

  it('gives the position of a value in an array, -1 when absent or no array, so add 1 is a rank or 0', () => {
    const data = { codecs: [{ value: 'G722' }, { value: 'G711_A' }] };
    expect(render('{{add (indexOf (pluck codecs "value") "G711_A") 1}} {{add (indexOf (pluck codecs "value") "Opus") 1}}', data)).toBe('2 0');
    expect(render('{{indexOf list "x"}}', { list: 'x' })).toBe('-1');
  });

  it('numbers keys from an index inside each', () => {
    expect(render('{{#each keys}}{{add @index 1}}={{this}} {{/each}}', { keys: ['101', '102'] })).toBe('1=101 2=102 ');
  });

  it('lowercases and uppercases, rendering nothing for null', () => {
    expect(render('{{lower a}} {{upper a}}', { a: 'Mixed' })).toBe('mixed MIXED');
    expect(render('[{{lower a}}{{upper a}}]', { a: null })).toBe('[]');
  });
});

describe('escaping', () => {
  it('does not escape helper output in text formats', () => {
    expect(render('{{lower a}}', { a: 'A&B<C>' }, 'text')).toBe('a&b<c>');
  });

  it('escapes helper output in XML formats', () => {
    expect(render('{{lower a}}', { a: 'A&B<C>"' }, 'xml')).toBe('a&amp;b&lt;c&gt;&quot;');
    expect(render('{{default a "x"}}', { a: '<x/>' }, 'xml')).toBe('&lt;x/&gt;');
  });
});

describe('length', () => {
  it('counts the characters of a string and the elements of an array', () => {
    expect(render('{{length code}}/{{length list}}', { code: '0815', list: [1, 2, 3] })).toBe('4/3');
  });

  it('is 0 for anything else, so a template can subtract from it safely', () => {
    expect(render('{{length missing}}/{{length n}}/{{sub (length empty) 1}}', { n: 42, empty: '' })).toBe('0/0/-1');
  });
});
