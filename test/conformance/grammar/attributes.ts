import type { Draw } from './draw.js'

/**
 * The attributes every generated principal and resource carries, with fixed names and types,
 * so that every condition reads attributes that are present and typed as it expects, and no
 * condition errors. Values come from small pools, so that equalities and orderings hit.
 *
 * Numbers stay small and are doubles in both engines (Cerbos reads JSON numbers as doubles).
 * Timestamps lie years away from the present, so conditions on `now` cannot flip while a run
 * lasts.
 */

/** Strings, with Unicode spaces, line terminators, astral characters and dots. */
export const STRINGS = [
  'a',
  'b',
  'ab',
  'abc',
  'ba',
  'A',
  '',
  'é',
  'a b',
  'x.y',
  'a\u00a0b',
  'a\rc',
  'a\u2028c',
  '😀',
  '\uff5a',
] as const

export const NUMBERS = [-2, 0, 1, 2, 2.5, 3, 10, 0.1, 0.2, 0.3, -0.5] as const

/** RFC 3339 timestamps far from the present, with offsets and fractions. */
export const TIMESTAMPS = [
  '2001-02-03T04:05:06Z',
  '2099-12-31T23:59:59Z',
  '2020-06-15T12:00:00.5+02:00',
  '1999-12-31T23:59:59-05:30',
] as const

/** Durations between a year and ten years are far from any difference of the timestamps. */
export const DURATIONS = ['1h', '90m', '-1h', '1.5s', '0', '8760h', '2h45m'] as const

export const IPS = ['10.1.2.3', '192.168.0.1', '::1', '::ffff:10.0.0.1', '2001:db8::1'] as const

export const CIDRS = [
  '10.0.0.0/8',
  '::/0',
  '::ffff:10.0.0.0/104',
  '192.168.0.0/16',
  '2001:db8::/32',
  '0.0.0.0/0',
] as const

/** `matches` patterns of the subset both dialects share, with `.` and `\s`. */
export const PATTERNS = [
  '^a',
  'b$',
  'a.c',
  '^\\s*$',
  '[a-c]+',
  '^[^x]*$',
  '\\d',
  '^\\w+\\.\\w+$',
  'é',
  '^(a|b)c?$',
  'b{2,3}',
  '\\bab\\b',
  '[\\s\\d]',
  '\\.',
  '^.$',
  'a\\sb',
  '^[A-Z]',
  '(?:ab)+',
  '[é-ë]',
  '^\\S+$',
] as const

/** The value types of the grammar. */
export type ValueType =
  | 'bool'
  | 'number'
  | 'string'
  | 'strings'
  | 'numbers'
  | 'object'
  | 'objects'
  | 'timestamp'
  | 'duration'

/** A ref, dotted or as a segment list. */
export type RefPath = string | readonly string[]

/** Refs that read each type from a request, all present in every generated request. */
export const REFS: Readonly<Partial<Record<ValueType, readonly RefPath[]>>> = {
  bool: ['R.attr.b', 'P.attr.b', 'R.attr.o.z.w'],
  number: ['R.attr.n', 'R.attr.n2', 'P.attr.n', 'R.attr.o.y', 'R.attr.in'],
  string: [
    'R.attr.s',
    'R.attr.s2',
    'P.attr.s',
    'R.attr.o.x',
    ['R', 'attr', 'a.b'],
    'R.attr.pair.0',
    'R.attr.pair.1',
    'R.attr.m.0',
    'R.attr.m.k',
    'P.id',
    'R.id',
    'R.attr.owner',
    'R.scope',
    'P.scope',
    'R.policyVersion',
    'P.policyVersion',
  ],
  strings: ['R.attr.l', 'P.attr.l', 'P.roles', 'R.attr.pair'],
  numbers: ['R.attr.ln'],
  object: ['R.attr.o', 'R.attr.m', 'R.attr.o.z'],
  objects: ['R.attr.objs'],
}

/** Refs for `has`: present and missing attributes, and missing intermediates. */
export const PRESENCE_REFS: readonly RefPath[] = [
  'R.attr.o.x',
  'R.attr.o.missing',
  'R.attr.missing',
  'R.attr.missing.deep',
  'R.attr.o.z.w',
  'R.attr.o.z.q',
  'R.attr.m.0',
  'R.attr.m.1',
  'R.attr.pair.1',
  'R.attr.pair.5',
  'P.attr.s',
  'P.attr.nope',
  ['R', 'attr', 'a.b'],
  ['R', 'attr', 'a.c'],
]

/** Refs to RFC 3339 strings and to IP address strings. */
export const TIMESTAMP_TEXT_REFS: readonly RefPath[] = ['R.attr.t', 'P.attr.t']
export const IP_REFS: readonly RefPath[] = ['R.attr.ip', 'P.attr.ip']

/** Attributes of the shape the refs above expect; `owner` is one of `owners`. */
export function drawAttributes(draw: Draw, owners: readonly string[]): Record<string, unknown> {
  const string = () => draw.pick(STRINGS)
  const number = () => draw.pick(NUMBERS)
  return {
    s: string(),
    s2: string(),
    n: number(),
    n2: number(),
    b: draw.chance(0.5),
    l: draw.subset(STRINGS, 0, 3),
    ln: draw.subset(NUMBERS, 0, 3),
    o: { x: string(), y: number(), z: { w: draw.chance(0.5) } },
    t: draw.pick(TIMESTAMPS),
    ip: draw.pick(IPS),
    owner: draw.pick(owners),
    'a.b': string(),
    in: number(),
    pair: [string(), string()],
    m: { '0': string(), k: string() },
    objs: draw.times(draw.int(0, 3), () => ({ id: string(), v: number() })),
    flag: draw.chance(0.9) ? draw.chance(0.5) : 'yes',
  }
}
