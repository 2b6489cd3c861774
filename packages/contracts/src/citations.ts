import { z } from 'zod';

/** Where a cited passage comes from: a knowledge-base file (`fileId`) or a web page (`url`). */
export const CitationSource = z.object({
  fileId: z.string().optional(),
  url: z.string().optional(),
  title: z.string(),
  excerpt: z.string(),
});
export type CitationSource = z.infer<typeof CitationSource>;

/** Source `[index]` of an answer, numbered from 1 as the model was told to cite it. */
export const CitationEntry = z.object({ index: z.number().int().min(1), source: CitationSource });
export type CitationEntry = z.infer<typeof CitationEntry>;
