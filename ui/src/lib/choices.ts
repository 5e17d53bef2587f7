// The pickers' choices and how each value reads: declared once in Rust (`cairn_core::choices!`) and carried
// here by the generated bindings, so the window, the reports and the database agree on every name and label.
import {
  ACTIVITIES,
  BACKGROUNDS,
  CHANNELS,
  DELIVERABLES,
  ORGANISATION_KINDS,
  OUTREACH_SOURCES,
  PIPELINE_STAGES,
  PIECE_STATUSES,
  PROJECT_STATUSES,
  RELATIONSHIP_NATURES,
  WEEK_STARTS,
  type Activity,
  type Background,
  type Deliverable,
  type InteractionChannel,
  type OrganisationKind,
  type OutreachSource,
  type PipelineStage,
  type PieceStatus,
  type ProjectStatus,
  type RelationshipNature,
  type WeekStart,
} from "./bindings";

export type Choice<T> = { readonly id: T; readonly label: string };

function labelIn<T>(choices: readonly Choice<T>[], id: T): string {
  return choices.find((choice) => choice.id === id)?.label ?? String(id);
}

export const activities: readonly Choice<Activity>[] = ACTIVITIES;
export const weekStarts: readonly Choice<WeekStart>[] = WEEK_STARTS;
export const backgrounds: readonly Choice<Background>[] = BACKGROUNDS;
export const deliverables: readonly Choice<Deliverable>[] = DELIVERABLES;
export const statuses: readonly Choice<PieceStatus>[] = PIECE_STATUSES;
export const organisationKinds: readonly Choice<OrganisationKind>[] = ORGANISATION_KINDS;
export const channels: readonly Choice<InteractionChannel>[] = CHANNELS;
export const pipelineStages: readonly Choice<PipelineStage>[] = PIPELINE_STAGES;
export const outreachSources: readonly Choice<OutreachSource>[] = OUTREACH_SOURCES;
export const projectStatuses: readonly Choice<ProjectStatus>[] = PROJECT_STATUSES;
export const relationshipNatures: readonly Choice<RelationshipNature>[] = RELATIONSHIP_NATURES;
/** The kinds an organisation in the pipeline can be (peers and mentors are people, not employers). */
export const employerKinds = organisationKinds.filter((k) => k.id !== "peer" && k.id !== "mentor");

export const activityLabel = (id: Activity) => labelIn(activities, id);
export const weekStartLabel = (id: WeekStart) => labelIn(weekStarts, id);
export const deliverableLabel = (id: Deliverable) => labelIn(deliverables, id);
export const statusLabel = (id: PieceStatus) => labelIn(statuses, id);
export const kindLabel = (id: OrganisationKind) => labelIn(organisationKinds, id);
export const channelLabel = (id: InteractionChannel) => labelIn(channels, id);
export const stageLabel = (id: PipelineStage) => labelIn(pipelineStages, id);
export const sourceLabel = (id: OutreachSource) => labelIn(outreachSources, id);
export const projectStatusLabel = (id: ProjectStatus) => labelIn(projectStatuses, id);
export const natureLabel = (id: RelationshipNature) => labelIn(relationshipNatures, id);
