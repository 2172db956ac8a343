//! The I/O calls' side of `MAP_SHARED` coherence (see
//! [`PageCache`](crate::se::page_cache::PageCache)): before a call reads or
//! writes a file with pages in the page cache, the bytes the guest stored into
//! them reach the file; after a call changed the file, the cached pages show
//! it, in every process mapping them. With nothing mapped shared both are one
//! emptiness check.

use crate::se::page_cache::file_key;
use crate::se::process::Process;

/// Before I/O on host fd `host`: stores through shared mappings of its file
/// reach the file.
pub(crate) fn before_io(p: &mut Process, host: i32) {
    let frames = p.space.frames();
    if frames.page_cache().is_empty() {
        return;
    }
    if let Some(key) = file_key(host) {
        frames.page_cache().sync(frames, key);
    }
}

/// After a call changed the file behind host fd `host` (`n` bytes written; 0:
/// nothing changed): shared mappings of the file show its new bytes.
pub(crate) fn file_written(p: &mut Process, host: i32, n: u64) {
    let frames = p.space.frames();
    if n == 0 || frames.page_cache().is_empty() {
        return;
    }
    if let Some(key) = file_key(host) {
        frames.page_cache().reload(frames, key);
    }
}
