import type { ReactNode } from 'react';
import { LanguageSelect } from '../theme/language-select';

export function AuthCard({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-surface px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <rect width="32" height="32" rx="8" className="fill-accent" />
            <path
              d="M9 10l7 13 7-13"
              fill="none"
              className="stroke-accent-fg"
              strokeWidth="3"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          Vivier
        </div>
        <section
          className="rounded-2xl border border-border bg-raised p-6 shadow-sm"
          aria-labelledby="auth-title"
        >
          <h1 id="auth-title" className="mb-5 text-xl font-semibold">
            {title}
          </h1>
          {children}
        </section>
        {footer ? <div className="mt-4 text-center text-sm text-muted">{footer}</div> : null}
        {/* Chosen before signing in: the same cookie the account page and the sidebar set. */}
        <div className="mt-6 flex justify-center">
          <LanguageSelect />
        </div>
      </div>
    </main>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      className="mb-4 rounded-lg border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger"
    >
      {message}
    </p>
  );
}

export function Field({
  label,
  name,
  type = 'text',
  autoComplete,
  required = true,
  minLength,
  maxLength,
  hint,
}: {
  label: string;
  name: string;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  hint?: string;
}) {
  const hintId = hint ? `${name}-hint` : undefined;
  return (
    <div className="mb-4">
      <label htmlFor={name} className="label">
        {label}
      </label>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        minLength={minLength}
        maxLength={maxLength}
        aria-describedby={hintId}
        className="input"
      />
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
