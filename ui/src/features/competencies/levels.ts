// The rubric's five levels (Dreyfus stages), as the pathway names them.
export const levelNames = ["Novice", "Advanced beginner", "Competent", "Proficient", "Expert"] as const;

/** "3 · Competent", or "–" for no rating. */
export function levelText(level: number | null | undefined): string {
  return level ? `${level} · ${levelNames[level - 1]}` : "–";
}
