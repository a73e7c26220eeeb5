// Small numeric helpers shared by the auto-routing models. Pure: randomness comes from an explicit seed.

import type { SparseFeatures } from "@/lib/router/auto/features";

/** mulberry32: a tiny seeded PRNG, good enough for shuffling training data reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates on a copy */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function dot(w: Float32Array, f: SparseFeatures): number {
  let s = 0;
  const { indices, values } = f;
  for (let i = 0; i < indices.length; i++) s += w[indices[i]!]! * values[i]!;
  return s;
}

/** Rounds to 6 significant digits: keeps serialized models small without moving predictions measurably. */
export function round6(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(6));
}

/** Dense weights -> the nonzero entries, for JSON. */
export function toSparse(w: Float32Array): [number[], number[]] {
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < w.length; i++) {
    if (w[i] !== 0) {
      idx.push(i);
      val.push(round6(w[i]!));
    }
  }
  return [idx, val];
}

export function fromSparse(dim: number, [idx, val]: readonly [readonly number[], readonly number[]]): Float32Array {
  const w = new Float32Array(dim);
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i]!;
    if (!Number.isInteger(j) || j < 0 || j >= dim) throw new RangeError(`weight index ${j} out of range [0, ${dim})`);
    w[j] = val[i] ?? 0;
  }
  return w;
}
