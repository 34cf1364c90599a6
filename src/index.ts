export { AuthzError, PolicyInvalid } from './errors.js'
export type { AuthzErrorOptions, ErrorCode, PolicyIssue } from './errors.js'
