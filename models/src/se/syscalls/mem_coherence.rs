//! The I/O calls' side of `MAP_SHARED` coherence (see `addr_space/shared_io.rs`):
//! before a call reads or writes a file this process maps shared, the mapping's
//! stores reach the file; after a call changed the file, the mapping shows it.
//! Without shared file mappings both are one emptiness check.

use super::locks::file_key;
use crate::se::process::Process;

/// Before I/O on host fd `host`: stores through shared mappings of its file
/// reach the file.
pub(crate) fn before_io(p: &mut Process, host: i32) {
    if !p.space.has_shared_files() {
        return;
    }
    if let Ok(key) = file_key(host) {
        p.space.sync_file(key);
    }
}

/// After a call changed the file behind host fd `host` (`n` bytes written; 0:
/// nothing changed): shared mappings of the file show its new bytes.
pub(crate) fn file_written(p: &mut Process, host: i32, n: u64) {
    if n == 0 || !p.space.has_shared_files() {
        return;
    }
    if let Ok(key) = file_key(host) {
        p.space.reload_file(key);
    }
}
