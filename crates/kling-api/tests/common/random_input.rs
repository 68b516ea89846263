//! Random and mutated input for the parsers' property tests (issue 12, item 6), shared by
//! kling-api's and studio's: byte edits (flip, cut, insert, overwrite with huge or zero lengths,
//! repeat), JSON edits (a field replaced by another type, a huge number, a very long string, deep
//! nesting, a wide array; a field removed; an unknown one added), and the run bound: each call
//! runs on its own thread with a deadline, and its peak heap on that thread is measured.
//!
//! Included by path from studio's tests, so it depends on nothing of kling-api.

#![allow(dead_code)]

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use serde_json::Value;
use std::time::{Duration, Instant};

/// A parser that has not answered by then is taken as hung: far above what any case needs.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// 256 cases unless PROPTEST_CASES says otherwise. No regression files: a failure found is kept
/// as a plain test beside the property instead.
pub fn config() -> Config {
    Config { failure_persistence: None, ..Config::default() }
}

/// What one call cost.
#[derive(Clone, Copy, Debug)]
pub struct Cost {
    /// The most heap held at once by the call's thread (the call runs on a fresh one).
    pub peak_bytes: u64,
    pub elapsed: Duration,
}

/// Runs `call` on its own thread, measuring its peak heap; fails when it does not return within
/// [`DEADLINE`] and passes a panic on as a panic (proptest then shrinks the input).
pub fn bounded<T: Send + 'static>(what: &str, call: impl FnOnce() -> T + Send + 'static) -> (T, Cost) {
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(format!("random input: {what}"))
        .spawn(move || {
            let started = Instant::now();
            let mut out = None;
            let info = allocation_counter::measure(|| out = Some(call()));
            let _ = tx.send((out, Cost { peak_bytes: info.bytes_max, elapsed: started.elapsed() }));
        })
        .expect("a thread for the call");
    match rx.recv_timeout(DEADLINE) {
        Ok((Some(out), cost)) => {
            let _ = worker.join();
            (out, cost)
        }
        Ok((None, _)) => unreachable!("measure ran the call"),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends before it ends"),
        },
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("{what} did not return within {DEADLINE:?}"),
    }
}

/// Fails unless the call's peak heap stayed within `per_byte` times the input plus `fixed`.
pub fn assert_heap_within(what: &str, cost: Cost, input_len: usize, per_byte: u64, fixed: u64) {
    let limit = per_byte * input_len as u64 + fixed;
    assert!(cost.peak_bytes <= limit, "{what}: held {} bytes at once for {input_len} bytes of input (limit {limit})", cost.peak_bytes);
}

pub const MIB: u64 = 1024 * 1024;

/// One change to a byte string.
#[derive(Clone, Debug)]
pub enum Edit {
    Flip(Index, u8),
    Truncate(Index),
    Insert(Index, Vec<u8>),
    /// Overwrites from there (the usual target: a length or a dimension field).
    Overwrite(Index, Vec<u8>),
    Remove(Index, usize),
    /// Repeats a span many times (a chunk, a segment, a box).
    Repeat(Index, usize, usize),
}

/// Bytes that make a length or size field say something extreme.
fn field_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 1..8),
        Just(vec![0xFF; 4]),
        Just(vec![0x7F, 0xFF, 0xFF, 0xFF]),
        Just(vec![0xFF; 8]),
        Just(vec![0; 4]),
        Just(vec![0, 0, 0, 1]),
        Just(b"\"".to_vec()),
        Just(b"{[".to_vec()),
    ]
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(at, bit)| Edit::Flip(at, bit)),
        any::<Index>().prop_map(Edit::Truncate),
        (any::<Index>(), field_bytes()).prop_map(|(at, bytes)| Edit::Insert(at, bytes)),
        (any::<Index>(), field_bytes()).prop_map(|(at, bytes)| Edit::Overwrite(at, bytes)),
        (any::<Index>(), 1usize..64).prop_map(|(at, n)| Edit::Remove(at, n)),
        (any::<Index>(), 1usize..64, 2usize..200).prop_map(|(at, n, times)| Edit::Repeat(at, n, times)),
    ]
}

pub fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..6)
}

pub fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len) };
        match edit {
            Edit::Flip(i, bit) if !bytes.is_empty() => {
                let at = at(i, bytes.len());
                bytes[at] ^= 1 << bit;
            }
            Edit::Flip(..) => {}
            Edit::Truncate(i) => bytes.truncate(at(i, bytes.len())),
            Edit::Insert(i, new) => {
                let at = at(i, bytes.len() + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Edit::Overwrite(i, new) => {
                let at = at(i, bytes.len());
                for (k, b) in new.iter().enumerate() {
                    match bytes.get_mut(at + k) {
                        Some(slot) => *slot = *b,
                        None => bytes.push(*b),
                    }
                }
            }
            Edit::Remove(i, n) => {
                let at = at(i, bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Repeat(i, n, times) => {
                let at = at(i, bytes.len());
                let end = (at + n).min(bytes.len());
                let span = bytes[at..end].to_vec();
                let copies: Vec<u8> = span.iter().copied().cycle().take(span.len() * times).collect();
                bytes.splice(end..end, copies);
            }
        }
    }
    bytes
}

/// `[[[…1…]]]`, `depth` arrays deep.
pub fn nested(depth: usize) -> Value {
    (0..depth).fold(Value::from(1), |inner, _| Value::Array(vec![inner]))
}

/// A JSON value of the wrong type or an extreme size for whatever field it replaces.
pub fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop_oneof![Just(u64::MAX), Just(u64::MAX - 1), Just(1u64 << 53), Just(i64::MAX as u64 + 1)].prop_map(Value::from),
        prop_oneof![Just(i64::MIN), Just(-1i64), Just(0)].prop_map(Value::from),
        any::<f64>().prop_filter_map("JSON numbers are finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        prop_oneof![Just(1e308), Just(-1e308), Just(f64::MIN_POSITIVE), Just(0.5), Just(-0.0)].prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
        (1usize..300_000).prop_map(|n| Value::from("x".repeat(n))),
        (1usize..300).prop_map(nested),
        (0usize..5_000).prop_map(|n| Value::Array(vec![Value::from(0); n])),
        Just(serde_json::json!({})),
        Just(serde_json::json!([])),
        Just(serde_json::json!("https://cdn.example/x.png?sig=SIGNATURE-0123456789")),
        Just(serde_json::json!("../../../etc/passwd")),
        Just(serde_json::json!("/etc/passwd")),
    ]
}

/// One change to a JSON document.
#[derive(Clone, Debug)]
pub enum JsonEdit {
    /// The node at that position (in document order) becomes the value.
    Replace(Index, Value),
    /// The node at that position leaves its object or array.
    Remove(Index),
    /// An unknown field in the object at (or around) that position.
    Add(Index, String, Value),
}

pub fn json_edit() -> impl Strategy<Value = JsonEdit> {
    prop_oneof![
        3 => (any::<Index>(), hostile_value()).prop_map(|(at, v)| JsonEdit::Replace(at, v)),
        1 => any::<Index>().prop_map(JsonEdit::Remove),
        1 => (any::<Index>(), "[a-z_]{1,12}", hostile_value()).prop_map(|(at, k, v)| JsonEdit::Add(at, k, v)),
    ]
}

pub fn json_edits() -> impl Strategy<Value = Vec<JsonEdit>> {
    prop::collection::vec(json_edit(), 1..5)
}

/// Every node's path below the root, in document order.
fn paths(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => return,
    };
    for (key, child) in children {
        at.push(key);
        out.push(at.clone());
        paths(child, at, out);
        at.pop();
    }
}

fn node_mut<'a>(root: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |node, key| match node {
        Value::Object(map) => map.get_mut(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(move |i| items.get_mut(i)),
        _ => None,
    })
}

pub fn apply_json(mut root: Value, edits: &[JsonEdit]) -> Value {
    for edit in edits {
        let mut all = Vec::new();
        paths(&root, &mut Vec::new(), &mut all);
        let pick = |i: &Index| if all.is_empty() { Vec::new() } else { all[i.index(all.len())].clone() };
        match edit {
            JsonEdit::Replace(i, value) => {
                if let Some(node) = node_mut(&mut root, &pick(i)) {
                    *node = value.clone();
                }
            }
            JsonEdit::Remove(i) => {
                let path = pick(i);
                let Some((last, parent)) = path.split_last() else { continue };
                match node_mut(&mut root, parent) {
                    Some(Value::Object(map)) => {
                        map.remove(last);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(k) = last.parse::<usize>() {
                            if k < items.len() {
                                items.remove(k);
                            }
                        }
                    }
                    _ => {}
                }
            }
            JsonEdit::Add(i, key, value) => {
                let mut path = pick(i);
                // The nearest object at or above the picked node.
                loop {
                    if let Some(Value::Object(map)) = node_mut(&mut root, &path) {
                        map.insert(key.clone(), value.clone());
                        break;
                    }
                    if path.pop().is_none() {
                        break;
                    }
                }
            }
        }
    }
    root
}

/// JSON texts no serialiser writes: nesting far past any parser's limit, numbers beyond every
/// type, lone surrogates, a NUL, a byte-order mark, a cut escape.
pub fn hostile_json_text() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (1usize..100_000).prop_map(|depth| format!("{}1{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()),
        (1usize..100_000).prop_map(|depth| "{\"a\":".repeat(depth).into_bytes()),
        (1usize..5_000).prop_map(|digits| format!("{{\"code\":0,\"data\":{}}}", "9".repeat(digits)).into_bytes()),
        Just(br#"{"code":1e999999999,"data":null}"#.to_vec()),
        Just(br#"{"code":-0,"data":{"task_id":"1","task_status":"succeed","created_at":1e400}}"#.to_vec()),
        Just(br#"{"code":0,"data":"\ud800"}"#.to_vec()),
        Just(b"{\"code\":0,\"data\":\"\x00\"}".to_vec()),
        Just(b"\xEF\xBB\xBF{\"code\":0}".to_vec()),
        Just(br#"{"code":0,"data":"\u12"#.to_vec()),
        Just(br#"{"code":0,"code":1,"data":null}"#.to_vec()),
    ]
}

/// Arbitrary bytes, short or a few KB.
pub fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..64), prop::collection::vec(any::<u8>(), 0..4096)]
}
