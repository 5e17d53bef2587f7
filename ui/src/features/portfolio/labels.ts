// How deliverable types and statuses read, in the order the pickers offer them.
import type { Deliverable, PieceStatus } from "../../lib/bindings";

export const deliverables: { id: Deliverable; label: string }[] = [
  { id: "needs_assessment", label: "Needs assessment / gap analysis" },
  { id: "grant_proposal", label: "Grant proposal" },
  { id: "learning_objectives", label: "Learning objectives" },
  { id: "slide_deck", label: "Slide deck" },
  { id: "patient_case", label: "Patient case" },
  { id: "assessment_questions", label: "Assessment or outcomes questions" },
  { id: "outcomes_report", label: "Outcomes report" },
  { id: "script", label: "Podcast or video script" },
  { id: "enduring_material", label: "Enduring material" },
  { id: "other", label: "Other" },
];

export const statuses: { id: PieceStatus; label: string }[] = [
  { id: "idea", label: "Idea" },
  { id: "drafting", label: "Drafting" },
  { id: "in_review", label: "In review" },
  { id: "done", label: "Done" },
  { id: "published", label: "Published" },
];

export function deliverableLabel(id: Deliverable): string {
  return deliverables.find((d) => d.id === id)?.label ?? id;
}

export function statusLabel(id: PieceStatus): string {
  return statuses.find((s) => s.id === id)?.label ?? id;
}
