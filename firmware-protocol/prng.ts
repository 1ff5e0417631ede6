// Seeded pseudo-random numbers for the simulated patient: mulberry32 uniforms and Box–Muller normals, allocation-free.

/**
 * Deterministic 32-bit PRNG (mulberry32). The same seed gives the same sequence on every platform.
 * Never use Math.random in the simulator: tests depend on reproducible signals.
 */
export class Prng {
  private state: number;
  private spare = 0;
  private hasSpare = false;

  /** @param seed any integer (default 1); only its low 32 bits are used. */
  constructor(seed = 1) {
    this.state = seed >>> 0;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal (mean 0, variance 1), Box–Muller with the second value kept for the next call. */
  nextGaussian(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.nextFloat();
    while (u <= 1e-300) u = this.nextFloat();
    const v = this.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u));
    const a = 2 * Math.PI * v;
    this.spare = r * Math.sin(a);
    this.hasSpare = true;
    return r * Math.cos(a);
  }
}
