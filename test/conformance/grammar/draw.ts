import fc from 'fast-check'

/**
 * Draws values for the case grammar from a fast-check `gen()` value, so that a failing case
 * shrinks draw by draw and replays from its seed.
 */
export class Draw {
  constructor(private readonly g: fc.GeneratorValue) {}

  /** Draws an integer in `[min, max]`, which shrinks towards `min`. */
  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max })
  }

  /** True with probability about `chance`. */
  chance(chance: number): boolean {
    return this.int(0, 999) < chance * 1000
  }

  /** One of `items`; shrinks towards the first. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T
  }

  /** A subsequence of `items` of `min` to `max` elements, in their order. */
  subset<T>(items: readonly T[], min: number, max: number): T[] {
    return this.g(fc.subarray, [...items], {
      minLength: min,
      maxLength: Math.min(max, items.length),
    })
  }

  /** `count` results of `make`. */
  times<T>(count: number, make: (index: number) => T): T[] {
    return Array.from({ length: count }, (_, index) => make(index))
  }
}
