import type { OperatorCall } from '../call.js'
import type { CompiledExpression } from '../compiled.js'
import type { OperatorName } from '../expression.js'
import { compileAdd, compileDiv, compileMod, compileMul, compileSub } from './arithmetic.js'
import { compileEq, compileGt, compileGte, compileLt, compileLte, compileNe } from './compare.js'
import { compileAll, compileExists } from './lists.js'
import { compileAnd, compileNot, compileOr } from './logic.js'
import {
  compileContains,
  compileHasIntersection,
  compileIn,
  compileIsSubset,
} from './membership.js'
import { compileInIpRange } from './network.js'
import { compileHas, compileSize } from './presence.js'
import { compileEndsWith, compileIncludes, compileMatches, compileStartsWith } from './strings.js'
import { compileDuration, compileTimeSince, compileTimestamp } from './time.js'

/** Compiles one operator node whose argument count is already checked. @internal */
export type OperatorCompiler = (call: OperatorCall) => CompiledExpression

/** The compiler of every operator, keyed by name. @internal */
export const OPERATOR_COMPILERS: Readonly<Record<OperatorName, OperatorCompiler>> = {
  and: compileAnd,
  or: compileOr,
  not: compileNot,
  eq: compileEq,
  ne: compileNe,
  lt: compileLt,
  lte: compileLte,
  gt: compileGt,
  gte: compileGte,
  in: compileIn,
  contains: compileContains,
  hasIntersection: compileHasIntersection,
  isSubset: compileIsSubset,
  has: compileHas,
  size: compileSize,
  startsWith: compileStartsWith,
  endsWith: compileEndsWith,
  includes: compileIncludes,
  matches: compileMatches,
  exists: compileExists,
  all: compileAll,
  timestamp: compileTimestamp,
  duration: compileDuration,
  timeSince: compileTimeSince,
  inIpRange: compileInIpRange,
  add: compileAdd,
  sub: compileSub,
  mul: compileMul,
  div: compileDiv,
  mod: compileMod,
}
