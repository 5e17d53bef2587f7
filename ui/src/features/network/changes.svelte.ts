// Bumped whenever an organisation is added to the pipeline or moved, so the projects section, whose quotes are
// for those organisations, reads them again.
export const pipelineChanges = $state({ version: 0 });
