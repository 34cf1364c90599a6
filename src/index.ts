// Public API of hopgate. Everything a user can import is listed here by name.

export { createAuthorizer } from './authorizer.js'
export type { Authorizer, AuthorizerStats } from './authorizer.js'
export type { TokenCacheStats } from './cache/token-cache.js'
export type { AuthorizerConfig, CacheConfig } from './config.js'
export type {
  AccessRequest,
  CheckRequest,
  CheckResourcesRequest,
  CheckResourcesResult,
  PartiesRequest,
  ResourceActions,
  ResourceResult,
} from './requests.js'

export { definePolicies } from './policy/kit.js'
export type { PolicyKit, ResourceKit, ResourcePolicyOf, RuleBuilders } from './policy/kit.js'
export type {
  Compared,
  ConditionBuilders,
  ListOf,
  Ordered,
  Predicate,
} from './policy/conditions.js'
export type {
  ActionOf,
  ActionPattern,
  AppDescription,
  AppShape,
  AttrOf,
  ConstantRefs,
  KitRefs,
  MergedAttr,
  PrincipalAttrOf,
  ResourceKind,
  VariableRefs,
} from './policy/app-types.js'
export type {
  AnyOperand,
  Condition,
  DelegationFields,
  Expr,
  JsonValue,
  Literal,
  Operand,
  Orderable,
  PrincipalFields,
  Ref,
  RefBrand,
  RefFields,
  ResourceFields,
  UntypedRef,
  Widen,
} from './policy/expr-types.js'
export type {
  ConstantDefinitions,
  ConstantsInput,
  DerivedRoleInput,
  DerivedRolesInput,
  KitRule,
  OutputInput,
  PrincipalActionInput,
  PrincipalPolicyInput,
  PrincipalRuleInput,
  ResourceGlob,
  ResourcePolicyInput,
  RoleRuleInput,
  RolePolicyInput,
  RoleSelector,
  RuleOptions,
  VariableDefinitions,
  VariablesInput,
} from './policy/kit-inputs.js'
export { MAX_REPORTED_ISSUES } from './policy/validate.js'
export { validatePolicies } from './policy-set.js'
export type { PolicyValidation } from './policy/validate.js'
export { MAX_DOCUMENT_DEPTH } from './policy/depth.js'
export { policySchema } from './policy/schema.js'
export type { PolicyKind } from './policy/schema.js'
export type * from './policy/document.js'

export { toCel } from './condition/cel.js'

export { toCerbos } from './interop/to-cerbos.js'
export type { CerbosExport, CerbosExportOptions, CerbosFile } from './interop/to-cerbos.js'
export { ExportUnsupported } from './interop/export-unsupported.js'
export type { ExportIssue } from './interop/export-unsupported.js'
export { Duration, Timestamp } from './condition/values.js'
export type {
  Expression,
  OperatorExpression,
  OperatorName,
  RefExpression,
  ValueExpression,
} from './condition/expression.js'

export type {
  Decision,
  DecisionError,
  Evaluation,
  EvaluationRole,
  Output,
  ReasonCode,
  ValidationError,
} from './engine/decision.js'
export type {
  Attributes,
  DelegationValue,
  Principal,
  PrincipalKind,
  PrincipalValue,
  Resource,
  ResourceValue,
} from './engine/model.js'
export type { DecisionRecord } from './audit/decision-record.js'

export type {
  Credentials,
  DirectIdentity,
  Identity,
  OnBehalfOfIdentity,
  VerifiedPrincipal,
  VerifyResult,
} from './identity/identity.js'
export type {
  IdentityConfig,
  IssuerConfig,
  IssuerKeySource,
  KeySource,
  PrincipalIdRule,
  RemoteKeySetOptions,
  SpiffeBundle,
  SvidAlgorithm,
  TokenCacheConfig,
  TrustDomainConfig,
  UserTokenAlgorithm,
  WorkloadEntry,
} from './identity/config.js'
export { createIdentityVerifier } from './identity/verifier.js'
export type {
  IdentityVerifier,
  IdentityVerifierOptions,
  IdentityVerifierStats,
} from './identity/verifier.js'
export { missingScope } from './identity/scopes.js'
export { isTrustDomainName, parseSpiffeId } from './identity/spiffe-id.js'
export type { SpiffeId } from './identity/spiffe-id.js'

export {
  AgentWithoutUser,
  AuthzError,
  CredentialsInvalid,
  DelegationActorMismatch,
  DelegationCycle,
  DelegationDepthExceeded,
  DelegationInvalid,
  KeyNotFound,
  KeysUnavailable,
  PolicyInvalid,
  ScopeInvalid,
  ScopeMissing,
  SpiffeIdInvalid,
  TOKEN_INVALID_MESSAGE,
  TokenAlgorithmNotAllowed,
  TokenAudienceInvalid,
  TokenClaimInvalid,
  TokenExpired,
  TokenHeaderInvalid,
  TokenInvalid,
  TokenIssuedInFuture,
  TokenIssuerInvalid,
  TokenLifetimeTooLong,
  TokenNotYetValid,
  TokenSignatureInvalid,
  TokenSubjectInvalid,
  TokenTooLarge,
  TokenTypeInvalid,
  TrustDomainUnknown,
  WorkloadUnknown,
} from './errors.js'
export type { AuthzErrorOptions, ErrorCode, PolicyIssue } from './errors.js'
