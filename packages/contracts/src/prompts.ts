import { z } from 'zod';
import { text } from './common';

/** Prompts one user may keep. */
export const PROMPTS_MAX_PER_USER = 200;
export const PROMPT_CONTENT_MAX_LENGTH = 20_000;

/**
 * What follows `/` in the composer: lowercase letters, digits, `-` and `_`, starting with a
 * letter or digit, unique per user.
 */
export const PromptCommand = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1–40 of a-z, 0-9, "-", "_", starting with a letter or digit');

/** A reusable text; `{{name}}` placeholders are asked for when it is inserted. */
export const Prompt = z.object({
  id: z.string(),
  title: z.string(),
  command: z.string(),
  content: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Prompt = z.infer<typeof Prompt>;

export const PromptList = z.object({ items: z.array(Prompt) });
export type PromptList = z.infer<typeof PromptList>;

export const CreatePromptRequest = z.object({
  title: text(200).refine((value) => value.trim().length > 0, 'must not be blank'),
  command: PromptCommand,
  content: text(PROMPT_CONTENT_MAX_LENGTH).refine((value) => value.length > 0, 'must not be empty'),
});
export type CreatePromptRequest = z.infer<typeof CreatePromptRequest>;

export const UpdatePromptRequest = CreatePromptRequest.partial();
export type UpdatePromptRequest = z.infer<typeof UpdatePromptRequest>;
