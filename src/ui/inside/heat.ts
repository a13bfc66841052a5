/**
 * The attention heat map's colour: one hue (the palette's blue, Okabe–Ito #0072B2) from white,
 * so the scale reads by lightness alone (safe for every colour-vision deficiency and in grey).
 * A square root spreads the many small probabilities apart; the exact numbers are in the table.
 */
const TO = [0x00, 0x72, 0xb2] as const;

export function heatColor(p: number): string {
  const t = Math.sqrt(Math.min(1, Math.max(0, p)));
  const hex = TO.map((c) => Math.round(255 + (c - 255) * t).toString(16).padStart(2, '0')).join('');
  return `#${hex}`;
}
