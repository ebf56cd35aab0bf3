//! Byte offsets (ours) to character offsets (the `extract` contract's, as Python indexes
//! strings), computed once per text so converting many spans stays linear.

/// Maps byte offsets of one text to char offsets.
pub struct CharOffsets {
    /// `starts[i]` is the byte offset of char `i`; one extra entry for the end of text.
    starts: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        CharOffsets { starts }
    }

    /// The char offset of a byte offset. A byte offset inside a multi-byte char maps to that
    /// char; one past the end maps to the char count.
    pub fn char_of(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
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
}
