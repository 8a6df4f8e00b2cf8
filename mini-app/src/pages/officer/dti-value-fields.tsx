// The value input of a DTI indicator, by its type: Có/Không (or one Có/Không per part), a number, a percentage,
// Tử số and Mẫu số, a text or a date. Text as typed is kept (DtiFormInput); buildValue checks it.
import { useId } from 'react';
import { Input } from 'zmp-ui';
import type { DtiValueType } from '../../api/types';
import type { DtiFormInput } from '../../lib/dti-values';
import { formatNumber } from '../../lib/format';
import { valueHint } from './dti-wording';

function YesNo({
  name,
  legend,
  value,
  onChange,
  disabled,
  error,
}: {
  name: string;
  legend: string;
  value: boolean | undefined;
  onChange: (v: boolean) => void;
  disabled: boolean;
  error?: string;
}) {
  const errorId = `${name}-error`;
  return (
    <fieldset className="choice-group" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="choice-row">
        {[
          { v: true, label: 'Có' },
          { v: false, label: 'Không' },
        ].map((o) => (
          <label key={o.label} className="choice">
            <input type="radio" name={name} checked={value === o.v} onChange={() => onChange(o.v)} disabled={disabled} />
            {o.label}
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="error-text small" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

const RATIO_FIELDS = [
  { key: 'numerator', label: 'Tử số' },
  { key: 'denominator', label: 'Mẫu số' },
] as const;

/** Errors are keyed like buildValue's: value, numerator, denominator. */
export function DtiValueFields({
  type,
  parts,
  unitOfMeasure,
  input,
  errors,
  onChange,
  disabled = false,
}: {
  type: DtiValueType;
  parts?: { key: string; label: string }[] | null;
  unitOfMeasure: string | null;
  input: DtiFormInput;
  errors: Record<string, string>;
  onChange: (patch: Partial<DtiFormInput>) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const err = (k: string) => (errors[k] ? { errorText: errors[k], status: 'error' as const } : {});
  const hint = valueHint(type, unitOfMeasure);

  switch (type) {
    case 'boolean':
      if (parts?.length) {
        return (
          <fieldset className="choice-group">
            <legend>Giá trị (trả lời từng mục)</legend>
            {parts.map((p) => (
              <div key={p.key} className="part-item">
                <YesNo
                  name={`${id}-${p.key}`}
                  legend={p.label}
                  value={input.parts[p.key]}
                  onChange={(v) => onChange({ parts: { ...input.parts, [p.key]: v } })}
                  disabled={disabled}
                />
              </div>
            ))}
            {errors.value && (
              <p className="error-text small" role="alert">
                {errors.value}
              </p>
            )}
          </fieldset>
        );
      }
      return (
        <YesNo
          name={`${id}-value`}
          legend="Giá trị"
          value={input.value === 'true' ? true : input.value === 'false' ? false : undefined}
          onChange={(v) => onChange({ value: String(v) })}
          disabled={disabled}
          error={errors.value}
        />
      );
    case 'count':
    case 'amount':
    case 'percentage':
      return (
        <Input
          label="Giá trị"
          aria-label="Giá trị"
          inputMode={type === 'percentage' ? 'decimal' : 'numeric'}
          autoComplete="off"
          value={input.value}
          onChange={(e) => onChange({ value: e.target.value })}
          helperText={errors.value ? undefined : hint}
          suffix={type === 'percentage' ? <span aria-hidden="true">%</span> : undefined}
          disabled={disabled}
          {...err('value')}
        />
      );
    case 'ratio': {
      const n = Number(input.numerator);
      const d = Number(input.denominator);
      const preview = input.numerator.trim() && input.denominator.trim() && d > 0 && n >= 0 && n <= d ? `Tỷ lệ: ${formatNumber((n / d) * 100, 1)}%` : undefined;
      return (
        <div className="form-grid">
          <div className="two-col">
            {RATIO_FIELDS.map(({ key, label }) => (
              <Input
                key={key}
                label={label}
                aria-label={label}
                inputMode="numeric"
                autoComplete="off"
                value={input[key]}
                onChange={(e) => onChange({ [key]: e.target.value })}
                disabled={disabled}
                {...err(key)}
              />
            ))}
          </div>
          {(preview || hint) && <p className="muted small">{[preview, hint].filter(Boolean).join(' · ')}</p>}
        </div>
      );
    }
    case 'text':
      return (
        <Input.TextArea
          label="Giá trị"
          aria-label="Giá trị"
          value={input.value}
          onChange={(e) => onChange({ value: e.target.value })}
          rows={4}
          disabled={disabled}
          {...err('value')}
        />
      );
    case 'date':
      return (
        <div className="field">
          <label htmlFor={`${id}-date`}>Giá trị</label>
          <input
            id={`${id}-date`}
            className="native-input"
            type="date"
            value={input.value}
            onChange={(e) => onChange({ value: e.target.value })}
            disabled={disabled}
            aria-invalid={errors.value ? true : undefined}
            aria-describedby={errors.value ? `${id}-date-error` : undefined}
          />
          {errors.value && (
            <p id={`${id}-date-error`} className="error-text small" role="alert">
              {errors.value}
            </p>
          )}
        </div>
      );
    default:
      return <p className="error-text">Loại chỉ số chưa được hỗ trợ.</p>;
  }
}
