//! The Python semantics the scorer ports depend on: `\w` and `\s` as Python 3's `re` defines
//! them, truthiness and `str()`/`repr()` of JSON values, float `repr`, and reading JSON Lines
//! the way a text-mode Python file iterates (universal newlines, `line.strip()`).
//! Calls nothing else in the crate.

use std::path::Path;
use std::sync::LazyLock;

use anyhow::{Context, Result};
use regex::Regex;
use serde_json::Value;

/// Python's `\w` on `str`: `str.isalnum()` or `_`, which is exactly the Unicode general
/// categories L* and N* plus `_` (checked over every code point against CPython's `re`).
/// The `regex` crate's own `\w` differs (it adds marks and connector punctuation and drops
/// `No`, e.g. "₂"), so the class is spelled out.
pub const WORD_CLASS: &str = r"\p{L}\p{N}_";
/// Python's `\s` on `str`: Unicode White_Space plus the separators U+001C..U+001F.
pub const SPACE_CLASS: &str = r"\s\x1c-\x1f";

/// `\w+`
pub static WORD: LazyLock<Regex> = LazyLock::new(|| compile(&format!("[{WORD_CLASS}]+")));
/// `\w+|[^\w\s]`
pub static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!("[{WORD_CLASS}]+|[^{WORD_CLASS}{SPACE_CLASS}]")));
static IS_WORD: LazyLock<Regex> = LazyLock::new(|| compile(&format!("^[{WORD_CLASS}]$")));
static IS_SPACE: LazyLock<Regex> = LazyLock::new(|| compile(&format!("^[{SPACE_CLASS}]$")));
/// The characters `str.isprintable()` rejects (besides the ASCII space, which it accepts).
static UNPRINTABLE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$"));

fn compile(pattern: &str) -> Regex {
    // The patterns are constants of this file; a failure is a bug caught by every test.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

fn char_matches(re: &Regex, c: char) -> bool {
    let mut buf = [0u8; 4];
    re.is_match(c.encode_utf8(&mut buf))
}

/// Python's `c.isalnum() or c == "_"`, i.e. `re.match(r"\w", c)`.
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && char_matches(&IS_WORD, c))
}

/// Python's `c.isspace()`, i.e. `re.match(r"\s", c)`.
pub fn is_space_char(c: char) -> bool {
    char_matches(&IS_SPACE, c)
}

/// Python's `s.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space_char)
}

/// Python's `bool(value)` for a value `json.loads` returned.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// The items of `for item in (value or [])`: a list's elements, a dict's keys, a string's
/// characters; `None` when Python would raise "not iterable" (a true bool or non-zero number).
pub fn iter_or_empty(v: &Value) -> Option<Vec<Value>> {
    if !truthy(v) {
        return Some(Vec::new());
    }
    match v {
        Value::Array(a) => Some(a.clone()),
        Value::Object(o) => Some(o.keys().map(|k| Value::String(k.clone())).collect()),
        Value::String(s) => Some(s.chars().map(|c| Value::String(c.to_string())).collect()),
        _ => None,
    }
}

/// Python's `int(value)` for a JSON value: ints, floats (truncated), bools, numeric strings.
pub fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i)
            } else if n.as_u64().is_some() {
                Some(i64::MAX)
            } else {
                let x = n.as_f64()?;
                // Python's int() truncates toward zero; the cast saturates far out of range,
                // which any bounds check then rejects as Python would.
                x.is_finite().then_some(x.trunc() as i64)
            }
        }
        Value::String(s) => {
            let t = strip(s).replace('_', "");
            t.parse::<i64>().ok().filter(|_| !strip(s).starts_with('_'))
        }
        _ => None,
    }
}

/// Python's `repr(x)` for a float: the shortest round-trip digits, in positional notation
/// when the decimal exponent is in -4..16, else scientific with a two-digit exponent.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    // `{:e}` gives the shortest round-trip digits: "-1.2345e-7", "5e-1", "0e0".
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if !(-4..16).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.abs());
    }
    let point = exp + 1; // digits before the decimal point
    let body = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else {
        let point = point as usize;
        if digits.len() <= point {
            format!("{digits}{}.0", "0".repeat(point - digits.len()))
        } else {
            format!("{}.{}", &digits[..point], &digits[point..])
        }
    };
    format!("{sign}{body}")
}

/// Python's `repr(s)` for a `str`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_ascii() => out.push(c),
            c if !char_matches(&UNPRINTABLE, c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// Python's `str(value)` for a value `json.loads` returned.
pub fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => repr_of(other),
    }
}

/// Python's `repr(value)` for a value `json.loads` returned.
pub fn repr_of(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(x)) => float_repr(x),
            _ => n.to_string(),
        },
        Value::String(s) => str_repr(s),
        Value::Array(a) => format!("[{}]", a.iter().map(repr_of).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("{}: {}", str_repr(k), repr_of(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Python's `list(map(repr, items))` joined as a list literal, e.g. `['a', 'b']`.
pub fn list_repr(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| str_repr(s)).collect();
    format!("[{}]", inner.join(", "))
}

/// One non-blank line of a JSON Lines file, parsed.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based, counted as Python's text-mode iteration counts lines.
    pub line: usize,
    /// The line's text without its line end.
    pub raw: String,
    pub value: Value,
}

/// The lines of a file as `open(path, encoding="utf-8")` iterates them: `\n`, `\r\n` and a
/// lone `\r` all end a line. Each item is (1-based line number, text without the line end).
pub fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((out.len() + 1, &text[start..i]));
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push((out.len() + 1, &text[start..i]));
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        out.push((out.len() + 1, &text[start..]));
    }
    out
}

/// Every non-blank line of a JSON Lines file, parsed; an error names the file and line.
pub fn read_jsonl(path: &Path) -> Result<Vec<Row>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        anyhow::anyhow!("{}:{line}: not UTF-8 ({})", path.display(), e.utf8_error())
    })?;
    let mut rows = Vec::new();
    for (n, line) in lines(&text) {
        if strip(line).is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{n}: not JSON", path.display()))?;
        rows.push(Row {
            line: n,
            raw: line.to_string(),
            value,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn word_class_is_pythons_not_the_regex_crates() {
        // U+0301 (a combining mark) is not \w in Python; "₂" (No) and "Ⅻ" (Nl) are.
        assert!(!is_word_char('\u{301}'));
        assert!(is_word_char('₂') && is_word_char('Ⅻ') && is_word_char('é'));
        assert!(!is_word_char('‿'));
        let words: Vec<&str> = WORD
            .find_iter("Zoe\u{301} CO₂ a_b")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(words, ["Zoe", "CO₂", "a_b"]);
        let toks: Vec<&str> = TOKEN
            .find_iter("“Hi,”\u{1c}x")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(toks, ["“", "Hi", ",", "”", "x"]);
    }

    #[test]
    fn float_repr_matches_python() {
        for (x, want) in [
            (0.5, "0.5"),
            (1.0, "1.0"),
            (0.0, "0.0"),
            (-2.5, "-2.5"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e300, "1.5e+300"),
            (1.0 / 3.0, "0.3333333333333333"),
            (123.456, "123.456"),
        ] {
            assert_eq!(float_repr(x), want);
        }
    }

    #[test]
    fn str_and_repr_match_python() {
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'\"b"), "'a\\'\"b'");
        assert_eq!(str_repr("tab\there é\u{a0}"), "'tab\\there é\\xa0'");
        assert_eq!(str_of(&json!(7)), "7");
        assert_eq!(str_of(&json!(7.0)), "7.0");
        assert_eq!(str_of(&json!(null)), "None");
        assert_eq!(str_of(&json!([1, "a", true])), "[1, 'a', True]");
        assert_eq!(list_repr(&["x'y".into(), "z".into()]), "[\"x'y\", 'z']");
    }

    #[test]
    fn lines_are_universal_newlines() {
        let got: Vec<(usize, &str)> = lines("a\r\nb\rc\n\nd");
        assert_eq!(got, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
    }

    #[test]
    fn int_and_truthiness_follow_python() {
        assert_eq!(int(&json!(3)), Some(3));
        assert_eq!(int(&json!(3.9)), Some(3));
        assert_eq!(int(&json!(" 12 ")), Some(12));
        assert_eq!(int(&json!("1.5")), None);
        assert_eq!(int(&json!(null)), None);
        assert!(!truthy(&json!({})) && !truthy(&json!(0)) && truthy(&json!("x")));
    }
}
