// The note most recently moved to the trash, so the notes list can offer to undo it after the editor closed.
import type { Note } from "../../lib/bindings";

export const trashUndo: { note: Note | null } = $state({ note: null });
