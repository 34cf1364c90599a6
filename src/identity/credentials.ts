import { CredentialsInvalid } from '../errors.js'
import { isRecord } from './config-values.js'

/** The token strings of a request, read once from untrusted input. @internal */
export interface TokenStrings {
  readonly workload: string | undefined
  readonly user: string | undefined
}

const CREDENTIAL_KEYS = ['workload', 'user']

/**
 * Reads the `credentials` of a request: an object with a `workload` token, a `user` token or
 * both, as strings, and no other keys. Each value is read once, as an own property, so a
 * getter cannot return one token to the check and another to the verifier. Throws
 * {@link CredentialsInvalid} otherwise.
 * @internal
 */
export function readCredentials(value: unknown): TokenStrings {
  if (!isRecord(value)) {
    throw new CredentialsInvalid(
      'credentials invalid: expected an object with a "workload" or "user" token',
    )
  }
  if (Object.keys(value).some((key) => !CREDENTIAL_KEYS.includes(key))) {
    throw new CredentialsInvalid('credentials invalid: only "workload" and "user" are allowed')
  }

  const workload = readToken(value, 'workload')
  const user = readToken(value, 'user')
  if (workload === undefined && user === undefined) {
    throw new CredentialsInvalid('credentials invalid: expected a "workload" or "user" token')
  }
  return { workload, user }
}

function readToken(
  credentials: Readonly<Record<string, unknown>>,
  name: 'workload' | 'user',
): string | undefined {
  const token = Object.hasOwn(credentials, name) ? credentials[name] : undefined
  if (token !== undefined && typeof token !== 'string') {
    throw new CredentialsInvalid(`credentials invalid: "${name}" must be a string`)
  }
  return token
}
