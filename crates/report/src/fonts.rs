//! The fonts documents are set in, embedded in Cairn: Libertinus Serif (the text, in the weights and styles the
//! templates use) and DejaVu Sans Mono (code). Only these: typst-assets' full set adds the Computer Modern and
//! math fonts, 6.6 MB that no report, note or sample pack uses. Licences: `fonts/LICENSES.txt`.

/// Every embedded font file.
pub const ALL: [&[u8]; 10] = [
    include_bytes!("../fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../fonts/LibertinusSerif-BoldItalic.otf"),
    include_bytes!("../fonts/LibertinusSerif-Semibold.otf"),
    include_bytes!("../fonts/LibertinusSerif-SemiboldItalic.otf"),
    include_bytes!("../fonts/DejaVuSansMono.ttf"),
    include_bytes!("../fonts/DejaVuSansMono-Oblique.ttf"),
    include_bytes!("../fonts/DejaVuSansMono-Bold.ttf"),
    include_bytes!("../fonts/DejaVuSansMono-BoldOblique.ttf"),
];
