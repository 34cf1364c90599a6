import type { CompileEnv, CompiledExpression } from './compiled.js'
import { ConditionFault } from './compiled.js'
import { alwaysFault } from './fault.js'

/**
 * The compile-time state of one `compileExpression` call at a node: the environment, the
 * variables bound by enclosing `exists` and `all`, and the next free slot of `ctx.locals`.
 * @internal
 */
export class Scope {
  private constructor(
    readonly env: CompileEnv,
    private readonly bindings: ReadonlyMap<string, number>,
    private readonly slots: { count: number },
  ) {}

  /** Creates the scope of a root expression, with no variable bound. */
  static root(env: CompileEnv): Scope {
    return new Scope(env, new Map(), { count: 0 })
  }

  /** Returns the slot of the bound variable `name`, or undefined when it is not bound. */
  slotOf(name: string): number | undefined {
    return this.bindings.get(name)
  }

  /**
   * Returns a child scope in which `name` is bound to a fresh slot, and that slot. An inner
   * binding of the same name shadows the outer one, as in CEL.
   */
  bind(name: string): [scope: Scope, slot: number] {
    const slot = this.slots.count++
    const bindings = new Map(this.bindings).set(name, slot)
    return [new Scope(this.env, bindings, this.slots), slot]
  }

  /** Reports an `ERR_CONDITION_INVALID` issue at `path`. */
  report(path: string, message: string): void {
    this.env.report({ code: 'ERR_CONDITION_INVALID', path, message })
  }

  /**
   * Reports an issue and returns a closure that returns the same problem as a fault, so that
   * a caller who ignores reports still fails closed.
   */
  invalid(path: string, message: string): CompiledExpression {
    this.report(path, message)
    return alwaysFault(new ConditionFault('ERR_CONDITION_INVALID', message, path))
  }
}
