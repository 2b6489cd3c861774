import type { InputHTMLAttributes, ReactNode } from 'react';

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  /** On the field's wrapper (spacing, grid placement). */
  className?: string;
  labelClassName?: string;
  /** Shown under the control: a hint, the field's error. */
  after?: ReactNode;
}

/** A control (`children`, whose id is `id`) under its visible label, which names it. */
export function LabelledField({
  id,
  label,
  className,
  labelClassName = 'label',
  after,
  children,
}: FieldFrameProps & { children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClassName}>
        {label}
      </label>
      {children}
      {after}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'children'>;

/** A text input with its visible label (which names it for assistive technology). */
export function LabelledInput({
  label,
  className,
  labelClassName,
  after,
  inputClassName = 'input',
  ...inputProps
}: FieldFrameProps & InputProps & { inputClassName?: string }) {
  return (
    <LabelledField
      id={inputProps.id}
      label={label}
      className={className}
      labelClassName={labelClassName}
      after={after}
    >
      <input className={inputClassName} {...inputProps} />
    </LabelledField>
  );
}
