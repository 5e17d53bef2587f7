// The note most recently moved to the trash, so the notes list can offer to undo it after the editor closed.
import type { Note } from "../../lib/bindings";
import { LastRemoved } from "../../lib/actions.svelte";

export const trashUndo = new LastRemoved<Note>();
