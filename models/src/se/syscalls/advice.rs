//! `fadvise64`: advice about a file's access pattern. Linux only tunes its page
//! cache with it, so nothing changes here, but the checks are Linux's (made by
//! the host's `posix_fadvise` on the same descriptor): a bad fd is `EBADF`, a
//! pipe or FIFO `ESPIPE`, an unknown advice or a negative length `EINVAL`.

use super::{Call, SysResult};
use crate::se::abi::Errno;
use crate::se::process::Process;

/// `fadvise64(fd, offset, len, advice)`.
pub(super) fn fadvise64(p: &mut Process, c: &mut Call) -> SysResult {
    let [fd, off, len, advice, ..] = c.args;
    let host = p.fds.host(fd)?;
    // SAFETY: plain call on a host fd the guest owns.
    let e =
        unsafe { libc::posix_fadvise(host, off as libc::off_t, len as libc::off_t, advice as i32) };
    if e != 0 {
        return Err(Errno(e));
    }
    Ok(0)
}
