//! The timeline chart of a person with 1,000 statements: building it (dates, topics,
//! scale), drawing the SVG, and drawing the PNG (the SVG rasterised with resvg and encoded),
//! over three years (counted per month) and over one year (counted per week). The PNG's
//! size is printed once per case. Run: `cargo bench --bench chart`.

use criterion::{criterion_group, criterion_main, Criterion};
use whosaid::chart::{sample, Timeline};
use whosaid::qa::PersonFilter;

fn chart(c: &mut Criterion) {
    let mut group = c.benchmark_group("chart");
    group.sample_size(30);
    for (label, days) in [("1000 over 3 years", 3 * 365), ("1000 over 1 year", 365)] {
        let statements = sample("Mark Rutte", 1_000, days);
        let filter = PersonFilter::default();
        let timeline = Timeline::new(&statements, &filter);
        let png = timeline.png().expect("drawn");
        eprintln!(
            "{label}: {:?}, SVG {} bytes, PNG {} bytes",
            timeline.scale(),
            timeline.svg().len(),
            png.len()
        );
        group.bench_function(format!("new/{label}"), |b| {
            b.iter(|| Timeline::new(&statements, &filter))
        });
        group.bench_function(format!("svg/{label}"), |b| b.iter(|| timeline.svg()));
        group.bench_function(format!("png/{label}"), |b| {
            b.iter(|| timeline.png().expect("drawn"))
        });
    }
    group.finish();
}

criterion_group!(benches, chart);
criterion_main!(benches);
