import type { OperatorCall } from '../call.js'
import { ConditionFault, type CompiledExpression } from '../compiled.js'
import { constantValue } from '../constant.js'
import { quote, typeFault } from '../fault.js'
import { ipInNetwork, parseCidr, type IpNetwork } from '../ip.js'
import { valueKind } from '../kind.js'

/**
 * Compiles `inIpRange(ip, cidr)` for IPv4 and IPv6, with the address rules described in
 * `ip.ts`. A constant range is parsed once and checked at compile time; an invalid address,
 * or an invalid range computed at evaluation, is a type fault.
 * @internal
 */
export function compileInIpRange(call: OperatorCall): CompiledExpression {
  const address = call.compile(0)
  const range = call.compile(1)
  const path = call.path
  const literal = constantValue(range)

  if (literal !== undefined) {
    const text = literal.value
    const rangePath = call.argPath(1)
    if (typeof text !== 'string') {
      return call.invalid(`inIpRange: expected string, got ${valueKind(text)}`, rangePath)
    }
    const network = parseCidr(text)
    if (typeof network === 'string') {
      return call.invalid(`inIpRange: invalid CIDR range ${quote(text)}: ${network}`, rangePath)
    }
    return (ctx) => test(address(ctx), network, path)
  }

  return (ctx) => {
    const ip = address(ctx)
    if (ip instanceof ConditionFault) return ip
    const cidr = range(ctx)
    if (cidr instanceof ConditionFault) return cidr
    if (typeof cidr !== 'string') {
      return typeFault(`inIpRange: expected string, got ${valueKind(cidr)}`, path)
    }
    const network = parseCidr(cidr)
    if (typeof network === 'string') {
      return typeFault(`inIpRange: invalid CIDR range ${quote(cidr)}: ${network}`, path)
    }
    return test(ip, network, path)
  }
}

function test(ip: unknown, network: IpNetwork, path: string): unknown {
  if (ip instanceof ConditionFault) return ip
  if (typeof ip !== 'string') {
    return typeFault(`inIpRange: expected string, got ${valueKind(ip)}`, path)
  }
  return ipInNetwork(ip, network) ?? typeFault(`inIpRange: invalid IP address ${quote(ip)}`, path)
}
