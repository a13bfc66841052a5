import { useEffect, useState } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  onChange: (v: number) => void;
  min?: number;
  max?: number;
  step?: number | 'any';
  disabled?: boolean;
  integer?: boolean;
}

/** A labelled number input that commits valid values only (a half-typed "0." is kept on screen, not in the store). */
export function NumberField({ label, value, onChange, min, max, step = 'any', disabled, integer }: NumberFieldProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  return (
    <label className="lm-field">
      <span>{label}</span>
      <input
        type="number"
        value={text}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() === '' || !Number.isFinite(v)) return;
          if ((min !== undefined && v < min) || (max !== undefined && v > max) || (integer && !Number.isInteger(v))) return;
          onChange(v);
        }}
      />
    </label>
  );
}

export const fmtDuration = (seconds: number): string =>
  seconds < 90 ? `${Math.round(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;

export const fmtCompact = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} M` : n >= 1e5 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e4 ? `${Math.round(n / 1e3)} K` : Math.round(n).toLocaleString('en-US');
