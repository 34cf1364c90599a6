import { isCelIdentifier } from '../condition/cel-syntax.js'
import { childPointer } from '../condition/fault.js'
import type { ConstantsBlock, Policy, VariablesBlock } from '../policy/document.js'
import { CelPrinter } from './cel-printer.js'
import type { CerbosBlock } from './cerbos-documents.js'
import type { ExportIssue } from './export-unsupported.js'
import { hasLoneSurrogate } from './cel-refs.js'
import { ScopeIndex } from './scope-index.js'

/** State shared by the translation of every document of one export. @internal */
export class ExportContext {
  readonly issues: ExportIssue[] = []
  readonly scopes: ScopeIndex

  constructor(
    policies: readonly Policy[],
    /** Whether the PDP searches scopes strictly, as Cerbos does unless configured otherwise. */
    readonly strictScopes: boolean,
  ) {
    this.scopes = new ScopeIndex(policies)
  }

  /** Records a construct that has no faithful Cerbos form. */
  report(issue: ExportIssue): void {
    this.issues.push(issue)
  }

  /** Creates a CEL printer for the expressions of `rule` in `policy`. */
  printer(policy: string, rule: string | null): CelPrinter {
    return new CelPrinter({
      report: (path, construct, message) => {
        this.report({ policy, rule, construct, path, message })
      },
    })
  }

  /** Translates a `variables` block, printing each local definition as CEL. */
  variables(
    block: VariablesBlock | undefined,
    policy: string,
    path: string,
  ): { variables?: CerbosBlock<string> } {
    if (block === undefined) return {}
    const local: Record<string, string> = {}
    for (const [name, expression] of Object.entries(block.local ?? {})) {
      const at = childPointer(childPointer(path, 'local'), name)
      this.checkName(name, 'variable', policy, at)
      local[name] = this.printer(policy, name).print(expression, at).text
    }
    return { variables: blockOf(block.import, local) }
  }

  /** Translates a `constants` block; constant values are copied as they are. */
  constantsBlock(
    block: ConstantsBlock | undefined,
    policy: string,
    path: string,
  ): { constants?: CerbosBlock<unknown> } {
    if (block === undefined) return {}
    for (const name of Object.keys(block.local ?? {})) {
      this.checkName(name, 'constant', policy, childPointer(childPointer(path, 'local'), name))
    }
    this.checkData(block.local ?? {}, policy, childPointer(path, 'local'))
    return { constants: blockOf(block.import, block.local ?? {}) }
  }

  /** Reports a variable or constant name that CEL cannot read after `V.` or `C.`. */
  checkName(name: string, kind: 'variable' | 'constant', policy: string, path: string): void {
    if (isCelIdentifier(name)) return
    const message = `Cerbos reads ${kind}s as ${kind === 'variable' ? 'V' : 'C'}.${name}, and ${JSON.stringify(name)} is a CEL reserved word`
    this.report({ policy, rule: name, construct: `${kind} ${JSON.stringify(name)}`, path, message })
  }

  /** Reports strings in constant data that JSON and YAML cannot carry to Cerbos intact. */
  checkData(value: unknown, policy: string, path: string): void {
    if (typeof value === 'string' && hasLoneSurrogate(value)) {
      const message = 'Cerbos reads policy files as UTF-8, which has no lone surrogates'
      this.report({ policy, rule: null, construct: 'string with a lone surrogate', path, message })
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        this.checkData(key, policy, path)
        this.checkData(item, policy, childPointer(path, key))
      }
    }
  }
}

function blockOf<T>(
  imports: readonly string[] | undefined,
  local: Readonly<Record<string, T>>,
): CerbosBlock<T> {
  const block: { import?: readonly string[]; local?: Readonly<Record<string, T>> } = {}
  if (imports !== undefined && imports.length > 0) block.import = imports
  if (Object.keys(local).length > 0) block.local = local
  return block
}
