/** A failure shown where it happened (under a form or in a list), announced to screen readers. */
export function InlineError({
  message,
  className = '',
}: {
  message: string | null | undefined;
  className?: string;
}) {
  if (!message) return null;
  return (
    <p role="alert" className={`text-sm text-danger ${className}`}>
      {message}
    </p>
  );
}
