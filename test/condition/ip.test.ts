import { describe, expect, it } from 'vitest'
import { ipInNetwork, parseCidr } from '../../src/condition/ip.js'
import { compile, context, faultOf, ref, run } from './helpers.js'

function inRange(ip: string, cidr: string): boolean | string | undefined {
  const network = parseCidr(cidr)
  return typeof network === 'string' ? `invalid range: ${network}` : ipInNetwork(ip, network)
}

describe('ipInNetwork', () => {
  it.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['192.168.0.5', '192.168.0.0/24', true],
    ['192.169.1.5', '192.168.0.0/24', false],
    ['192.168.0.255', '192.168.0.0/24', true],
    ['192.168.1.0', '192.168.0.0/24', false],
    ['1.2.3.4', '0.0.0.0/0', true],
    ['1.2.3.4', '1.2.3.4/32', true],
    ['1.2.3.5', '1.2.3.4/32', false],
    ['10.200.0.1', '10.1.2.3/8', true],
    ['255.255.255.255', '255.255.255.254/31', true],
    ['2001:db8::1000:0', '2001:db8::/48', true],
    ['2001:0db8:0000:0000:0000:0000:1000:0000', '2001:db8::/48', true],
    ['3001:fff::', '2001:db8::/48', false],
    ['2001:db8:0:ffff::1', '2001:db8::/48', true],
    ['2001:db8:1::1', '2001:db8::/48', false],
    ['::1', '::1/128', true],
    ['::', '::/0', true],
    ['fe80::1', 'fe80::/10', true],
    ['febf:ffff::', 'fe80::/10', true],
    ['fec0::', 'fe80::/10', false],
    ['2001:DB8::A', '2001:db8::a/128', true],
    ['::ffff:10.1.2.3', '10.0.0.0/8', true],
    ['::ffff:a01:203', '10.0.0.0/8', true],
    ['10.1.2.3', '::ffff:10.0.0.0/104', true],
    ['::ffff:10.1.2.3', '::ffff:10.0.0.0/104', true],
    ['10.1.2.3', '::/0', false],
    ['::ffff:10.1.2.3', '::/0', false],
    ['2001:db8::1', '0.0.0.0/0', false],
    ['::10.1.2.3', '10.0.0.0/8', false],
    ['::10.1.2.3', '::/96', true],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:0/112', true],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6::/96', true],
  ])('%s in %s is %s', (ip, cidr, expected) => {
    expect(inRange(ip, cidr)).toBe(expected)
  })

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '1.2.3.256',
    '01.2.3.4',
    '1.2.3.-4',
    ' 1.2.3.4',
    '1.2.3.4 ',
    'localhost',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '1:::2',
    ':1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:',
    '12345::',
    'g::',
    'fe80::1%eth0',
    '1.2.3.4::',
    '::1.2.3',
    '1:2:3:4:5:6:7:1.2.3.4',
    '1:2:3:4:5:6:7::8',
    '::ffff:1.2.3.4:5',
    'a'.repeat(46),
  ])('rejects address %j', (ip) => {
    expect(inRange(ip, '0.0.0.0/0')).toBe(undefined)
  })

  it.each([
    ['10.0.0.0', 'expected an address, a slash and a prefix length'],
    ['10.0.0.0/33', 'prefix length 33 too long'],
    ['::/129', 'prefix length 129 too long'],
    ['10.0.0.0/', 'invalid prefix length'],
    ['10.0.0.0/-1', 'invalid prefix length'],
    ['10.0.0.0/8/8', 'invalid prefix length'],
    ['10.0.0/8', 'invalid address'],
    ['fe80::1%eth0/64', 'invalid address'],
  ])('rejects range %s', (cidr, reason) => {
    expect(inRange('1.2.3.4', cidr)).toBe(`invalid range: ${reason}`)
  })
})

describe('inIpRange', () => {
  const ctx = context({
    P: { attr: { ip: '10.20.0.7', v6: '2001:db8::7', bad: '10.20.0', port: 8080 } },
  })

  it('tests IPv4 and IPv6 attributes', () => {
    expect(run({ inIpRange: [ref('P.attr.ip'), '10.20.0.0/16'] }, ctx)).toBe(true)
    expect(run({ inIpRange: [ref('P.attr.ip'), '10.21.0.0/16'] }, ctx)).toBe(false)
    expect(run({ inIpRange: [ref('P.attr.v6'), '2001:db8::/32'] }, ctx)).toBe(true)
    expect(run({ inIpRange: [ref('P.attr.v6'), '10.0.0.0/8'] }, ctx)).toBe(false)
  })

  it('accepts a range computed at evaluation', () => {
    const cidrCtx = context({
      P: { attr: { ip: '10.20.0.7' } },
      R: { attr: { net: '10.0.0.0/8', bad: '10/8' } },
    })
    expect(run({ inIpRange: [ref('P.attr.ip'), ref('R.attr.net')] }, cidrCtx)).toBe(true)
    expect(faultOf(run({ inIpRange: [ref('P.attr.ip'), ref('R.attr.bad')] }, cidrCtx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'inIpRange: invalid CIDR range "10/8": invalid address',
      path: '/when',
    })
  })

  it('faults on an invalid address', () => {
    expect(faultOf(run({ inIpRange: [ref('P.attr.bad'), '10.0.0.0/8'] }, ctx))).toEqual({
      code: 'ERR_CONDITION_TYPE',
      message: 'inIpRange: invalid IP address "10.20.0"',
      path: '/when',
    })
    expect(faultOf(run({ inIpRange: [ref('P.attr.port'), '10.0.0.0/8'] }, ctx)).message).toBe(
      'inIpRange: expected string, got number',
    )
    expect(faultOf(run({ inIpRange: ['x'.repeat(100), '10.0.0.0/8'] }, ctx)).message).toBe(
      `inIpRange: invalid IP address "${'x'.repeat(64)}"... (100 characters)`,
    )
  })

  it('reports an invalid literal range', () => {
    const { evaluate, issues } = compile({ inIpRange: [ref('P.attr.ip'), '10.0.0.0/40'] })
    expect(issues).toEqual([
      {
        code: 'ERR_CONDITION_INVALID',
        path: '/when/inIpRange/1',
        message: 'inIpRange: invalid CIDR range "10.0.0.0/40": prefix length 40 too long',
      },
    ])
    expect(faultOf(evaluate(ctx)).code).toBe('ERR_CONDITION_INVALID')
    expect(compile({ inIpRange: ['1.2.3.4', ['10.0.0.0/8']] }).issues[0]?.message).toBe(
      'inIpRange: expected string, got list',
    )
  })
})
