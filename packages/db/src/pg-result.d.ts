// pg's internal Result class, which prisma.config.ts patches (see there). @types/pg has no
// declaration for the deep import.
declare module 'pg/lib/result.js' {
  const Result: { prototype: object };
  export default Result;
}
