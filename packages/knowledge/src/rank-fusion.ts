/** The k of reciprocal rank fusion; 60 is the value of the original paper (Cormack et al., 2009). */
export const RRF_K = 60;

/** One ranking to fuse, best first; `weight` scales its votes (1 by default). */
export interface Ranking {
  ids: readonly string[];
  weight?: number;
}

/**
 * Reciprocal rank fusion: each ranking adds weight/(k + rank) to the ids it holds, so an id ranked
 * well by both full text and vectors rises above one only either likes, without comparing their
 * scores.
 */
export function fuseRankings(rankings: readonly Ranking[], k = RRF_K): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  for (const { ids, weight = 1 } of rankings) {
    ids.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + index + 1)));
  }
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** Cosine similarity; vectors of different lengths (another embedding model) are unrelated: 0. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    dot += a[index]! * b[index]!;
    normA += a[index]! * a[index]!;
    normB += b[index]! * b[index]!;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
