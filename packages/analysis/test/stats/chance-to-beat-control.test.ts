import betaln from '@stdlib/math-base-special-betaln';
import { describe, expect, it } from 'vitest';
import { chanceToBeatControl } from '../../src/stats/chance-to-beat-control.js';

/** P(X > Y) by numerical integration of f_X(x) F_Y(x) on a fine grid (independent check). */
function integrated(aX: number, bX: number, aY: number, bY: number): number {
  const steps = 100_000;
  const h = 1 / steps;
  const density = (a: number, b: number, x: number) =>
    x <= 0 || x >= 1 ? 0 : Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - betaln(a, b));
  let cdfY = 0;
  let previousY = density(aY, bY, 0);
  let total = 0;
  let previousIntegrand = 0;
  for (let i = 1; i <= steps; i++) {
    const x = i * h;
    const fy = density(aY, bY, x);
    cdfY += ((previousY + fy) / 2) * h;
    previousY = fy;
    const integrand = density(aX, bX, x) * cdfY;
    total += ((previousIntegrand + integrand) / 2) * h;
    previousIntegrand = integrand;
  }
  return total;
}

describe('chance to beat control from Beta(1, 1) posteriors, exact', () => {
  it('closed forms: Beta(2,1) vs Beta(1,2) = 5/6; Beta(3,1) vs Beta(2,2) = 4/5', () => {
    // control 0/1 -> Beta(1, 2); test 1/1 -> Beta(2, 1)
    expect(chanceToBeatControl(0, 1, 1, 1)).toBeCloseTo(5 / 6, 12);
    expect(chanceToBeatControl(1, 1, 0, 1)).toBeCloseTo(1 / 6, 12);
    // control 1/2 -> Beta(2, 2); test 2/2 -> Beta(3, 1): integral of 3x^2 (3x^2 - 2x^3) dx = 9/5 - 1 = 0.8
    expect(chanceToBeatControl(1, 2, 2, 2)).toBeCloseTo(0.8, 12);
  });

  it.each([
    [10, 100, 15, 100],
    [40, 1000, 55, 1000],
    [3, 20, 1, 25],
  ])('matches numerical integration to 1e-6: control %i/%i vs test %i/%i', (xc, nc, xt, nt) => {
    const exact = chanceToBeatControl(xc, nc, xt, nt);
    const numeric = integrated(xt + 1, nt - xt + 1, xc + 1, nc - xc + 1);
    expect(Math.abs(exact - numeric)).toBeLessThan(1e-6);
  });

  it('is symmetric: P(T > C) + P(C > T) = 1, and 0.5 for identical data', () => {
    expect(chanceToBeatControl(40, 1000, 55, 1000) + chanceToBeatControl(55, 1000, 40, 1000)).toBeCloseTo(1, 12);
    expect(chanceToBeatControl(123, 1000, 123, 1000)).toBeCloseTo(0.5, 12);
  });

  it('handles large counts without underflow, close to the normal approximation', () => {
    const p = chanceToBeatControl(50_000, 1_000_000, 50_600, 1_000_000);
    const pc = 0.05;
    const pt = 0.0506;
    const z = (pt - pc) / Math.sqrt((pc * (1 - pc)) / 1e6 + (pt * (1 - pt)) / 1e6);
    expect(p).toBeGreaterThan(0.97);
    expect(Math.abs(p - 0.5 * (1 + erf(z / Math.SQRT2)))).toBeLessThan(2e-3);
  });
});

function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26 is too coarse; integrate exp(-t^2) numerically instead.
  const steps = 20000;
  let s = 0;
  for (let i = 0; i < steps; i++) {
    const t = ((i + 0.5) / steps) * x;
    s += Math.exp(-t * t);
  }
  return ((2 / Math.sqrt(Math.PI)) * s * x) / steps;
}
