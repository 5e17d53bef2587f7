//! The pathway pack reader over generated damage to the built-in pack (lines dropped, repeated or replaced,
//! text inserted): it answers with the pack or with problems, never a panic, and a pack it accepts validates.

use proptest::prelude::*;

const BUILT_IN: &str = include_str!("../packs/cme-writer.toml");

/// Damaged fragments kept in the repository (`tests/corpus/`): each alone, each appended to the built-in pack,
/// and all of them together, on every run.
#[test]
fn every_committed_damaged_fragment_is_read_or_refused() {
    let fragments = include_str!("corpus/damaged-pack-fragments.toml");
    for fragment in fragments.lines().chain([fragments]) {
        for text in [fragment.to_owned(), format!("{BUILT_IN}\n{fragment}")] {
            if let Ok(pack) = cairn_pathway::pack::load(&text) {
                let _problems = cairn_pathway::pack::validate(&pack);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_pack_is_read_or_refused_never_a_panic(
        line in any::<prop::sample::Index>(),
        how in 0..4usize,
        inserted in "\\PC{0,30}",
    ) {
        let mut lines: Vec<String> = BUILT_IN.lines().map(str::to_owned).collect();
        let at = line.index(lines.len());
        match how {
            0 => { lines.remove(at); }
            1 => { let copy = lines[at].clone(); lines.insert(at, copy); }
            2 => lines[at] = inserted,
            _ => {
                // Halfway along the line, on a character boundary.
                let middle = lines[at].char_indices().nth(lines[at].chars().count() / 2).map_or(lines[at].len(), |(i, _)| i);
                lines[at].insert_str(middle, &inserted);
            }
        }
        let text = lines.join("\n");
        if let Ok(pack) = cairn_pathway::pack::load(&text) {
            let _problems = cairn_pathway::pack::validate(&pack);
        }
    }
}
