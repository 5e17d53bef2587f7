// The piece most recently removed, so the overview can offer to undo it after the editor closed.
import type { Piece } from "../../lib/bindings";
import { LastRemoved } from "../../lib/actions.svelte";

export const removedPiece = new LastRemoved<Piece>();
