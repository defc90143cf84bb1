/**
 * Exact fractions (bigint numerator / denominator) for the voting thresholds of voting-law.md:
 * "≥ 2/3" and "more than half" must be decided without floating point, e.g. 6/9 meets 2/3
 * exactly (example 3) and 3/6 is not more than half (example 2).
 */
export class Ratio {
  /** Always in lowest terms with a positive denominator. */
  readonly num: bigint
  readonly den: bigint

  private constructor(num: bigint, den: bigint) {
    this.num = num
    this.den = den
  }

  /** `num / den` from integers (numbers must be safe integers; a zero denominator throws). */
  static of(num: bigint | number, den: bigint | number = 1n): Ratio {
    const n = toBig(num)
    const d = toBig(den)
    if (d === 0n) throw new RangeError('Ratio with a zero denominator')
    const sign = d < 0n ? -1n : 1n
    const g = gcd(abs(n), abs(d)) || 1n
    return new Ratio((sign * n) / g, (sign * d) / g)
  }

  /** < 0, 0, > 0 as this is less than, equal to, greater than `other`. */
  compare(other: Ratio): -1 | 0 | 1 {
    const l = this.num * other.den
    const r = other.num * this.den
    return l < r ? -1 : l > r ? 1 : 0
  }
  gte(other: Ratio): boolean {
    return this.compare(other) >= 0
  }
  gt(other: Ratio): boolean {
    return this.compare(other) > 0
  }
  lte(other: Ratio): boolean {
    return this.compare(other) <= 0
  }
  lt(other: Ratio): boolean {
    return this.compare(other) < 0
  }
  equals(other: Ratio): boolean {
    return this.compare(other) === 0
  }

  add(other: Ratio): Ratio {
    return Ratio.of(this.num * other.den + other.num * this.den, this.den * other.den)
  }
  sub(other: Ratio): Ratio {
    return Ratio.of(this.num * other.den - other.num * this.den, this.den * other.den)
  }
  mul(other: Ratio): Ratio {
    return Ratio.of(this.num * other.num, this.den * other.den)
  }

  /** "2/3" (lowest terms). */
  toString(): string {
    return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`
  }

  /** The percentage rounded half up to `decimals` places, computed in integers: 2/3 → "66.67". */
  toPercent(decimals = 2): string {
    const scale = 10n ** BigInt(decimals)
    const scaled = this.num * 100n * scale
    const negative = scaled < 0n
    const q = (abs(scaled) * 2n + this.den) / (2n * this.den)
    const whole = q / scale
    const frac = (q % scale).toString().padStart(decimals, '0')
    return `${negative && q !== 0n ? '-' : ''}${whole}${decimals > 0 ? `.${frac}` : ''}`
  }
}

function toBig(v: bigint | number): bigint {
  if (typeof v === 'bigint') return v
  if (!Number.isSafeInteger(v)) throw new RangeError(`Ratio needs integers, got ${v}`)
  return BigInt(v)
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}
