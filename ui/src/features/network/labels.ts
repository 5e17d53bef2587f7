// How organisation kinds and channels read, in the order the pickers offer them.
import type { InteractionChannel, OrganisationKind } from "../../lib/bindings";

export const organisationKinds: { id: OrganisationKind; label: string }[] = [
  { id: "accredited_provider", label: "Accredited provider" },
  { id: "medical_education_company", label: "Medical education company" },
  { id: "agency", label: "Agency" },
  { id: "association", label: "Association" },
  { id: "peer", label: "Peer" },
  { id: "mentor", label: "Mentor" },
  { id: "other", label: "Other" },
];

export const channels: { id: InteractionChannel; label: string }[] = [
  { id: "linkedin", label: "LinkedIn" },
  { id: "email", label: "Email" },
  { id: "call", label: "Call" },
  { id: "event", label: "Event" },
  { id: "meeting", label: "Meeting" },
];

export function kindLabel(id: OrganisationKind): string {
  return organisationKinds.find((k) => k.id === id)?.label ?? id;
}

export function channelLabel(id: InteractionChannel): string {
  return channels.find((c) => c.id === id)?.label ?? id;
}
