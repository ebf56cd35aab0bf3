//! Simulates the doc store with fields dropped: rewrites every segment's stored records,
//! in order, through tantivy's own StoreWriter (lz4, 4 KiB blocks), once per variant.
//! `storesim INDEX_DIR VARIANT...` where a variant is `name=kind.field,kind.field` (kind
//! is doc, sent, stmt, ent or * ; inferred from the fields a record stores).
use tantivy::directory::{Directory, RamDirectory};
use tantivy::store::{Compressor, StoreWriter};
use tantivy::HasLen;
use tantivy::{Index, TantivyDocument};

fn kind(doc: &TantivyDocument, schema: &tantivy::schema::Schema) -> &'static str {
    for (f, k) in [
        ("title", "doc"),
        ("text", "sent"),
        ("content", "stmt"),
        ("name", "ent"),
    ] {
        if doc.get_first(schema.get_field(f).unwrap()).is_some() {
            return k;
        }
    }
    "?"
}

fn main() -> tantivy::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let index = Index::open_in_dir(&args[1])?;
    let schema = index.schema();
    let block: usize = std::env::var("BLOCK")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(4096);
    let variants: Vec<(String, Vec<(String, String)>)> = args[2..]
        .iter()
        .map(|v| {
            let (name, drops) = v.split_once('=').unwrap_or((v, ""));
            let drops = drops
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|d| {
                    let (k, f) = d.split_once('.').unwrap();
                    (k.to_string(), f.to_string())
                })
                .collect();
            (name.to_string(), drops)
        })
        .collect();
    let dir = RamDirectory::create();
    let searcher = index.reader()?.searcher();
    let mut totals = vec![0u64; variants.len()];
    for (si, seg) in searcher.segment_readers().iter().enumerate() {
        let mut writers: Vec<StoreWriter> = variants
            .iter()
            .enumerate()
            .map(|(vi, _)| {
                let w = dir.open_write(format!("{si}-{vi}").as_ref()).unwrap();
                StoreWriter::new(w, Compressor::Lz4, block, false).unwrap()
            })
            .collect();
        let store = seg.get_store_reader(64)?;
        for doc in store.iter::<TantivyDocument>(seg.alive_bitset()) {
            let doc = doc?;
            let k = kind(&doc, &schema);
            for (vi, (_, drops)) in variants.iter().enumerate() {
                let mut out = TantivyDocument::default();
                for (field, value) in doc.field_values() {
                    let name = schema.get_field_name(field);
                    if drops
                        .iter()
                        .any(|(dk, df)| (dk == "*" || dk == k) && df == name)
                    {
                        continue;
                    }
                    let v: tantivy::schema::OwnedValue = value.into();
                    out.add_field_value(field, &v);
                }
                writers[vi].store(&out, &schema)?;
            }
        }
        for (vi, w) in writers.into_iter().enumerate() {
            w.close()?;
            let n = dir.open_read(format!("{si}-{vi}").as_ref())?.len() as u64;
            totals[vi] += n;
            dir.delete(format!("{si}-{vi}").as_ref()).unwrap();
        }
    }
    let base = totals[0] as f64;
    for ((name, _), t) in variants.iter().zip(&totals) {
        println!(
            "{name:30} {:9.2} MB  {:+8.2} MB",
            *t as f64 / 1e6,
            (*t as f64 - base) / 1e6
        );
    }
    Ok(())
}
