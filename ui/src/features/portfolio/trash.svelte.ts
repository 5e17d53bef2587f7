// The piece most recently removed, so the overview can offer to undo it after the editor closed.
import type { Piece } from "../../lib/bindings";

export const removedPiece: { piece: Piece | null } = $state({ piece: null });
