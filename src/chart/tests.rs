use super::*;
use crate::qa::PersonFilter;

fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).expect("the PNG decodes");
    (pixmap.width(), pixmap.height())
}

#[test]
fn one_definition_gives_an_svg_and_a_png_of_the_same_size() {
    let t = Timeline::new(&sample("Mark Rutte", 40, 400), &PersonFilter::default());
    let svg = t.svg();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"400\"")
    );
    assert!(svg.ends_with("</svg>"));
    let png = t.png().expect("drawn");
    assert_eq!(png_size(&png), (WIDTH, HEIGHT));
}

#[test]
fn the_title_has_the_name_and_span_and_the_legend_the_top_topics() {
    let t = Timeline::new(&sample("Mark Rutte", 40, 400), &PersonFilter::default());
    assert_eq!(t.title(), "Mark Rutte · 6 December 2024 – 31 December 2025");
    let svg = t.svg();
    assert!(svg.contains(">Mark Rutte · 6 December 2024 – 31 December 2025</text>"));
    assert_eq!(t.scale(), Scale::Marks);
    let topics = t.topics();
    assert!(
        topics.contains(&"Ukraine") && topics.contains(&"sanctions"),
        "{topics:?}"
    );
    assert!(!topics.iter().any(|w| w.contains("Rutte")), "{topics:?}");
    for topic in &topics {
        assert!(svg.contains(&format!(">{topic} (")), "legend entry {topic}");
    }
}

#[test]
fn many_statements_are_counted_per_month_and_described() {
    let t = Timeline::new(
        &sample("Mark Rutte", 1_000, 3 * 365),
        &PersonFilter::default(),
    );
    assert_eq!(t.scale(), Scale::Month);
    assert!(t.svg().contains("<rect"), "bars");
    let d = t.description();
    assert!(
        d.starts_with("Timeline of statements by Mark Rutte, "),
        "{d}"
    );
    assert!(d.contains("1000 statements, counted per month."), "{d}");
    assert!(d.contains("Topics: "), "{d}");
    assert!(d.contains("Busiest month: "), "{d}");
    assert!(
        d.chars().count() <= 1_024,
        "Discord's limit on a description: {d}"
    );
}

#[test]
fn corpus_text_is_escaped_and_control_characters_dropped() {
    let mut p = sample("<script>alert(1)</script> \"Bob\" & Co\u{0}", 5, 10);
    for st in &mut p.statements {
        st.content = "\"><img src=x onerror=alert(1)> tariffs <b>tariffs</b>".to_string();
    }
    let filter = PersonFilter {
        about: Some("<i>trade</i>".to_string()),
        ..PersonFilter::default()
    };
    let t = Timeline::new(&p, &filter);
    let svg = t.svg();
    for raw in ["<script", "<img", "<b>", "<i>", "\u{0}", "\"Bob\""] {
        assert!(!svg.contains(raw), "{raw:?} unescaped in {svg}");
    }
    assert!(svg.contains("&lt;script&gt;"));
    // It still parses as SVG and draws.
    assert_eq!(png_size(&t.png().expect("drawn")), (WIDTH, HEIGHT));
}

#[test]
fn nothing_to_draw_is_an_error_not_an_empty_picture() {
    let p = sample("Nobody Known", 0, 10);
    let filter = PersonFilter {
        about: Some("tariffs".to_string()),
        since: NaiveDate::from_ymd_opt(2025, 1, 1),
        until: None,
    };
    let t = Timeline::new(&p, &filter);
    assert!(t.is_empty());
    let err = t.png().expect_err("nothing to draw");
    assert_eq!(
        err.to_string(),
        "no dated statements by Nobody Known to draw about tariffs since 1 January 2025"
    );
    assert!(t.svg().contains("no dated statements by Nobody Known"));
}

#[test]
fn undated_statements_are_counted_not_drawn() {
    let mut p = sample("Ann Lee", 6, 30);
    p.statements[0].document.published = None;
    let t = Timeline::new(&p, &PersonFilter::default());
    assert!(t
        .description()
        .contains("1 statement without a date not shown."));
    assert!(t.svg().contains("1 undated not shown"));
}

#[test]
fn a_said_date_wins_over_the_publication_date() {
    let mut p = sample("Ann Lee", 1, 1);
    let said = NaiveDate::from_ymd_opt(2022, 2, 24).expect("date");
    p.statements[0].when = Some(crate::nlp::DateSpan::published(said));
    let t = Timeline::new(&p, &PersonFilter::default());
    assert_eq!(t.title(), "Ann Lee · 24 February 2022");
}

#[test]
fn the_card_is_opaque_for_light_and_dark_themes() {
    let t = Timeline::new(&sample("Ann Lee", 20, 60), &PersonFilter::default());
    let png = t.png().expect("drawn");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("decodes");
    // Inside the rounded corners every pixel is opaque: the theme never shows through.
    let inside = pixmap
        .pixels()
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let (x, y) = (*i as u32 % WIDTH, *i as u32 / WIDTH);
            (12..WIDTH - 12).contains(&x) && (12..HEIGHT - 12).contains(&y)
        })
        .all(|(_, p)| p.alpha() == 255);
    assert!(inside);
}

/// `WHOSAID_CHART_DIR=/tmp cargo test --lib chart::tests::write` leaves the pictures to look at.
#[test]
fn write_pictures_when_asked() {
    let Ok(dir) = std::env::var("WHOSAID_CHART_DIR") else {
        return;
    };
    for (n, days) in [(40, 400), (200, 30), (500, 365), (1_000, 3 * 365)] {
        let t = Timeline::new(&sample("Mark Rutte", n, days), &PersonFilter::default());
        let base = std::path::Path::new(&dir).join(format!("chart-{n}-{days}"));
        std::fs::write(base.with_extension("svg"), t.svg()).expect("write svg");
        std::fs::write(base.with_extension("png"), t.png().expect("png")).expect("write png");
    }
}
