// zmp-ui's Select shows its label but does not tie it to the field, so screen readers (and tests finding a field
// by its label) miss it: this adds the tie with a visually hidden <label for>.
import { type ComponentProps, useId } from 'react';
import { Select } from 'zmp-ui';
import './labelled-select.css';

type SelectProps = ComponentProps<typeof Select> & { label: string };

export function LabelledSelect({ label, id, ...rest }: SelectProps) {
  const fallbackId = useId();
  const fieldId = id ?? fallbackId;
  return (
    <>
      <label htmlFor={fieldId} className="visually-hidden">
        {label}
      </label>
      <Select id={fieldId} label={label} {...rest} />
    </>
  );
}
