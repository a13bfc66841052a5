/** The predicted class and a bar per class: one rendering for the prediction form and the text playground. */
export function ClassProbabilities({ classes }: { classes: { label: string; probability: number }[] }) {
  const top = classes.reduce<(typeof classes)[number] | undefined>((best, c) => (!best || c.probability > best.probability ? c : best), undefined);
  return (
    <>
      <p>
        Predicted class: <strong data-testid="predicted-class">{top?.label}</strong>
      </p>
      <ul className="probabilities">
        {classes.map((c) => (
          <li key={c.label}>
            <span className="prob-label">{c.label}</span>
            <span className="prob-bar" style={{ width: `${Math.round(c.probability * 100)}%` }} />
            <span data-testid={`probability-${c.label}`}>{(c.probability * 100).toFixed(2)}%</span>
          </li>
        ))}
      </ul>
    </>
  );
}
