const requireNonNegativeInteger = (name: string, value: number): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`)
  }
}

/**
 * Points earned for a purchase: floor(amountCents × pointsPerCurrencyUnit / 100). Rounding is
 * always down (a partial point is never granted). Computed with BigInt so that no float and
 * no intermediate overflow is involved. Throws RangeError on non-integer or negative input and
 * when the result exceeds Number.MAX_SAFE_INTEGER.
 */
export const pointsForAmount = (amountCents: number, pointsPerCurrencyUnit: number): number => {
  requireNonNegativeInteger('amountCents', amountCents)
  requireNonNegativeInteger('pointsPerCurrencyUnit', pointsPerCurrencyUnit)
  const points = (BigInt(amountCents) * BigInt(pointsPerCurrencyUnit)) / 100n
  if (points > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError('pointsForAmount result exceeds Number.MAX_SAFE_INTEGER')
  }
  return Number(points)
}
