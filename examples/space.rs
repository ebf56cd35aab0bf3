//! Where an index's bytes are: per component, per field, and stored bytes per field and
//! record kind (uncompressed). `cargo run --release --example space -- DATA_DIR/index`
use std::collections::BTreeMap;

use tantivy::schema::{OwnedValue, Value};
use tantivy::{Index, TantivyDocument};

fn mb(b: u64) -> f64 {
    b as f64 / 1e6
}

fn main() -> tantivy::Result<()> {
    let dir = std::env::args().nth(1).expect("index dir");
    let skip_store = std::env::args().any(|a| a == "--no-store");
    let index = Index::open_in_dir(&dir)?;
    let schema = index.schema();
    let searcher = index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    let mut comp: BTreeMap<&str, u64> = BTreeMap::new();
    let mut per_field: BTreeMap<(String, &str), u64> = BTreeMap::new();
    for seg in usage.segments() {
        *comp.entry("termdict").or_default() += seg.termdict().total().get_bytes();
        *comp.entry("postings").or_default() += seg.postings().total().get_bytes();
        *comp.entry("positions").or_default() += seg.positions().total().get_bytes();
        *comp.entry("fast").or_default() += seg.fast_fields().total().get_bytes();
        *comp.entry("fieldnorms").or_default() += seg.fieldnorms().total().get_bytes();
        *comp.entry("store_data").or_default() += seg.store().data_usage().get_bytes();
        *comp.entry("store_offsets").or_default() += seg.store().offsets_usage().get_bytes();
        *comp.entry("deletes").or_default() += seg.deletes().get_bytes();
        for (name, pf) in [
            ("termdict", seg.termdict()),
            ("postings", seg.postings()),
            ("fast", seg.fast_fields()),
            ("fieldnorms", seg.fieldnorms()),
        ] {
            for fu in pf.fields() {
                *per_field
                    .entry((fu.field_name().to_string(), name))
                    .or_default() += fu.total().get_bytes();
            }
        }
    }
    let total: u64 = usage.total().get_bytes();
    println!(
        "segments {} docs {}",
        usage.segments().len(),
        searcher.num_docs()
    );
    println!("space_usage total {:.2} MB", mb(total));
    for (k, v) in &comp {
        println!(
            "  {k:14} {:9.2} MB {:5.1}%",
            mb(*v),
            100.0 * *v as f64 / total as f64
        );
    }
    let mut fields: Vec<_> = per_field.into_iter().collect();
    fields.sort_by_key(|(_, v)| std::cmp::Reverse(*v));
    println!("per field (index side)");
    for ((f, c), v) in fields {
        if v > 10_000 {
            println!("  {f:14} {c:10} {:9.2} MB", mb(v));
        }
    }
    if skip_store {
        return Ok(());
    }
    // Stored bytes, uncompressed, per (record kind, field).
    let record = schema.get_field("record")?;
    let mut stored: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    for seg in searcher.segment_readers() {
        let store = seg.get_store_reader(64)?;
        let alive = seg.alive_bitset();
        for doc in store.iter::<TantivyDocument>(alive) {
            let doc = doc?;
            let kind = doc
                .get_first(record)
                .and_then(|v| v.as_str())
                .unwrap_or("?")
                .to_string();
            *kinds.entry(kind.clone()).or_default() += 1;
            for (field, value) in doc.field_values() {
                let name = schema.get_field_name(field).to_string();
                let v: OwnedValue = value.into();
                let n = match &v {
                    OwnedValue::Str(s) => s.len() as u64 + 2,
                    _ => 9,
                };
                let e = stored.entry((kind.clone(), name)).or_default();
                e.0 += n;
                e.1 += 1;
            }
        }
    }
    println!("records per kind {kinds:?}");
    let sum: u64 = stored.values().map(|v| v.0).sum();
    println!("stored uncompressed {:.2} MB", mb(sum));
    let mut s: Vec<_> = stored.into_iter().collect();
    s.sort_by_key(|(_, v)| std::cmp::Reverse(v.0));
    for ((k, f), (b, n)) in s {
        println!(
            "  {k:5} {f:14} {:9.2} MB {:5.1}% values {n}",
            mb(b),
            100.0 * b as f64 / sum as f64
        );
    }
    Ok(())
}
