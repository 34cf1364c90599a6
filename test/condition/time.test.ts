import { describe, expect, it } from 'vitest'
import { parseDuration, parseTimestamp } from '../../src/condition/time-syntax.js'
import { Duration, Timestamp } from '../../src/condition/values.js'
import { NOW, compile, context, faultOf, ref, run, sub } from './helpers.js'

function timestampText(text: string): string {
  const parsed = parseTimestamp(text)
  return parsed instanceof Timestamp ? parsed.toString() : `invalid: ${parsed}`
}

function durationText(text: string): string {
  const parsed = parseDuration(text)
  return parsed instanceof Duration ? parsed.toString() : `invalid: ${parsed}`
}

describe('parseTimestamp', () => {
  it.each([
    ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
    ['2026-01-01T01:30:00+01:30', '2026-01-01T00:00:00Z'],
    ['2025-12-31T23:00:00-01:00', '2026-01-01T00:00:00Z'],
    ['2026-01-01T00:00:00.5Z', '2026-01-01T00:00:00.5Z'],
    ['2026-01-01T00:00:00.123456789Z', '2026-01-01T00:00:00.123456789Z'],
    ['2026-01-01T00:00:00.1234567891Z', '2026-01-01T00:00:00.123456789Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00Z'],
    ['9999-12-31T23:59:59.999999999Z', '9999-12-31T23:59:59.999999999Z'],
    ['1969-12-31T23:59:59.25Z', '1969-12-31T23:59:59.25Z'],
  ])('parses %s', (text, expected) => {
    expect(timestampText(text)).toBe(expected)
  })

  it.each([
    ['2026-01-01', 'expected the form 2006-01-02T15:04:05Z, with Z or an offset'],
    ['2026-01-01T00:00:00', 'expected the form 2006-01-02T15:04:05Z, with Z or an offset'],
    ['2026-01-01t00:00:00z', 'expected the form 2006-01-02T15:04:05Z, with Z or an offset'],
    ['2026-01-01 00:00:00Z', 'expected the form 2006-01-02T15:04:05Z, with Z or an offset'],
    ['2026-01-01T00:00:00+0100', 'expected the form 2006-01-02T15:04:05Z, with Z or an offset'],
    ['2026-13-01T00:00:00Z', 'month 13 out of range'],
    ['2025-02-29T00:00:00Z', 'day 29 out of range for the month'],
    ['2026-04-31T00:00:00Z', 'day 31 out of range for the month'],
    ['2026-01-01T24:00:00Z', 'hour 24 out of range'],
    ['2026-01-01T00:60:00Z', 'minute 60 out of range'],
    ['2026-01-01T00:00:60Z', 'second 60 out of range'],
    ['2026-01-01T00:00:00+24:00', 'offset +24:00 out of range'],
    ['0000-12-31T23:59:59Z', 'outside the range 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z'],
    ['0001-01-01T00:00:00+00:01', 'outside the range 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z'],
  ])('rejects %s', (text, reason) => {
    expect(timestampText(text)).toBe(`invalid: ${reason}`)
  })
})

describe('parseDuration', () => {
  it.each([
    ['90m', '5400s'],
    ['1h30m', '5400s'],
    ['1.5h', '5400s'],
    ['-90m', '-5400s'],
    ['+2s', '2s'],
    ['300ms', '0.3s'],
    ['1.5s', '1.5s'],
    ['-1.5s', '-1.5s'],
    ['10us', '0.00001s'],
    ['10\u00b5s', '0.00001s'],
    ['10\u03bcs', '0.00001s'],
    ['1ns', '0.000000001s'],
    ['0', '0s'],
    ['-0', '0s'],
    ['0s', '0s'],
    ['.5s', '0.5s'],
    ['1.s', '1s'],
    ['1h1m1s1ms1us1ns', '3661.001001001s'],
    ['2562047h47m16.854775807s', '9223372036.854775807s'],
    ['-2562047h47m16.854775808s', '-9223372036.854775808s'],
  ])('parses %s', (text, expected) => {
    expect(durationText(text)).toBe(expected)
  })

  it.each([
    ['', 'expected a number and a unit, such as 90m'],
    ['-', 'expected a number and a unit, such as 90m'],
    ['90', 'missing unit'],
    ['1h30', 'missing unit'],
    ['5d', 'unknown unit "d"'],
    ['5 m', 'unknown unit " m"'],
    ['1mss', 'unknown unit "mss"'],
    ['.s', 'expected a number before each unit'],
    ['h', 'expected a number before each unit'],
    ['2562047h47m16.854775808s', 'outside the range of 64-bit nanoseconds'],
    ['1000000000000h', 'outside the range of 64-bit nanoseconds'],
  ])('rejects %s', (text, reason) => {
    expect(durationText(text)).toBe(`invalid: ${reason}`)
  })
})

describe('timestamp and duration operators', () => {
  const ctx = context({
    R: { attr: { created: '2026-02-01T12:00:00Z', bad: '2026-02-30T00:00:00Z', n: 5 } },
  })

  it('compare timestamps and durations by value', () => {
    expect(run({ lt: [{ timestamp: [ref('R.attr.created')] }, ref('now')] }, ctx)).toBe(true)
    expect(
      run({
        eq: [{ timestamp: ['2026-01-01T01:00:00+01:00'] }, { timestamp: ['2026-01-01T00:00:00Z'] }],
      }),
    ).toBe(true)
    expect(run({ gt: [{ duration: ['2h'] }, { duration: ['90m'] }] })).toBe(true)
    expect(run({ eq: [{ duration: ['1h'] }, { duration: ['60m'] }] })).toBe(true)
    expect(run({ lte: [{ duration: ['-1s'] }, { duration: ['0'] }] })).toBe(true)
  })

  it('keep timestamps apart from strings', () => {
    const text = '2026-01-01T00:00:00Z'
    expect(run({ eq: [{ timestamp: [text] }, text] })).toBe(false)
    expect(faultOf(run({ lt: [{ timestamp: [text] }, text] }))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'lt: cannot compare timestamp with string',
      path: '/when',
    })
    expect(faultOf(run({ gt: [{ duration: ['1h'] }, 3600] })).message).toBe(
      'gt: cannot compare duration with number',
    )
    expect(faultOf(run({ gt: [{ duration: ['1h'] }, ref('now')] })).message).toBe(
      'gt: cannot compare duration with timestamp',
    )
  })

  it('measure timeSince against the check instant', () => {
    expect(
      run(
        { eq: [{ timeSince: [{ timestamp: [ref('R.attr.created')] }] }, { duration: ['672h'] }] },
        ctx,
      ),
    ).toBe(true)
    expect(run({ lt: [{ timeSince: [ref('now')] }, { duration: ['1ns'] }] }, ctx)).toBe(true)
    expect(faultOf(run({ timeSince: [ref('R.attr.created')] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'timeSince: expected timestamp, got string',
      path: '/when',
    })
  })

  it('fault on an invalid string at evaluation', () => {
    expect(faultOf(run({ timestamp: [ref('R.attr.bad')] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message:
        'timestamp: invalid RFC 3339 timestamp "2026-02-30T00:00:00Z": day 30 out of range for the month',
      path: '/when',
    })
    expect(faultOf(run({ timestamp: [ref('R.attr.n')] }, ctx)).message).toBe(
      'timestamp: expected string, got number',
    )
    expect(faultOf(run({ duration: [ref('R.attr.created')] }, ctx)).message).toBe(
      'duration: invalid duration "2026-02-01T12:00:00Z": unknown unit "-"',
    )
  })

  it('report an invalid literal at compile time', () => {
    const { evaluate, issues } = compile({ lt: [ref('now'), { timestamp: ['2026-01-01'] }] })
    expect(issues).toEqual([
      {
        code: 'ERR_CONDITION_INVALID',
        path: '/when/lt/1/timestamp/0',
        message:
          'timestamp: invalid RFC 3339 timestamp "2026-01-01": expected the form 2006-01-02T15:04:05Z, with Z or an offset',
      },
    ])
    expect(faultOf(evaluate(ctx)).path).toBe('/when/lt/1/timestamp/0')
    expect(compile({ duration: ['5d'] }).issues).toEqual([
      {
        code: 'ERR_CONDITION_INVALID',
        path: '/when/duration/0',
        message: 'duration: invalid duration "5d": unknown unit "d"',
      },
    ])
    expect(compile({ duration: [90] }).issues[0]?.message).toBe(
      'duration: expected string, got number',
    )
  })

  it('pass a time value through its own conversion', () => {
    expect(String(run({ timestamp: [{ timestamp: ['2026-01-01T00:00:00Z'] }] }))).toBe(
      '2026-01-01T00:00:00Z',
    )
    expect(String(run({ timestamp: [ref('now')] }))).toBe(
      new Date(NOW).toISOString().replace('.000', ''),
    )
    expect(String(run({ duration: [{ duration: ['1m'] }] }))).toBe('60s')
  })
})

describe('time arithmetic', () => {
  it('shifts timestamps by durations', () => {
    const start = { timestamp: ['2026-01-31T23:30:00Z'] }
    expect(String(run({ add: [start, { duration: ['45m'] }] }))).toBe('2026-02-01T00:15:00Z')
    expect(String(run({ add: [{ duration: ['45m'] }, start] }))).toBe('2026-02-01T00:15:00Z')
    expect(String(run(sub(start, { duration: ['24h'] })))).toBe('2026-01-30T23:30:00Z')
    expect(String(run(sub(start, { duration: ['-1.5s'] })))).toBe('2026-01-31T23:30:01.5Z')
  })

  it('subtracts timestamps into a duration', () => {
    const later = { timestamp: ['2026-01-02T00:00:00Z'] }
    const earlier = { timestamp: ['2026-01-01T00:00:00.25Z'] }
    expect(String(run(sub(later, earlier)))).toBe('86399.75s')
    expect(String(run(sub(earlier, later)))).toBe('-86399.75s')
  })

  it('adds and subtracts durations', () => {
    expect(String(run({ add: [{ duration: ['1h'] }, { duration: ['-30m'] }] }))).toBe('1800s')
    expect(String(run(sub({ duration: ['1s'] }, { duration: ['1.5s'] })))).toBe('-0.5s')
  })

  it('faults outside the ranges of timestamps and durations', () => {
    expect(
      faultOf(run({ add: [{ timestamp: ['9999-12-31T23:00:00Z'] }, { duration: ['2h'] }] })),
    ).toEqual({
      code: 'ERR_CONDITION_ARITHMETIC',
      message: 'add: timestamp outside the range 0001-01-01 to 9999-12-31',
      path: '/when',
    })
    expect(
      faultOf(
        run(sub({ timestamp: ['9999-01-01T00:00:00Z'] }, { timestamp: ['0001-01-01T00:00:00Z'] })),
      ),
    ).toEqual({
      code: 'ERR_CONDITION_ARITHMETIC',
      message: 'sub: duration outside the range of 64-bit nanoseconds',
      path: '/when',
    })
    expect(
      faultOf(run({ add: [{ duration: ['2000000h'] }, { duration: ['2000000h'] }] })).message,
    ).toBe('add: duration outside the range of 64-bit nanoseconds')
  })

  it('rejects mismatched time operands', () => {
    expect(faultOf(run({ add: [ref('now'), ref('now')] })).message).toBe(
      'add: cannot add timestamp and timestamp',
    )
    expect(faultOf(run(sub({ duration: ['1s'] }, ref('now')))).message).toBe(
      'sub: cannot subtract timestamp from duration',
    )
  })
})

describe('Timestamp and Duration', () => {
  it('serialise as strings', () => {
    expect(JSON.stringify({ at: Timestamp.fromMillis(0), after: parseDuration('90m') })).toBe(
      '{"at":"1970-01-01T00:00:00Z","after":"5400s"}',
    )
  })

  it('keep sub-millisecond instants from the clock', () => {
    expect(Timestamp.fromMillis(1.5).toString()).toBe('1970-01-01T00:00:00.0015Z')
    expect(Timestamp.fromMillis(-1).toString()).toBe('1969-12-31T23:59:59.999Z')
  })
})

describe('Timestamp constructor', () => {
  it('rejects fields out of range', () => {
    expect(() => new Timestamp(0, 1_000_000_000)).toThrow(
      new RangeError('invalid timestamp: seconds 0, nanos 1000000000'),
    )
    expect(() => new Timestamp(0.5, 0)).toThrow(RangeError)
    expect(() => new Timestamp(0, -1)).toThrow(RangeError)
  })

  it('turns an invalid clock into a fault', () => {
    expect(faultOf(run(ref('now'), context({ now: Number.NaN })))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message:
        'evaluation failed: RangeError thrown (attributes must be plain JSON and the clock a finite number)',
      path: '/when',
    })
  })
})
