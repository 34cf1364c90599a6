import type { RolePolicyBody } from './document.js'
import { quote } from './pointer.js'
import type { IssueCollector, PolicySet } from './semantic-context.js'

interface RoleNode {
  readonly index: number
  readonly body: RolePolicyBody
}

/**
 * Reports cycles of parent roles among role policies of one version: a custom role whose
 * parent roles lead back to itself, `a` → `b` → `a`, including a role that is its own parent.
 * Each cycle is reported once, at the parent role entry of its alphabetically first role.
 * @internal
 */
export function checkRoleCycles(set: PolicySet, issues: IssueCollector): void {
  const roles = new Map<string, RoleNode>()
  set.policies.forEach((policy, index) => {
    if (!('rolePolicy' in policy)) return
    const key = keyOf(policy.rolePolicy.version, policy.rolePolicy.role)
    if (!roles.has(key)) roles.set(key, { index, body: policy.rolePolicy })
  })

  const reported = new Set<string>()
  for (const node of roles.values()) {
    const cycle = findCycle(node, roles)
    if (cycle === undefined) continue

    // Rotate the cycle to start at its alphabetically first role, so it is reported once.
    const first = [...cycle].sort()[0] ?? ''
    const at = cycle.indexOf(first)
    const rotated = [...cycle.slice(at), ...cycle.slice(0, at), first]
    const signature = rotated.join('\n')
    if (reported.has(signature)) continue
    reported.add(signature)

    const start = roles.get(keyOf(node.body.version, first))
    if (start === undefined) continue
    const position = start.body.parentRoles.indexOf(rotated[1] ?? '')
    const message = `parent role cycle: ${rotated.map(quote).join(' -> ')}`
    issues.report(
      'ERR_POLICY_INVALID',
      start.index,
      ['rolePolicy', 'parentRoles', position],
      message,
    )
  }
}

function keyOf(version: string | undefined, role: string): string {
  return `${version ?? 'default'}\n${role}`
}

/** Returns the roles of a cycle reachable from `start`, each once, in parent order. */
function findCycle(start: RoleNode, roles: ReadonlyMap<string, RoleNode>): string[] | undefined {
  const path: string[] = []
  const done = new Set<string>()

  const visit = (node: RoleNode): string[] | undefined => {
    const at = path.indexOf(node.body.role)
    if (at >= 0) return path.slice(at)
    if (done.has(node.body.role)) return undefined

    path.push(node.body.role)
    for (const parent of node.body.parentRoles) {
      const next = roles.get(keyOf(node.body.version, parent))
      const cycle = next === undefined ? undefined : visit(next)
      if (cycle !== undefined) return cycle
    }
    path.pop()
    done.add(node.body.role)
    return undefined
  }
  return visit(start)
}
