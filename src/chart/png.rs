//! The chart's SVG as PNG, with resvg and only the fonts shipped in the binary: the
//! picture is the same on every machine, and nothing is read from the system or the
//! network (the SVG is ours and references no file).

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use super::ChartError;

/// DejaVu Sans (regular and bold): wide coverage of Latin, Greek and Cyrillic names, and a
/// free licence (`fonts/LICENSE-DejaVu.txt`).
const REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");
/// The family name inside both font files; the SVG asks for it first.
pub const FAMILY: &str = "DejaVu Sans";

/// Parsing the fonts takes milliseconds: done once per process.
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_source(fontdb::Source::Binary(Arc::new(REGULAR)));
        db.load_font_source(fontdb::Source::Binary(Arc::new(BOLD)));
        // Any family the SVG names falls back to the shipped one, never a system font.
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        usvg::Options {
            font_family: FAMILY.to_string(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        }
    })
}

/// The SVG rasterised at its own size, encoded as PNG.
pub fn rasterise(svg: &str) -> Result<Vec<u8>, ChartError> {
    let tree = usvg::Tree::from_str(svg, options())
        .map_err(|e| ChartError::Render(format!("the SVG does not parse: {e}")))?;
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        ChartError::Render(format!("no {}×{} picture", size.width(), size.height()))
    })?;
    resvg::render(&tree, Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| ChartError::Render(format!("PNG encoding: {e}")))
}
