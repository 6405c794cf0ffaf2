/**
 * Pro-rata scaling of a round's claims to its budget (rules.md §8). Pure, in fen (integers) so the
 * arithmetic is exact: when the claims exceed the budget every amount is scaled by budget ÷ total,
 * rounded DOWN to the yuan (100 fen), so the granted total never exceeds the budget. Otherwise the
 * claims are granted as requested.
 */
export interface ProRataResult {
  /** Granted amounts in fen, in the order of the claims. */
  granted: bigint[];
  totalRequested: bigint;
  totalGranted: bigint;
  scaled: boolean;
  /** budget ÷ total as a decimal string (6 places, rounded down) when scaled; '1' otherwise. */
  factor: string;
}

const YUAN = 100n;

export function proRata(budgetFen: bigint, requestedFen: readonly bigint[]): ProRataResult {
  if (budgetFen < 0n) throw new RangeError('budget must not be negative');
  for (const r of requestedFen) if (r < 0n) throw new RangeError('claims must not be negative');
  const total = requestedFen.reduce((a, b) => a + b, 0n);
  if (total <= budgetFen) return { granted: [...requestedFen], totalRequested: total, totalGranted: total, scaled: false, factor: '1' };
  // amount × budget ÷ total, floored to whole yuan: floor(amount × budget ÷ (total × 100)) × 100.
  const granted = requestedFen.map((r) => ((r * budgetFen) / (total * YUAN)) * YUAN);
  return { granted, totalRequested: total, totalGranted: granted.reduce((a, b) => a + b, 0n), scaled: true, factor: ratio(budgetFen, total, 6) };
}

/** a ÷ b as a decimal string with `places` digits, rounded down (a < b here, both ≥ 0). */
export function ratio(a: bigint, b: bigint, places: number): string {
  const scale = 10n ** BigInt(places);
  const q = (a * scale) / b;
  const int = q / scale;
  const frac = (q % scale).toString().padStart(places, '0');
  return `${int}.${frac}`;
}

/** Yuan (a number with at most 2 decimals) to fen, exactly. */
export function toFen(yuan: number): bigint {
  return BigInt(Math.round(yuan * 100));
}
