// How activities read, in the order the pickers offer them.
import type { Activity } from "../../lib/bindings";

export const activities: { id: Activity; label: string }[] = [
  { id: "reading", label: "Reading" },
  { id: "podcast_webinar", label: "Podcast or webinar" },
  { id: "course", label: "Course" },
  { id: "writing_practice", label: "Writing practice" },
  { id: "networking", label: "Networking" },
  { id: "other", label: "Other" },
];

export function activityLabel(id: Activity): string {
  return activities.find((a) => a.id === id)?.label ?? id;
}
