/** "Thought for 4 s", "Thought for 2 min 5 s": how long a model thought before answering. */
export function thoughtDuration(ms: number): { minutes: number; seconds: number } {
  const total = Math.max(1, Math.round(ms / 1000));
  return { minutes: Math.floor(total / 60), seconds: total % 60 };
}
