import { ChatSettings } from '@vivier/contracts';

/**
 * A chat's stored settings (JSON). chat-service validated them on the way in; a row that no
 * longer parses (an older shape) falls back to the provider defaults instead of failing the answer.
 */
export function parseChatSettings(stored: unknown): ChatSettings {
  const parsed = ChatSettings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}
