/**
 * IP addresses and CIDR ranges for `inIpRange`, with the semantics of Go's `net.ParseIP`,
 * `net.ParseCIDR` and `IPNet.Contains`, which Cerbos' `inIPAddrRange` uses:
 *
 * - IPv4 is dotted decimal with no leading zeros; IPv6 is RFC 4291 text, with at most one `::`
 *   and an optional dotted IPv4 tail, and without a zone (`%eth0`);
 * - an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is the IPv4 address it maps, so it lies in
 *   `10.0.0.0/8`;
 * - a range whose masked address is IPv4-mapped, such as `::ffff:10.0.0.0/104`, is the IPv4
 *   range `10.0.0.0/8`. Any other IPv6 range, `::/0` included, contains no IPv4 address;
 * - host bits of a range are ignored: `10.1.2.3/8` is `10.0.0.0/8`.
 */

/** A CIDR range, compiled once. @internal */
export interface IpNetwork {
  readonly v4: boolean
  /** The address with host bits cleared, as four 32-bit words; IPv4 uses the first word. */
  readonly words: Uint32Array
  readonly prefix: number
}

/** The longest IPv6 text form: eight groups or six groups and an IPv4 tail. */
const MAX_ADDRESS_LENGTH = 45

// The parser writes into one buffer, which is safe because evaluation is synchronous and
// nothing else runs between parsing an address and testing it.
const scratch = new Uint32Array(4)
const groups = new Uint16Array(8)

/** Parses a CIDR range such as `10.0.0.0/8`; returns the range or the reason it is invalid. @internal */
export function parseCidr(text: string): IpNetwork | string {
  const slash = text.indexOf('/')
  if (slash < 0) return 'expected an address, a slash and a prefix length'
  const family = parseAddressInto(text.slice(0, slash))
  const prefixText = text.slice(slash + 1)
  if (family === undefined) return 'invalid address'
  if (!/^\d{1,3}$/.test(prefixText)) return 'invalid prefix length'

  let v4 = family === 4
  let prefix = Number(prefixText)
  if (prefix > (v4 ? 32 : 128)) return `prefix length ${prefix} too long`
  if (!v4) {
    maskWords(scratch, prefix)
    if (isMappedIpv4(scratch)) {
      scratch[0] = scratch[3] ?? 0
      v4 = true
      prefix -= 96
    }
  }
  const words = new Uint32Array(scratch)
  maskWords(words, v4 ? prefix : prefix)
  return { v4, words, prefix }
}

/**
 * Tells whether the address `text` lies in `network`; returns undefined when `text` is not a
 * valid address.
 * @internal
 */
export function ipInNetwork(text: string, network: IpNetwork): boolean | undefined {
  const family = parseAddressInto(text)
  if (family === undefined) return undefined

  let v4 = family === 4
  if (!v4 && isMappedIpv4(scratch)) {
    scratch[0] = scratch[3] ?? 0
    v4 = true
  }
  if (v4 !== network.v4) return false
  maskWords(scratch, network.prefix)
  for (let i = 0; i < 4; i++) {
    if (scratch[i] !== network.words[i]) return false
  }
  return true
}

function isMappedIpv4(words: Uint32Array): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff
}

/** Clears every bit after the first `prefix` bits of the four words. */
function maskWords(words: Uint32Array, prefix: number): void {
  for (let i = 0; i < 4; i++) {
    const bits = Math.min(32, Math.max(0, prefix - 32 * i))
    words[i] = bits === 0 ? 0 : (words[i] ?? 0) & (0xffffffff << (32 - bits))
  }
}

/** Parses an address into `scratch`; returns 4 or 6 for the family, undefined when invalid. */
function parseAddressInto(text: string): 4 | 6 | undefined {
  if (text.length > MAX_ADDRESS_LENGTH) return undefined
  scratch.fill(0)
  if (!text.includes(':')) {
    const word = parseIpv4(text)
    if (word === undefined) return undefined
    scratch[0] = word
    return 4
  }
  if (!parseIpv6Groups(text)) return undefined
  for (let i = 0; i < 4; i++) {
    scratch[i] = (((groups[2 * i] ?? 0) << 16) | (groups[2 * i + 1] ?? 0)) >>> 0
  }
  return 6
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let word = 0
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return undefined
    const octet = Number(part)
    if (octet > 255) return undefined
    word = word * 256 + octet
  }
  return word
}

/** Parses IPv6 text into `groups`; returns false when it is invalid. */
function parseIpv6Groups(text: string): boolean {
  const halves = text.split('::')
  if (halves.length > 2) return false
  const head = splitGroups(halves[0] ?? '')
  const tail = halves.length === 2 ? splitGroups(halves[1] ?? '') : []
  if (head === undefined || tail === undefined) return false

  const headCount = countGroups(head, halves.length === 1)
  const tailCount = countGroups(tail, true)
  if (headCount === undefined || tailCount === undefined) return false
  const total = headCount + tailCount
  if (halves.length === 1 ? total !== 8 : total > 7) return false

  groups.fill(0)
  return writeGroups(head, 0, halves.length === 1) && writeGroups(tail, 8 - tailCount, true)
}

function splitGroups(text: string): string[] | undefined {
  if (text === '') return []
  const parts = text.split(':')
  return parts.includes('') ? undefined : parts
}

/** Counts the 16-bit groups of `parts`; an IPv4 tail, allowed only last, counts as two. */
function countGroups(parts: readonly string[], last: boolean): number | undefined {
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i]?.includes('.')) return undefined
  }
  const final = parts.at(-1)
  if (final?.includes('.') === true) return last ? parts.length + 1 : undefined
  return parts.length
}

function writeGroups(parts: readonly string[], start: number, last: boolean): boolean {
  let position = start
  for (const [i, part] of parts.entries()) {
    if (last && i === parts.length - 1 && part.includes('.')) {
      const word = parseIpv4(part)
      if (word === undefined) return false
      groups[position++] = word >>> 16
      groups[position++] = word & 0xffff
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return false
      groups[position++] = Number.parseInt(part, 16)
    }
  }
  return true
}
