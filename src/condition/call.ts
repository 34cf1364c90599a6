import type { CompiledExpression } from './compiled.js'
import type { OperatorName } from './expression.js'
import { childPointer } from './fault.js'
import type { Scope } from './scope.js'

/** Compiles one expression node found at `path`, `depth` levels below the root. @internal */
export type NodeCompiler = (
  expr: unknown,
  path: string,
  scope: Scope,
  depth: number,
) => CompiledExpression

/** An operator node being compiled: its name, arguments and position. @internal */
export class OperatorCall {
  constructor(
    readonly name: OperatorName,
    readonly args: readonly unknown[],
    /** JSON Pointer of the operator node itself. */
    readonly path: string,
    readonly scope: Scope,
    private readonly depth: number,
    private readonly compileNode: NodeCompiler,
  ) {}

  /** Returns the JSON Pointer of argument `index`, such as `/when/or/1`. */
  argPath(index: number): string {
    return childPointer(childPointer(this.path, this.name), index)
  }

  /** Compiles argument `index`, in `scope` when given (a scope with a bound variable). */
  compile(index: number, scope: Scope = this.scope): CompiledExpression {
    return this.compileNode(this.args[index], this.argPath(index), scope, this.depth + 1)
  }

  /** Compiles every argument in order. */
  compileAll(): CompiledExpression[] {
    return this.args.map((_, index) => this.compile(index))
  }

  /** Reports an `ERR_CONDITION_INVALID` issue and returns a closure that faults. */
  invalid(message: string, path: string = this.path): CompiledExpression {
    return this.scope.invalid(path, message)
  }
}
