//! A record's small numbers (its kind, an entity's kind, where a statement's content is in
//! its sentence, the dates it speaks of), packed into one stored value.
//!
//! Why one stored value: a record is read back from its doc store block, which a question
//! touches anyway; a fast column per number was a further page per record read, scattered
//! over the whole index (at 1M articles, 100 MB more of it resident in a serving process),
//! and each number stored as a value of its own costs a dozen bytes (field, type, 8-byte
//! value). Packed, a statement's numbers take about eight bytes.
//!
//! The encoding: a byte of flags saying which numbers follow, then each as an unsigned
//! LEB128 varint, the dates as zigzag day numbers from 1970-01-01 (the end as its distance
//! from the start). Calls nothing else in the crate.

use chrono::NaiveDate;

/// The numbers a record may have; `None` where it has none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Numbers {
    pub kind: Option<u64>,
    pub entity_kind: Option<u64>,
    pub content_span: Option<u64>,
    /// The first and last day a statement or sentence speaks of.
    pub when: Option<(NaiveDate, NaiveDate)>,
}

const KIND: u8 = 1;
const ENTITY_KIND: u8 = 2;
const CONTENT_SPAN: u8 = 4;
const WHEN: u8 = 8;

impl Numbers {
    pub fn is_empty(&self) -> bool {
        *self == Numbers::default()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut flags = 0;
        let mut body = Vec::with_capacity(12);
        for (bit, value) in [
            (KIND, self.kind),
            (ENTITY_KIND, self.entity_kind),
            (CONTENT_SPAN, self.content_span),
        ] {
            if let Some(v) = value {
                flags |= bit;
                put_varint(&mut body, v);
            }
        }
        if let Some((start, end)) = self.when {
            flags |= WHEN;
            let start_day = day_number(start);
            put_varint(&mut body, zigzag(start_day));
            put_varint(&mut body, zigzag(day_number(end) - start_day));
        }
        let mut out = Vec::with_capacity(1 + body.len());
        out.push(flags);
        out.extend(body);
        out
    }

    /// The numbers in `bytes`; `None` for bytes this encoding did not write.
    pub fn decode(bytes: &[u8]) -> Option<Numbers> {
        let (&flags, mut rest) = bytes.split_first()?;
        let mut next = |present: bool| -> Option<Option<u64>> {
            if !present {
                return Some(None);
            }
            let (v, after) = take_varint(rest)?;
            rest = after;
            Some(Some(v))
        };
        let kind = next(flags & KIND != 0)?;
        let entity_kind = next(flags & ENTITY_KIND != 0)?;
        let content_span = next(flags & CONTENT_SPAN != 0)?;
        let when = match (next(flags & WHEN != 0)?, next(flags & WHEN != 0)?) {
            (Some(start), Some(length)) => {
                let start = unzigzag(start);
                Some((
                    from_day_number(start)?,
                    from_day_number(start + unzigzag(length))?,
                ))
            }
            _ => None,
        };
        Some(Numbers {
            kind,
            entity_kind,
            content_span,
            when,
        })
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn take_varint(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut v = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        v |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((v, &bytes[i + 1..]));
        }
    }
    None
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 is a date"),
};

fn day_number(d: NaiveDate) -> i64 {
    (d - EPOCH).num_days()
}

fn from_day_number(n: i64) -> Option<NaiveDate> {
    EPOCH.checked_add_signed(chrono::Duration::try_days(n)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn numbers_read_back_as_written() {
        let cases = [
            Numbers::default(),
            Numbers {
                kind: Some(0),
                content_span: Some(17 << 16 | 240),
                when: Some((day(2016, 4, 22), day(2016, 4, 22))),
                ..Numbers::default()
            },
            Numbers {
                entity_kind: Some(3),
                ..Numbers::default()
            },
            Numbers {
                kind: Some(1),
                entity_kind: Some(u64::MAX),
                content_span: Some(0),
                // Before 1970, and a span whose end comes first (written as found).
                when: Some((day(1899, 12, 31), day(1899, 1, 1))),
            },
        ];
        for n in cases {
            assert_eq!(Numbers::decode(&n.encode()), Some(n), "{n:?}");
        }
    }

    #[test]
    fn a_statement_s_numbers_take_a_few_bytes() {
        let n = Numbers {
            kind: Some(1),
            content_span: Some(40 << 16 | 120),
            when: Some((day(2026, 12, 6), day(2026, 12, 6))),
            ..Numbers::default()
        };
        assert!(n.encode().len() <= 10, "{:?}", n.encode());
    }

    #[test]
    fn bytes_cut_short_or_empty_are_refused() {
        let whole = Numbers {
            kind: Some(300),
            when: Some((day(2016, 1, 1), day(2016, 1, 31))),
            ..Numbers::default()
        }
        .encode();
        assert_eq!(Numbers::decode(&[]), None);
        for cut in 1..whole.len() {
            assert_eq!(Numbers::decode(&whole[..cut]), None, "cut at {cut}");
        }
    }
}
