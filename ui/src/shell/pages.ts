// The pages' code. The dashboard comes with the app's first script; every other page is its own chunk, loaded
// once the first screen shows its data (`preloadPages`), or when it is opened if that comes first, so the first
// screen parses only what it shows and a later click does not wait for a chunk.
import type { Component } from "svelte";
import type { PageId } from "../lib/router.svelte";
import DashboardPage from "../features/dashboard/DashboardPage.svelte";
import { probe } from "../lib/marks";

export type PageModule = { default: Component };

/** A page that shows nothing: the first page under the start-up probe's `frame` step, which measures the app's
 * frame without a page in it. */
const emptyPage: Component = () => ({});

export const pageModules: Record<PageId, () => Promise<PageModule>> = {
  dashboard: async () => ({ default: probe === "frame" ? emptyPage : DashboardPage }),
  milestones: () => import("../features/milestones/MilestonesPage.svelte"),
  notes: () => import("../features/notes/NotesPage.svelte"),
  competencies: () => import("../features/competencies/CompetenciesPage.svelte"),
  study: () => import("../features/study/StudyPage.svelte"),
  portfolio: () => import("../features/portfolio/PortfolioPage.svelte"),
  network: () => import("../features/network/NetworkPage.svelte"),
  reports: () => import("../features/reports/ReportsPage.svelte"),
  settings: () => import("../features/settings/SettingsPage.svelte"),
};

/** Loads every page's code (a page whose chunk fails to load says so when it is opened). */
export async function preloadPages(): Promise<void> {
  await Promise.allSettled(Object.values(pageModules).map((load) => load()));
}
