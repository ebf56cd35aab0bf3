//! Byte offsets (ours) to character offsets (the `extract` contract's, as Python indexes
//! strings), computed once per text so converting many spans stays linear.

/// Maps byte offsets of one text to char offsets.
pub struct CharOffsets {
    /// `starts[i]` is the byte offset of char `i`; one extra entry for the end of text.
    /// `None` for ASCII text (most articles), where bytes are chars.
    starts: Option<Vec<usize>>,
    len: usize,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let starts = (!text.is_ascii()).then(|| {
            let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            starts.push(text.len());
            starts
        });
        CharOffsets {
            starts,
            len: text.len(),
        }
    }

    /// The char offset of a byte offset. A byte offset inside a multi-byte char maps to that
    /// char; one past the end maps to the char count.
    pub fn char_of(&self, byte: usize) -> usize {
        let Some(starts) = &self.starts else {
            return byte.min(self.len);
        };
        match starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_chars_not_bytes() {
        let text = "Russia’s invasion";
        let map = CharOffsets::new(text);
        let byte = text.find("invasion").unwrap();
        assert_eq!(map.char_of(byte), 9);
        assert_eq!(map.char_of(text.len()), text.chars().count());
    }

    #[test]
    fn ascii_bytes_are_chars() {
        let text = "Rubio said";
        let map = CharOffsets::new(text);
        assert_eq!(map.char_of(6), 6);
        assert_eq!(map.char_of(text.len()), text.len());
        assert_eq!(map.char_of(text.len() + 3), text.len());
    }
}
