import { describe, expect, it } from 'vitest'
import { toCel } from '../../src/condition/cel.js'
import type { Expression } from '../../src/condition/expression.js'
import { ref, sub } from './helpers.js'

describe('toCel', () => {
  it.each<[Expression, string]>([
    ['text', '"text"'],
    ['say "hi"\n\\ \t\r', '"say \\"hi\\"\\n\\\\ \\t\\r"'],
    ['\u0000\u001f\u007f\u0085', '"\\u0000\\u001f\\u007f\\u0085"'],
    ['\u{1f600} \u00e9', '"\u{1f600} \u00e9"'],
    ['\ud800', '"\\ud800"'],
    [5, '5'],
    [-5, '-5'],
    [1.5, '1.5'],
    [1e-7, '1e-7'],
    [true, 'true'],
    [false, 'false'],
    [null, 'null'],
    [[1, 'a', [null]], '[1, "a", [null]]'],
    [[], '[]'],
    [{ value: { a: [1, { 'b.c': null }], '"': true } }, '{"a": [1, {"b.c": null}], "\\"": true}'],
    [{ value: {} }, '{}'],
    [{ value: 7 }, '7'],
  ])('prints literal %j', (expr, expected) => {
    expect(toCel(expr)).toBe(expected)
  })

  it.each<[Expression, string]>([
    [ref('P.id'), 'P.id'],
    [ref('P.attr.department'), 'P.attr.department'],
    [ref(['R', 'attr', 'a.b']), 'R.attr["a.b"]'],
    [ref(['R', 'attr', 'with space', 'x']), 'R.attr["with space"].x'],
    [ref(['R', 'attr', 'in']), 'R.attr["in"]'],
    [ref(['R', 'attr', '__proto__']), 'R.attr.__proto__'],
    [ref('R.attr.tags.0'), 'R.attr.tags[0]'],
    [ref('R.attr.tags.01'), 'R.attr.tags["01"]'],
    [ref('V.isOwner'), 'V.isOwner'],
    [ref('C.maxSize'), 'C.maxSize'],
    [ref('delegation.actor.id'), 'delegation.actor.id'],
    [ref('delegation.depth'), 'delegation.depth'],
    [ref('now'), 'now()'],
    [ref('item.field'), 'item.field'],
  ])('prints ref %j', (expr, expected) => {
    expect(toCel(expr)).toBe(expected)
  })

  it.each<[Expression, string]>([
    [{ and: [true, false] }, 'true && false'],
    [{ and: [true, false, ref('V.a')] }, 'true && false && V.a'],
    [{ or: [true, false] }, 'true || false'],
    [{ and: [ref('V.x')] }, 'V.x'],
    [{ not: [true] }, '!true'],
    [{ eq: [ref('R.attr.status'), 'published'] }, 'R.attr.status == "published"'],
    [{ ne: [1, 2] }, '1 != 2'],
    [{ lt: [1, 2] }, '1 < 2'],
    [{ lte: [1, 2] }, '1 <= 2'],
    [{ gt: [1, 2] }, '1 > 2'],
    [{ gte: [1, 2] }, '1 >= 2'],
    [{ in: [ref('P.id'), ['a', 'b']] }, 'P.id in ["a", "b"]'],
    [{ contains: [ref('P.roles'), 'admin'] }, '"admin" in P.roles'],
    [
      { hasIntersection: [ref('P.attr.teams'), ref('R.attr.teams')] },
      'hasIntersection(P.attr.teams, R.attr.teams)',
    ],
    [{ isSubset: [ref('R.attr.tags'), ['a', 'b']] }, 'R.attr.tags.isSubset(["a", "b"])'],
    [{ has: [ref('R.attr.owner')] }, 'has(R.attr.owner)'],
    [{ size: [ref('R.attr.name')] }, 'size(R.attr.name)'],
    [{ startsWith: [ref('R.attr.path'), '/docs/'] }, 'R.attr.path.startsWith("/docs/")'],
    [{ endsWith: [ref('R.attr.path'), '.pdf'] }, 'R.attr.path.endsWith(".pdf")'],
    [{ includes: [ref('R.attr.path'), 'x'] }, 'R.attr.path.contains("x")'],
    [{ matches: [ref('P.id'), '^dev_\\d+$'] }, 'P.id.matches("^dev_\\\\d+$")'],
    [
      { exists: [ref('R.attr.owners'), 'o', { eq: [ref('o.id'), ref('P.id')] }] },
      'R.attr.owners.exists(o, o.id == P.id)',
    ],
    [
      { all: [ref('P.roles'), 'r', { startsWith: [ref('r'), 'team:'] }] },
      'P.roles.all(r, r.startsWith("team:"))',
    ],
    [{ timestamp: ['2026-01-01T00:00:00Z'] }, 'timestamp("2026-01-01T00:00:00Z")'],
    [{ timestamp: [ref('R.attr.created')] }, 'timestamp(R.attr.created)'],
    [{ duration: ['90m'] }, 'duration("90m")'],
    [
      { timeSince: [{ timestamp: [ref('R.attr.created')] }] },
      'timestamp(R.attr.created).timeSince()',
    ],
    [{ inIpRange: [ref('P.attr.ip'), '10.0.0.0/8'] }, 'P.attr.ip.inIPAddrRange("10.0.0.0/8")'],
    [{ add: [ref('R.attr.n'), 1] }, 'R.attr.n + 1.0'],
    [sub(ref('R.attr.n'), 1.5), 'R.attr.n - 1.5'],
    [{ mul: [2, ref('R.attr.n')] }, '2.0 * R.attr.n'],
    [{ div: [7, 2] }, '7.0 / 2.0'],
    [{ mod: [ref('R.attr.n'), 2] }, 'R.attr.n % 2.0'],
    [{ add: ['a', 'b'] }, '"a" + "b"'],
    [{ add: [ref('now'), { duration: ['1h'] }] }, 'now() + duration("1h")'],
  ])('prints operator %j', (expr, expected) => {
    expect(toCel(expr)).toBe(expected)
  })

  it.each<[Expression, string]>([
    [{ and: [{ or: [true, false] }, true] }, '(true || false) && true'],
    [{ or: [{ and: [true, false] }, true] }, 'true && false || true'],
    [{ or: [true, { or: [false, true] }] }, 'true || false || true'],
    [{ not: [{ eq: [1, 2] }] }, '!(1 == 2)'],
    [{ not: [{ not: [true] }] }, '!!true'],
    [{ not: [{ and: [true, false] }] }, '!(true && false)'],
    [{ not: [ref('V.x')] }, '!V.x'],
    [{ eq: [{ eq: [1, 1] }, true] }, '(1 == 1) == true'],
    [{ eq: [{ lt: [1, 2] }, { in: [1, [1]] }] }, '(1 < 2) == (1 in [1])'],
    [{ eq: [{ and: [true, true] }, true] }, '(true && true) == true'],
    [sub(1, sub(2, 3)), '1.0 - (2.0 - 3.0)'],
    [sub(sub(1, 2), 3), '1.0 - 2.0 - 3.0'],
    [{ mul: [{ add: [1, 2] }, 3] }, '(1.0 + 2.0) * 3.0'],
    [{ add: [{ mul: [1, 2] }, 3] }, '1.0 * 2.0 + 3.0'],
    [{ div: [1, { mul: [2, 3] }] }, '1.0 / (2.0 * 3.0)'],
    [{ add: [-1, -2] }, '-1.0 + -2.0'],
    [sub(1, -2), '1.0 - -2.0'],
    [{ lt: [{ add: [ref('R.attr.n'), 1] }, 5] }, 'R.attr.n + 1.0 < 5.0'],
    [{ eq: [5, { mul: [ref('R.attr.n'), 2] }] }, '5.0 == R.attr.n * 2.0'],
    [{ eq: [{ size: [ref('P.roles')] }, 2] }, 'size(P.roles) == 2'],
    [{ div: [{ size: [ref('P.roles')] }, 2] }, 'double(size(P.roles)) / 2.0'],
    [{ startsWith: [{ add: ['a', 'b'] }, 'a'] }, '("a" + "b").startsWith("a")'],
    [{ startsWith: [-5, 'a'] }, '(-5).startsWith("a")'],
    [{ isSubset: [[1], [1, 2]] }, '[1].isSubset([1, 2])'],
    [
      { exists: [{ add: [ref('P.roles'), ['x']] }, 'r', true] },
      '(P.roles + ["x"]).exists(r, true)',
    ],
    [{ in: [{ add: [1, 2] }, [3]] }, '1.0 + 2.0 in [3]'],
    [{ in: [{ in: [1, [1]] }, [true]] }, '(1 in [1]) in [true]'],
    [
      { and: [{ exists: [ref('P.roles'), 'r', { or: [true, false] }] }, true] },
      'P.roles.exists(r, true || false) && true',
    ],
  ])('parenthesises %j', (expr, expected) => {
    expect(toCel(expr)).toBe(expected)
  })

  it.each<[Expression, string]>([
    [{ has: [ref('R.attr.a.b')] }, 'has(R.attr.a) && has(R.attr.a.b)'],
    [{ has: [ref(['R', 'attr', 'a.b'])] }, '"a.b" in R.attr'],
    [{ has: [ref(['R', 'attr', 'x', 'a-b'])] }, 'has(R.attr.x) && "a-b" in R.attr.x'],
    [
      { has: [ref('R.attr.list.0.id')] },
      'has(R.attr.list) && size(R.attr.list) > 0 && has(R.attr.list[0].id)',
    ],
    [{ has: [ref('V.meta.level')] }, 'has(V.meta.level)'],
    [{ has: [ref('delegation.actor.attr.model')] }, 'has(delegation.actor.attr.model)'],
    [{ has: [ref('item.id')] }, 'has(item.id)'],
    [{ not: [{ has: [ref('R.attr.a.b')] }] }, '!(has(R.attr.a) && has(R.attr.a.b))'],
    [{ not: [{ has: [ref(['R', 'attr', 'a.b'])] }] }, '!("a.b" in R.attr)'],
    [{ or: [{ has: [ref('R.attr.a.b')] }, false] }, 'has(R.attr.a) && has(R.attr.a.b) || false'],
  ])('prints has %j', (expr, expected) => {
    expect(toCel(expr)).toBe(expected)
  })

  it('prints a realistic condition', () => {
    const expr: Expression = {
      or: [
        { eq: [ref('R.attr.ownerId'), ref('P.id')] },
        {
          and: [
            { in: ['editor', ref('P.roles')] },
            {
              lt: [
                { timeSince: [{ timestamp: [ref('R.attr.createdAt')] }] },
                { duration: ['24h'] },
              ],
            },
            { not: [{ has: [ref('R.attr.lockedBy')] }] },
          ],
        },
      ],
    }
    expect(toCel(expr)).toBe(
      'R.attr.ownerId == P.id || "editor" in P.roles && timestamp(R.attr.createdAt).timeSince() < duration("24h") && !has(R.attr.lockedBy)',
    )
  })

  it('prints malformed expressions without throwing', () => {
    expect(toCel({ regex: ['a', 1] } as unknown as Expression)).toBe('regex("a", 1)')
    expect(toCel({ eq: [1] })).toBe('eq(1)')
    expect(toCel({ eq: [1, 2], ne: [1, 2] })).toBe('null')
    expect(toCel(undefined as unknown as Expression)).toBe('null')
    expect(toCel({ ref: 5 } as unknown as Expression)).toBe('null')
  })
})
