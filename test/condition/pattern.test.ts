import { describe, expect, it } from 'vitest'
import { checkPatternSafety, MAX_PATTERN_LENGTH } from '../../src/condition/pattern.js'

describe('checkPatternSafety', () => {
  it.each([
    'abc',
    '^[a-z0-9._-]+@example\\.com$',
    '^v\\d+(\\.\\d+)?$',
    '(ab)+',
    '(?:a|b)*c',
    '(a?)+',
    '(a+)?',
    '(?<year>\\d{4})-(?<month>\\d{2})',
    '[(+*]+',
    '\\(a+\\)+',
    '\\p{L}+',
    'a{2,5}',
    'a{1000}',
    '(a{1})+',
    '',
  ])('accepts %s', (pattern) => {
    expect(checkPatternSafety(pattern)).toBe(null)
  })

  it.each([
    ['(a+)+', 'nested quantifier at index 4: a repeated group contains a repeat'],
    ['(a*)*', 'nested quantifier at index 4: a repeated group contains a repeat'],
    ['(a|b*)+', 'nested quantifier at index 6: a repeated group contains a repeat'],
    ['(?:a+)*', 'nested quantifier at index 6: a repeated group contains a repeat'],
    ['((a+)b)+', 'nested quantifier at index 7: a repeated group contains a repeat'],
    ['(a{2,})+', 'nested quantifier at index 7: a repeated group contains a repeat'],
    ['(a+){2}', 'nested quantifier at index 4: a repeated group contains a repeat'],
    ['(a+)+?', 'nested quantifier at index 4: a repeated group contains a repeat'],
    ['(a)\\1', 'backreferences are not supported (index 3)'],
    ['(?<x>a)\\k<x>', 'backreferences are not supported (index 7)'],
    ['a(?=b)', 'lookahead and lookbehind are not supported (index 1)'],
    ['a(?!b)', 'lookahead and lookbehind are not supported (index 1)'],
    ['(?<=a)b', 'lookahead and lookbehind are not supported (index 0)'],
    ['(?<!a)b', 'lookahead and lookbehind are not supported (index 0)'],
    ['a{1001}', 'repeat count above 1000 at index 1'],
    ['a{1,1001}', 'repeat count above 1000 at index 1'],
    ['[abc', 'unterminated character class at index 0'],
    ['(abc', 'unbalanced "(": missing ")"'],
    ['abc)', 'unbalanced ")" at index 3'],
  ])('rejects %s', (pattern, reason) => {
    expect(checkPatternSafety(pattern)).toBe(reason)
  })

  it('rejects a pattern over the length limit', () => {
    expect(checkPatternSafety('a'.repeat(MAX_PATTERN_LENGTH))).toBe(null)
    expect(checkPatternSafety('a'.repeat(MAX_PATTERN_LENGTH + 1))).toBe(
      'pattern longer than 1024 characters',
    )
  })
})
