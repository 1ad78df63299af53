/**
 * A confidence level as the percentage it is, for labels: 0.95 -> "95%", 0.975 -> "97.5%",
 * 0.9995 -> "99.95%". Never rounded to a whole percent (0.999 is not a "100%" interval), and
 * without the float noise of `* 100` (0.95 * 100 is 95.00000000000001).
 */
export function confidenceLabel(level: number): string {
  return `${Number((level * 100).toPrecision(12))}%`;
}
