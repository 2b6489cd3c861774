/** A claim's values as strings: a list claim (Keycloak/Entra `groups`) or a single value. */
export function claimValuesOf(claims: Record<string, unknown>, name: string): string[] {
  const claim = claims[name];
  const values = Array.isArray(claim) ? (claim as unknown[]) : [claim];
  return values.filter((value): value is string => typeof value === 'string');
}
