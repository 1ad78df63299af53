/** An interval [low, high] as fractions (0.05 = 5%), or null when undefined (e.g. no control units). */
export type Interval = [number, number] | null;

export interface ConversionVariant {
  variant: string;
  units: number;
  conversions: number;
  rate: number | null;
  rateCI: Interval;
  /** Lift fields appear on non-control variants only. */
  absoluteLift?: number | null;
  absoluteLiftCI?: Interval;
  relativeLift?: number | null;
  relativeLiftCI?: Interval;
  /** Two-sided, pooled two-proportion z-test. */
  pValue?: number | null;
  /** After the Holm / BH adjustment across every comparison of the run. */
  adjustedPValue?: number | null;
  chanceToBeatControl?: number | null;
}

export interface ContinuousVariant {
  variant: string;
  units: number;
  mean: number | null;
  meanCI: Interval;
  unitsWithoutValue: number;
  nonNumericValues: number;
  absoluteLift?: number | null;
  absoluteLiftCI?: Interval;
  relativeLift?: number | null;
  relativeLiftCI?: Interval;
  /** Two-sided Welch t-test. */
  pValue?: number | null;
  adjustedPValue?: number | null;
}

export interface RatioVariant {
  variant: string;
  units: number;
  numerator: number;
  denominator: number;
  ratio: number | null;
  ratioCI: Interval;
  absoluteLift?: number | null;
  absoluteLiftCI?: Interval;
  relativeLift?: number | null;
  relativeLiftCI?: Interval;
  /** Two-sided, normal approximation with delta-method variances. */
  pValue?: number | null;
  adjustedPValue?: number | null;
}

export interface ExcludedCounts {
  /** Units whose exposures named more than one variant: left out of every result. */
  multiVariantUnits: number;
  /** $feature_flag_called events for the flag without the unit property. */
  exposuresWithoutUnit: number;
  /** ... without $feature_flag_response. */
  exposuresWithoutVariant: number;
  /** Units in variants that have no configured weight (analysed, left out of the SRM test). */
  unitsInUnweightedVariants: number;
}

export interface SrmResult {
  chi2: number;
  pValue: number;
  df: number;
  expected: Record<string, number>;
}

interface ResultBase {
  flag: string;
  metric: string;
  kind: 'conversion' | 'continuous' | 'ratio';
  control: string;
  unit: string;
  windowSeconds: number;
  confidence: number;
  correction: 'holm' | 'bh' | 'none';
  exposedUnits: number;
  srm: SrmResult | null;
  excluded: ExcludedCounts;
  quarantined: Record<string, number>;
  warnings: string[];
}

export interface ConversionResult extends ResultBase {
  kind: 'conversion';
  variants: ConversionVariant[];
}
export interface ContinuousResult extends ResultBase {
  kind: 'continuous';
  aggregate: 'sum' | 'mean';
  property: string;
  variants: ContinuousVariant[];
}
export interface RatioResult extends ResultBase {
  kind: 'ratio';
  variants: RatioVariant[];
}

export type MetricResult = ConversionResult | ContinuousResult | RatioResult;
