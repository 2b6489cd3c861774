/**
 * Who may use a provider configured by env (OPENAI_API_KEY, …), which has no ProviderConfig row to
 * carry access lists: an EnvProviderAccess row per kind, written by admin-service and read here like
 * the rows. The lists mean what a row's do (model-access.ts).
 */
export interface EnvProviderAccessRow {
  kind: string;
  accessGroupIds: string[];
  /** model id → group ids (JSON as stored). */
  modelGroupIds: unknown;
}

export interface EnvAccess {
  accessGroupIds: string[];
  modelGroupIds: Record<string, string[]>;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A row's lists; a malformed model entry is skipped (admin-service validates what it writes). */
export function envAccessOf(row: EnvProviderAccessRow): EnvAccess {
  const raw =
    typeof row.modelGroupIds === 'string' ? (JSON.parse(row.modelGroupIds) as unknown) : row.modelGroupIds;
  const modelGroupIds: Record<string, string[]> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [modelId, groupIds] of Object.entries(raw)) {
      if (isStringList(groupIds)) modelGroupIds[modelId] = groupIds;
    }
  }
  return { accessGroupIds: isStringList(row.accessGroupIds) ? row.accessGroupIds : [], modelGroupIds };
}
