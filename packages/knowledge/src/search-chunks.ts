import { Prisma, type ChatDb } from '@vivier/db';
import { cosineSimilarity, fuseRankings } from './rank-fusion';
import { indexedVectorType, VECTOR_COLUMN, type VectorSearchMode } from './vector-mode';

/** Candidates each ranking contributes to the fusion. */
const CANDIDATES_PER_RANKING = 50;
/**
 * Without pgvector the vectors are scored here, over the full-text candidates plus the newest
 * chunks of the bases, up to this many: a small team's bases fit whole (a question worded unlike
 * the text it needs is still found), and a huge base costs bounded work per question.
 */
export const VECTOR_SCAN_LIMIT = 4_000;
const FULL_TEXT_WEIGHT = 0.8;
/** Vector candidates must reach this share of the best similarity. */
const RELATIVE_SIMILARITY_CUTOFF = 0.5;

export interface ChunkHit {
  chunkId: string;
  knowledgeBaseId: string;
  fileId: string;
  fileName: string;
  heading: string | null;
  content: string;
  score: number;
}

export type SearchDb = Pick<ChatDb, 'knowledgeChunk' | 'file' | '$queryRaw' | '$transaction'>;

/** Chunks matching any of the question's words (OR, not the AND of plainto_tsquery), best first. */
async function fullTextRanking(db: SearchDb, baseIds: string[], query: string): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>(Prisma.sql`
    WITH q AS (SELECT replace(plainto_tsquery('english', ${query})::text, '&', '|')::tsquery AS "query")
    SELECT c."id"
    FROM "KnowledgeChunk" c, q
    WHERE c."knowledgeBaseId" = ANY(${baseIds}::text[]) AND c."search" @@ q."query"
    ORDER BY ts_rank_cd(c."search", q."query") DESC, c."id"
    LIMIT ${CANDIDATES_PER_RANKING}`);
  return rows.map((row) => row.id);
}

async function vectorRanking(
  db: SearchDb,
  baseIds: string[],
  queryVector: number[],
  fullTextIds: string[],
): Promise<string[]> {
  const newest = await db.knowledgeChunk.findMany({
    where: { knowledgeBaseId: { in: baseIds } },
    select: { id: true, embedding: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: VECTOR_SCAN_LIMIT,
  });
  const seen = new Set(newest.map((row) => row.id));
  const missing = fullTextIds.filter((id) => !seen.has(id));
  const extra = missing.length
    ? await db.knowledgeChunk.findMany({
        where: { id: { in: missing } },
        select: { id: true, embedding: true },
      })
    : [];
  return bestBySimilarity(
    [...newest, ...extra].map((row) => ({
      id: row.id,
      similarity: cosineSimilarity(queryVector, row.embedding),
    })),
  );
}

/**
 * The same ranking done by PostgreSQL with pgvector: the nearest passages of the same embedding
 * size by cosine distance, through that size's HNSW index (iterative scan, so the filter on the
 * bases does not starve it), over the whole bases rather than the newest ones.
 */
async function pgvectorRanking(db: SearchDb, baseIds: string[], queryVector: number[]): Promise<string[]> {
  const dims = queryVector.length;
  if (dims === 0 || !queryVector.every(Number.isFinite)) return [];
  // Cast as the index is built (vector(n) or halfvec(n)) so the planner can use it.
  const type = Prisma.raw(indexedVectorType(dims) ?? 'vector');
  const column = Prisma.raw(`"${VECTOR_COLUMN}"`);
  const literal = `[${queryVector.join(',')}]`;
  // One batch transaction (no interactive one holding a connection): the settings are local to it.
  const [, rows] = await db.$transaction([
    db.$queryRaw`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true)`,
    db.$queryRaw<Array<{ id: string; similarity: number }>>(Prisma.sql`
      SELECT c."id", 1 - (c.${column}::${type} <=> ${literal}::${type}) AS "similarity"
      FROM "KnowledgeChunk" c
      WHERE c."knowledgeBaseId" = ANY(${baseIds}::text[]) AND vector_dims(c.${column}) = ${Prisma.raw(String(dims))}
      ORDER BY c.${column}::${type} <=> ${literal}::${type}
      LIMIT ${CANDIDATES_PER_RANKING}`),
  ]);
  return bestBySimilarity(rows.map((row) => ({ id: row.id, similarity: Number(row.similarity) })));
}

function bestBySimilarity(rows: Array<{ id: string; similarity: number }>): string[] {
  const scored = rows.sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id));
  // A passage far less similar than the best one is noise, not a candidate: in a small base it
  // would otherwise still lend its rank to a full-text match on a stray common word.
  const cutoff = (scored[0]?.similarity ?? 0) * RELATIVE_SIMILARITY_CUTOFF;
  return scored
    .filter((row) => row.similarity > 0 && row.similarity >= cutoff)
    .slice(0, CANDIDATES_PER_RANKING)
    .map((row) => row.id);
}

/**
 * Hybrid retrieval: the full-text ranking (tsvector, GIN index) and the vector ranking (cosine,
 * by pgvector or over `real[]` in the service) fused by reciprocal rank. Without a query vector (no embedding model) it is the
 * full-text ranking alone. The caller has already decided which bases may be read.
 */
export async function searchChunks(
  db: SearchDb,
  input: {
    baseIds: string[];
    query: string;
    queryVector: number[] | null;
    limit: number;
    /** Where the vectors are scored (readVectorMode); the fallback by default. */
    vectors?: VectorSearchMode;
  },
): Promise<ChunkHit[]> {
  if (input.baseIds.length === 0 || input.query.trim() === '') return [];
  const fullText = await fullTextRanking(db, input.baseIds, input.query);
  const vectors = !input.queryVector
    ? []
    : input.vectors === 'pgvector'
      ? await pgvectorRanking(db, input.baseIds, input.queryVector)
      : await vectorRanking(db, input.baseIds, input.queryVector, fullText);
  // Full text is an OR over the question's words, so one common word can rank a passage; it
  // votes a little less than the vector ranking, which breaks ties between the two in its favour.
  const fused = fuseRankings([{ ids: fullText, weight: FULL_TEXT_WEIGHT }, { ids: vectors }]).slice(
    0,
    input.limit,
  );
  if (fused.length === 0) return [];
  const rows = await db.knowledgeChunk.findMany({
    where: { id: { in: fused.map((entry) => entry.id) } },
    select: { id: true, knowledgeBaseId: true, fileId: true, heading: true, content: true },
  });
  const files = await db.file.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.fileId))] } },
    select: { id: true, name: true },
  });
  const names = new Map(files.map((file) => [file.id, file.name]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return fused.flatMap(({ id, score }) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        chunkId: row.id,
        knowledgeBaseId: row.knowledgeBaseId,
        fileId: row.fileId,
        fileName: names.get(row.fileId) ?? 'file',
        heading: row.heading,
        content: row.content,
        score,
      },
    ];
  });
}
