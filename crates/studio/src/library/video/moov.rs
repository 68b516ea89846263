//! The MP4 header (the `moov` box) as `mp4parse` gets to read it: found with every top-level box
//! checked to fit in the file, read whole only when small, and pruned to the boxes a size, a
//! length and a poster need, each checked to fit inside its parent and each table's entry count
//! checked against its bytes. Why: mp4parse's allocations are fallible, but it reserves what a box
//! size or a table count declares before reading it, and Linux grants a declared 4 GB; after this,
//! everything it reserves is backed by bytes of a header we hold.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// Far above any real header: a `moov` holds ~12 bytes per frame, so this is hours of 60 fps video.
pub const MOOV_LIMIT: u64 = 16 << 20;
/// Boxes before the `moov` (real files have two or three: `ftyp`, `free`, `mdat`).
const BOXES_BEFORE_MOOV: usize = 1024;
/// Tracks passed on: a header of many tiny `trak` boxes would otherwise cost a track record each.
const TRACKS: usize = 8;

/// One box inside a buffer: its type and what follows its header.
struct Child<'a> {
    kind: [u8; 4],
    payload: &'a [u8],
}

/// The boxes in `data`, each required to fit inside it.
fn children(mut data: &[u8]) -> impl Iterator<Item = Result<Child<'_>, String>> {
    std::iter::from_fn(move || {
        if data.is_empty() {
            return None;
        }
        let next = (|| {
            let cut_short = || "a box header cut short".to_string();
            let kind: [u8; 4] = data.get(4..8).ok_or_else(cut_short)?.try_into().unwrap();
            let (header, size) = match u32_at(data, 0).ok_or_else(cut_short)? {
                0 => (8, data.len() as u64),
                1 => (16, u32_at(data, 8).zip(u32_at(data, 12)).map(|(hi, lo)| hi << 32 | lo).ok_or_else(cut_short)?),
                n => (8, n),
            };
            if size < header || size > data.len() as u64 {
                return Err(format!("the {} box's size ({size} bytes) does not fit where it is ({} bytes)", name(kind), data.len()));
            }
            let (this, rest) = data.split_at(size as usize);
            data = rest;
            Ok(Child { kind, payload: &this[header as usize..] })
        })();
        if next.is_err() {
            data = &[];
        }
        Some(next)
    })
}

fn name(kind: [u8; 4]) -> String {
    String::from_utf8_lossy(&kind).escape_debug().to_string()
}

fn push_box(out: &mut Vec<u8>, kind: &[u8; 4], payload: &[u8]) {
    // Pruned boxes are never larger than the header they come from (≤ MOOV_LIMIT): 32-bit sizes do.
    out.extend_from_slice(&(payload.len() as u32 + 8).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(payload);
}

fn u32_at(payload: &[u8], at: usize) -> Option<u64> {
    payload.get(at..at + 4).map(|b| u64::from(u32::from_be_bytes(b.try_into().unwrap())))
}

/// Reads the file's `moov` box, pruned: a box holding only `mvhd` and up to [`TRACKS`] tracks.
pub fn read(file: &mut File, len: u64) -> Result<Vec<u8>, String> {
    let moov = find_moov(file, len)?;
    prune_moov(&moov)
}

fn find_moov(file: &mut File, len: u64) -> Result<Vec<u8>, String> {
    let mut at = 0u64;
    for _ in 0..BOXES_BEFORE_MOOV {
        if at >= len {
            return Err("no movie header (moov box)".into());
        }
        let mut head = [0u8; 16];
        let header_len = (len - at).min(16) as usize;
        file.seek(SeekFrom::Start(at)).map_err(|e| e.to_string())?;
        file.read_exact(&mut head[..header_len]).map_err(|e| e.to_string())?;
        let cut_short = || "a box header cut short at the end of the file".to_string();
        if header_len < 8 {
            return Err(cut_short());
        }
        let kind: [u8; 4] = head[4..8].try_into().unwrap();
        let (header, size) = match u32_at(&head[..header_len], 0).ok_or_else(cut_short)? {
            0 => (8, len - at),
            1 => (16, u32_at(&head[..header_len], 8).zip(u32_at(&head[..header_len], 12)).map(|(hi, lo)| hi << 32 | lo).ok_or_else(cut_short)?),
            n => (8, n),
        };
        if size < header || size > len - at {
            return Err(format!("the {} box's size ({size} bytes) runs past the end of the file ({len} bytes)", name(kind)));
        }
        if &kind == b"moov" {
            if size > MOOV_LIMIT {
                return Err(format!("the movie header is {size} bytes, more than {MOOV_LIMIT} bytes"));
            }
            let mut moov = vec![0u8; (size - header) as usize];
            file.seek(SeekFrom::Start(at + header)).map_err(|e| e.to_string())?;
            file.read_exact(&mut moov).map_err(|e| e.to_string())?;
            return Ok(moov);
        }
        at += size;
    }
    Err(format!("no movie header (moov box) in the first {BOXES_BEFORE_MOOV} boxes"))
}

/// Keeps the first of each kind of box named in `keep` (all of `many`, up to `limit`), pruning
/// each kept box with `inner`.
fn prune_container(
    payload: &[u8],
    keep: &[&[u8; 4]],
    many: Option<(&[u8; 4], usize)>,
    mut inner: impl FnMut(&[u8; 4], &[u8]) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let (mut seen, mut repeated) = (Vec::new(), 0);
    for child in children(payload) {
        let child = child?;
        let Some(kind) = keep.iter().copied().find(|k| **k == child.kind) else { continue };
        match many {
            Some((repeatable, limit)) if repeatable == kind => {
                if repeated == limit {
                    continue;
                }
                repeated += 1;
            }
            _ if seen.contains(kind) => continue,
            _ => seen.push(*kind),
        }
        push_box(&mut out, kind, &inner(kind, child.payload)?);
    }
    Ok(out)
}

fn prune_moov(moov: &[u8]) -> Result<Vec<u8>, String> {
    let payload = prune_container(moov, &[b"mvhd", b"trak"], Some((b"trak", TRACKS)), |kind, payload| match kind {
        b"trak" => prune_container(payload, &[b"tkhd", b"mdia"], None, |kind, payload| match kind {
            b"mdia" => prune_container(payload, &[b"mdhd", b"hdlr", b"minf"], None, |kind, payload| match kind {
                b"minf" => prune_container(payload, &[b"stbl"], None, |_, payload| prune_stbl(payload)),
                _ => Ok(payload.to_vec()),
            }),
            _ => Ok(payload.to_vec()),
        }),
        _ => Ok(payload.to_vec()),
    })?;
    let mut out = Vec::with_capacity(payload.len() + 8);
    push_box(&mut out, b"moov", &payload);
    Ok(out)
}

/// The sample table: the sample descriptions and where the samples are. Each table's entry
/// count must be backed by its bytes (what mp4parse reserves).
fn prune_stbl(stbl: &[u8]) -> Result<Vec<u8>, String> {
    prune_container(stbl, &[b"stsd", b"stsz", b"stsc", b"stco", b"co64"], None, |kind, payload| {
        // After the version and flags: (where the count is, bytes per entry).
        let (count_at, entry) = match kind {
            b"stsd" => return prune_stsd(payload),
            b"stsz" if u32_at(payload, 4) == Some(0) => (8, 4),
            b"stsz" => (8, 0),
            b"stsc" => (4, 12),
            b"stco" => (4, 4),
            _ => (4, 8),
        };
        let count = u32_at(payload, count_at).ok_or_else(|| format!("the {} box is cut short", name(*kind)))?;
        if count * entry > (payload.len() - count_at - 4) as u64 {
            return Err(format!("the {} box lists {count} entries in {} bytes", name(*kind), payload.len()));
        }
        Ok(payload.to_vec())
    })
}

/// The sample descriptions, H.264 ones only, each with only its `avcC` record.
fn prune_stsd(stsd: &[u8]) -> Result<Vec<u8>, String> {
    // A visual sample entry: 8 bytes of sample entry, 70 of visual fields, then its boxes.
    const VISUAL_FIELDS: usize = 78;
    let entries = stsd.get(8..).ok_or("the stsd box is cut short")?;
    let mut kept = Vec::new();
    let mut count = 0u32;
    for entry in children(entries) {
        let entry = entry?;
        if !matches!(&entry.kind, b"avc1" | b"avc3") || count == 4 {
            continue;
        }
        let (fields, boxes) = entry.payload.split_at_checked(VISUAL_FIELDS).ok_or("an H.264 sample description is cut short")?;
        let mut payload = fields.to_vec();
        payload.extend(prune_container(boxes, &[b"avcC"], None, |_, avcc| Ok(avcc.to_vec()))?);
        push_box(&mut kept, &entry.kind, &payload);
        count += 1;
    }
    let mut out = stsd[..4].to_vec();
    out.extend_from_slice(&count.to_be_bytes());
    out.extend(kept);
    Ok(out)
}
