'use client';

/**
 * One text field and its button in a row (a search, a new item's name). The label is for screen
 * readers only, the placeholder says it to everyone else; the button waits for some text.
 */
export function SingleFieldForm({
  id,
  label,
  placeholder,
  value,
  maxLength,
  onChange,
  submitLabel,
  submitClassName = 'button',
  onSubmit,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  maxLength: number;
  onChange: (value: string) => void;
  submitLabel: string;
  submitClassName?: string;
  onSubmit: () => unknown;
}) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
      className="mb-3 flex gap-2"
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        className="input"
        placeholder={placeholder}
        value={value}
        maxLength={maxLength}
        onChange={(event) => onChange(event.target.value)}
      />
      <button type="submit" className={submitClassName} disabled={value.trim() === ''}>
        {submitLabel}
      </button>
    </form>
  );
}
