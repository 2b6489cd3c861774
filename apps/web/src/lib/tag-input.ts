/** Tags as typed: comma separated; the server normalises them (case, spaces, a leading #). */
export const parseTagInput = (value: string) =>
  value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
