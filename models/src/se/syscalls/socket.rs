//! Sockets: guest sockets are host sockets.
//!
//! Unix-domain sockets (socket pairs, and sockets bound to paths) connect
//! guest threads and processes through the host; TCP and UDP sockets are the
//! host's own, so a guest server bound to `127.0.0.1:PORT` is reachable by
//! host clients and a guest client reaches host servers. Socket addresses and
//! socket options have the same layout on every supported guest and on the
//! host, so they pass through as bytes; a relative Unix-socket path is made
//! absolute against the guest's working directory. `SCM_RIGHTS` control
//! messages carry guest fds, translated to host fds on the way out and
//! installed as new guest fds on the way in.
//!
//! Blocking calls (`accept`, `connect`, `recv*`, `send*`) wait in the guest
//! thread (see [`crate::se::blocking`]); the host socket is only ever used
//! without blocking. A send on a stream with no reader raises `SIGPIPE`
//! unless `MSG_NOSIGNAL` is given.

use super::file::{host_ret, must_wait};
use super::{misc, Call, SysResult};
use crate::se::abi::{Errno, O_CLOEXEC, O_NONBLOCK};
use crate::se::blocking::{mark_internal, nonblocking, Block, POLLIN, POLLOUT};
use crate::se::fd::HostFd;
use crate::se::process::Process;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;

const AF_UNIX: u16 = 1;
const SOCK_TYPE_FLAGS: u64 = (O_NONBLOCK | O_CLOEXEC) as u64;
const MSG_DONTWAIT: i32 = 0x40;
const MSG_NOSIGNAL: i32 = 0x4000;
const MSG_CMSG_CLOEXEC: i32 = 0x4000_0000;
const SOL_SOCKET: i32 = 1;
const SCM_RIGHTS: i32 = 1;
/// Longest socket address accepted (`sizeof(struct sockaddr_storage)`).
const SOCKADDR_MAX: u64 = 128;
/// Longest control buffer accepted.
const CONTROL_MAX: u64 = 64 << 10;
/// `Block::done` of a `connect` waiting for its connection (a phase, not bytes).
const CONNECTING: u64 = 1;

/// Install host fd `fd` (fresh, owned) as a guest fd.
fn install(p: &mut Process, fd: RawFd, cloexec: bool) -> SysResult {
    if fd < 0 {
        return Err(Errno::last_host());
    }
    // SAFETY: `fd` is a fresh host fd nobody else owns.
    let host = HostFd::Owned(unsafe { OwnedFd::from_raw_fd(fd) });
    p.fds.insert(host, cloexec, 0)
}

/// Host `socket` type flags for guest `ty` (close-on-exec always on the host).
fn host_type(ty: u64) -> Result<i32, Errno> {
    let base = (ty & !SOCK_TYPE_FLAGS) as i32;
    let nonblock = if ty & O_NONBLOCK as u64 != 0 {
        libc::SOCK_NONBLOCK
    } else {
        0
    };
    Ok(base | nonblock | libc::SOCK_CLOEXEC)
}

pub(super) fn socket(p: &mut Process, c: &mut Call) -> SysResult {
    let ty = host_type(c.args[1])?;
    // SAFETY: plain call.
    let fd = unsafe { libc::socket(c.int(0), ty, c.int(2)) };
    install(p, fd, c.args[1] & O_CLOEXEC as u64 != 0)
}

pub(super) fn socketpair(p: &mut Process, c: &mut Call) -> SysResult {
    let ty = host_type(c.args[1])?;
    let mut sv = [0i32; 2];
    // SAFETY: `sv` has room for two fds.
    if unsafe { libc::socketpair(c.int(0), ty, c.int(2), sv.as_mut_ptr()) } < 0 {
        return Err(Errno::last_host());
    }
    mark_internal(sv[0]);
    mark_internal(sv[1]);
    let cloexec = c.args[1] & O_CLOEXEC as u64 != 0;
    // SAFETY: fresh fds nobody else owns (closed on error by the drop).
    let (a, b) = unsafe { (OwnedFd::from_raw_fd(sv[0]), OwnedFd::from_raw_fd(sv[1])) };
    let ga = p.fds.insert(HostFd::Owned(a), cloexec, 0)?;
    let gb = match p.fds.insert(HostFd::Owned(b), cloexec, 0) {
        Ok(fd) => fd,
        Err(e) => {
            let _ = p.fds.close(ga);
            return Err(e);
        }
    };
    let mut out = [0u8; 8];
    out[..4].copy_from_slice(&(ga as u32).to_le_bytes());
    out[4..].copy_from_slice(&(gb as u32).to_le_bytes());
    if let Err(e) = p.space.write_bytes(c.args[3], &out) {
        let _ = p.fds.close(ga);
        let _ = p.fds.close(gb);
        return Err(e.into());
    }
    Ok(0)
}

/// The guest's socket address at `addr` (`len` bytes) for the host: a
/// relative Unix-socket path is made absolute against the guest's cwd.
fn sockaddr_in(p: &mut Process, addr: u64, len: u64) -> Result<Vec<u8>, Errno> {
    if len > SOCKADDR_MAX {
        return Err(Errno::EINVAL);
    }
    let mut sa = p.space.read_vec(addr, len as usize)?;
    let is_unix = sa.len() > 2 && u16::from_le_bytes([sa[0], sa[1]]) == AF_UNIX;
    if is_unix && sa[2] != 0 && sa[2] != b'/' {
        let rel: Vec<u8> = sa[2..].iter().copied().take_while(|&b| b != 0).collect();
        let abs = p.cwd.join(std::ffi::OsStr::from_bytes(&rel));
        let abs = abs.as_os_str().as_bytes();
        if abs.len() < 108 {
            sa.truncate(2);
            sa.extend_from_slice(abs);
            sa.push(0);
        }
    }
    Ok(sa)
}

/// Write a host socket address `sa` (`n` bytes) to the guest's `addr` and
/// `*len_ptr` (value-result, truncating as Linux does).
fn sockaddr_out(p: &mut Process, sa: &[u8], n: u32, addr: u64, len_ptr: u64) -> Result<(), Errno> {
    if addr == 0 || len_ptr == 0 {
        return Ok(());
    }
    let room = p.space.read_u32(len_ptr)? as usize;
    let k = room.min(n as usize).min(sa.len());
    p.space.write_bytes(addr, &sa[..k])?;
    p.space.write_u32(len_ptr, n)?;
    Ok(())
}

pub(super) fn bind(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let sa = sockaddr_in(p, c.args[1], c.args[2])?;
    // SAFETY: `sa` is valid for its length.
    let r = unsafe { libc::bind(host, sa.as_ptr().cast(), sa.len() as u32) };
    host_ret(r as isize)
}

pub(super) fn listen(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    // SAFETY: plain call.
    host_ret(unsafe { libc::listen(host, c.int(1)) } as isize)
}

fn do_accept(p: &mut Process, c: &mut Call, flags: u64) -> SysResult {
    if flags & !SOCK_TYPE_FLAGS != 0 {
        return Err(Errno::EINVAL);
    }
    let host = p.fds.host(c.args[0])?;
    if wait_to_receive(c, host) {
        return Err(Errno::EAGAIN);
    }
    let mut sa = [0u8; SOCKADDR_MAX as usize];
    let mut n = SOCKADDR_MAX as u32;
    let host_flags = libc::SOCK_CLOEXEC
        | if flags & O_NONBLOCK as u64 != 0 {
            libc::SOCK_NONBLOCK
        } else {
            0
        };
    let (fd, _) = nonblocking(host, || {
        // SAFETY: `sa` has room for `n` bytes.
        unsafe { libc::accept4(host, sa.as_mut_ptr().cast(), &mut n, host_flags) }
    });
    if fd < 0 {
        let e = Errno::last_host();
        if e == Errno::EAGAIN && c.may_block && !crate::se::blocking::host_nonblocking(host) {
            c.block = Some(Block::on_fd(host, POLLIN, c.args));
        }
        return Err(e);
    }
    let guest = install(p, fd, flags & O_CLOEXEC as u64 != 0)?;
    sockaddr_out(p, &sa, n, c.args[1], c.args[2])?;
    Ok(guest)
}

pub(super) fn accept(p: &mut Process, c: &mut Call) -> SysResult {
    do_accept(p, c, 0)
}

pub(super) fn accept4(p: &mut Process, c: &mut Call) -> SysResult {
    do_accept(p, c, c.args[3])
}

/// Whether a receive (or `accept`) on `host` must wait; a wait gets the
/// socket's `SO_RCVTIMEO` as its deadline (in simulated time), after which the
/// call fails with `EAGAIN` as on Linux.
fn wait_to_receive(c: &mut Call, host: RawFd) -> bool {
    if c.timed_out {
        return false;
    }
    if !must_wait(c, host, POLLIN) {
        return false;
    }
    let mut tv = [0i64; 2];
    let mut len = 16u32;
    // SAFETY: `tv` has room for a timeval.
    let r = unsafe {
        libc::getsockopt(
            host,
            libc::SOL_SOCKET,
            libc::SO_RCVTIMEO,
            tv.as_mut_ptr().cast(),
            &mut len,
        )
    };
    let ns = (tv[0].max(0) as u64).saturating_mul(1_000_000_000) + tv[1].max(0) as u64 * 1000;
    if r == 0 && ns > 0 {
        if let Some(b) = c.block.as_mut() {
            b.deadline = Some(sim_core::Tick(
                c.now.0.saturating_add(ns.saturating_mul(1000)),
            ));
        }
    }
    true
}

fn sock_error(host: RawFd) -> Result<(), Errno> {
    let mut err = 0i32;
    let mut len = 4u32;
    // SAFETY: `err` has room for an int.
    let r = unsafe {
        libc::getsockopt(
            host,
            libc::SOL_SOCKET,
            libc::SO_ERROR,
            (&mut err as *mut i32).cast(),
            &mut len,
        )
    };
    if r < 0 {
        return Err(Errno::last_host());
    }
    if err != 0 {
        return Err(Errno(err));
    }
    Ok(())
}

pub(super) fn connect(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    if c.done == CONNECTING {
        // Woken: the connection completed or failed.
        sock_error(host)?;
        return Ok(0);
    }
    let sa = sockaddr_in(p, c.args[1], c.args[2])?;
    let (r, toggled) = nonblocking(host, || {
        // SAFETY: `sa` is valid for its length.
        unsafe { libc::connect(host, sa.as_ptr().cast(), sa.len() as u32) }
    });
    if r == 0 {
        return Ok(0);
    }
    let e = Errno::last_host();
    const EINPROGRESS: Errno = Errno(115);
    if toggled && c.may_block && (e == EINPROGRESS || e == Errno::EAGAIN) {
        let mut block = Block::on_fd(host, POLLOUT, c.args);
        if e == EINPROGRESS {
            block.done = CONNECTING;
        }
        c.block = Some(block);
    }
    Err(e)
}

/// Send `buf` on guest socket `fd` with `flags` to `to` (a host-ready address
/// or empty). Blocking sends wait for room and complete in full on streams.
fn do_send(p: &mut Process, c: &mut Call, buf: &[u8], flags: i32, to: &[u8]) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let dontwait = flags & MSG_DONTWAIT != 0;
    if !dontwait && must_wait(c, host, POLLOUT) {
        return Err(Errno::EAGAIN);
    }
    let rest = &buf[(c.done as usize).min(buf.len())..];
    let host_flags = flags | MSG_DONTWAIT | MSG_NOSIGNAL;
    // SAFETY: `rest` and `to` are valid for their lengths.
    let r = unsafe {
        if to.is_empty() {
            libc::send(host, rest.as_ptr().cast(), rest.len(), host_flags)
        } else {
            libc::sendto(
                host,
                rest.as_ptr().cast(),
                rest.len(),
                host_flags,
                to.as_ptr().cast(),
                to.len() as u32,
            )
        }
    };
    let blocking = c.may_block && !dontwait && !crate::se::blocking::host_nonblocking(host);
    if r < 0 {
        let e = Errno::last_host();
        if e == Errno::EAGAIN && blocking {
            let mut block = Block::on_fd(host, POLLOUT, c.args);
            block.done = c.done;
            c.block = Some(block);
        } else if e == Errno::EPIPE && flags & MSG_NOSIGNAL == 0 {
            misc::raise_sigpipe(p, c);
        }
        return if c.done > 0 { Ok(c.done) } else { Err(e) };
    }
    let n = r as u64;
    if blocking && n < rest.len() as u64 && is_stream(host) {
        let mut block = Block::on_fd(host, POLLOUT, c.args);
        block.done = c.done + n;
        c.block = Some(block);
        return Err(Errno::EAGAIN);
    }
    Ok(c.done + n)
}

fn is_stream(host: RawFd) -> bool {
    let mut ty = 0i32;
    let mut len = 4u32;
    // SAFETY: `ty` has room for an int.
    let r = unsafe {
        libc::getsockopt(
            host,
            libc::SOL_SOCKET,
            libc::SO_TYPE,
            (&mut ty as *mut i32).cast(),
            &mut len,
        )
    };
    r == 0 && ty == libc::SOCK_STREAM
}

pub(super) fn sendto(p: &mut Process, c: &mut Call) -> SysResult {
    let buf = p
        .space
        .read_vec(c.args[1], c.args[2].min(16 << 20) as usize)?;
    let to = if c.args[4] == 0 {
        Vec::new()
    } else {
        sockaddr_in(p, c.args[4], c.args[5])?
    };
    do_send(p, c, &buf, c.int(3), &to)
}

/// Receive on guest socket `fd` into a host buffer of `len` bytes.
/// Returns the bytes and the sender's address.
fn do_recv(
    p: &mut Process,
    c: &mut Call,
    len: usize,
    flags: i32,
) -> Result<(Vec<u8>, Vec<u8>, u32), Errno> {
    let host = p.fds.host(c.args[0])?;
    if flags & MSG_DONTWAIT == 0 && wait_to_receive(c, host) {
        return Err(Errno::EAGAIN);
    }
    let mut buf = vec![0u8; len];
    let mut sa = [0u8; SOCKADDR_MAX as usize];
    let mut n = SOCKADDR_MAX as u32;
    // SAFETY: the buffers are valid for their lengths.
    let r = unsafe {
        libc::recvfrom(
            host,
            buf.as_mut_ptr().cast(),
            len,
            flags | MSG_DONTWAIT,
            sa.as_mut_ptr().cast(),
            &mut n,
        )
    };
    if r < 0 {
        let e = Errno::last_host();
        if e == Errno::EAGAIN
            && c.may_block
            && flags & MSG_DONTWAIT == 0
            && !crate::se::blocking::host_nonblocking(host)
        {
            c.block = Some(Block::on_fd(host, POLLIN, c.args));
        }
        return Err(e);
    }
    buf.truncate(r as usize);
    Ok((buf, sa.to_vec(), n))
}

pub(super) fn recvfrom(p: &mut Process, c: &mut Call) -> SysResult {
    let len = c.args[2].min(16 << 20);
    p.space
        .check(c.args[1], len as usize, sim_core::arch::MemAccess::Store)?;
    let (buf, sa, n) = do_recv(p, c, len as usize, c.int(3))?;
    p.space.write_bytes(c.args[1], &buf)?;
    sockaddr_out(p, &sa, n, c.args[4], c.args[5])?;
    Ok(buf.len() as u64)
}

/// A guest `struct msghdr` (64-bit layout on every supported ISA).
struct MsgHdr {
    name: u64,
    namelen: u32,
    iov: Vec<(u64, u64)>,
    control: u64,
    controllen: u64,
}

fn read_msghdr(p: &mut Process, addr: u64) -> Result<MsgHdr, Errno> {
    let raw = p.space.read_vec(addr, 56)?;
    let u = |i: usize| u64::from_le_bytes(raw[i..i + 8].try_into().unwrap());
    let (iov_addr, iovlen) = (u(16), u(24));
    if iovlen > 1024 {
        return Err(Errno(90)); // EMSGSIZE
    }
    let iov_raw = p.space.read_vec(iov_addr, iovlen as usize * 16)?;
    let iov = iov_raw
        .chunks(16)
        .map(|c| {
            (
                u64::from_le_bytes(c[..8].try_into().unwrap()),
                u64::from_le_bytes(c[8..].try_into().unwrap()),
            )
        })
        .collect();
    Ok(MsgHdr {
        name: u(0),
        namelen: u(8) as u32,
        iov,
        control: u(32),
        controllen: u(40),
    })
}

/// Walk the control messages in `ctl`: `(level, type, data range)`.
fn cmsgs(ctl: &[u8]) -> Vec<(i32, i32, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut off = 0;
    while off + 16 <= ctl.len() {
        let len = u64::from_le_bytes(ctl[off..off + 8].try_into().unwrap()) as usize;
        let level = i32::from_le_bytes(ctl[off + 8..off + 12].try_into().unwrap());
        let ty = i32::from_le_bytes(ctl[off + 12..off + 16].try_into().unwrap());
        if len < 16 || off + len > ctl.len() {
            break;
        }
        out.push((level, ty, off + 16..off + len));
        off += len.next_multiple_of(8);
    }
    out
}

pub(super) fn sendmsg(p: &mut Process, c: &mut Call) -> SysResult {
    let m = read_msghdr(p, c.args[1])?;
    let mut buf = Vec::new();
    for &(base, len) in &m.iov {
        buf.extend_from_slice(&p.space.read_vec(base, len.min(16 << 20) as usize)?);
    }
    let to = if m.name == 0 {
        Vec::new()
    } else {
        sockaddr_in(p, m.name, m.namelen as u64)?
    };
    if m.control == 0 || m.controllen == 0 {
        return do_send(p, c, &buf, c.int(2), &to);
    }
    if m.controllen > CONTROL_MAX {
        return Err(Errno(105)); // ENOBUFS
    }
    // Control messages: translate SCM_RIGHTS fds; pass the rest through.
    let mut ctl = p.space.read_vec(m.control, m.controllen as usize)?;
    for (level, ty, range) in cmsgs(&ctl.clone()) {
        if level == SOL_SOCKET && ty == SCM_RIGHTS {
            for off in range.step_by(4) {
                if off + 4 > ctl.len() {
                    break;
                }
                let g = u32::from_le_bytes(ctl[off..off + 4].try_into().unwrap());
                let h = p.fds.host(g as u64)?;
                ctl[off..off + 4].copy_from_slice(&(h as u32).to_le_bytes());
            }
        }
    }
    let host = p.fds.host(c.args[0])?;
    if c.int(2) & MSG_DONTWAIT == 0 && must_wait(c, host, POLLOUT) {
        return Err(Errno::EAGAIN);
    }
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: a zeroed msghdr is valid; the pointers set below stay alive.
    let mut hdr: libc::msghdr = unsafe { std::mem::zeroed() };
    if !to.is_empty() {
        hdr.msg_name = to.as_ptr() as *mut _;
        hdr.msg_namelen = to.len() as u32;
    }
    hdr.msg_iov = &mut iov;
    hdr.msg_iovlen = 1;
    hdr.msg_control = ctl.as_mut_ptr().cast();
    hdr.msg_controllen = ctl.len();
    // SAFETY: `hdr` points at live buffers.
    let r = unsafe { libc::sendmsg(host, &hdr, c.int(2) | MSG_DONTWAIT | MSG_NOSIGNAL) };
    if r < 0 {
        let e = Errno::last_host();
        if e == Errno::EAGAIN && c.int(2) & MSG_DONTWAIT == 0 && c.may_block {
            c.block = Some(Block::on_fd(host, POLLOUT, c.args));
        } else if e == Errno::EPIPE && c.int(2) & MSG_NOSIGNAL == 0 {
            misc::raise_sigpipe(p, c);
        }
        return Err(e);
    }
    Ok(r as u64)
}

pub(super) fn recvmsg(p: &mut Process, c: &mut Call) -> SysResult {
    let m = read_msghdr(p, c.args[1])?;
    let flags = c.int(2);
    let host = p.fds.host(c.args[0])?;
    if flags & MSG_DONTWAIT == 0 && wait_to_receive(c, host) {
        return Err(Errno::EAGAIN);
    }
    let total: u64 = m.iov.iter().map(|&(_, l)| l).sum::<u64>().min(16 << 20);
    for &(base, len) in &m.iov {
        p.space.check(
            base,
            len.min(16 << 20) as usize,
            sim_core::arch::MemAccess::Store,
        )?;
    }
    let mut buf = vec![0u8; total as usize];
    let mut name = [0u8; SOCKADDR_MAX as usize];
    let mut ctl = vec![0u8; m.controllen.min(CONTROL_MAX) as usize];
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: a zeroed msghdr is valid; the pointers set below stay alive.
    let mut hdr: libc::msghdr = unsafe { std::mem::zeroed() };
    hdr.msg_name = name.as_mut_ptr().cast();
    hdr.msg_namelen = SOCKADDR_MAX as u32;
    hdr.msg_iov = &mut iov;
    hdr.msg_iovlen = 1;
    if !ctl.is_empty() {
        hdr.msg_control = ctl.as_mut_ptr().cast();
        hdr.msg_controllen = ctl.len();
    }
    let host_flags = (flags & !MSG_CMSG_CLOEXEC) | MSG_DONTWAIT | libc::MSG_CMSG_CLOEXEC;
    // SAFETY: `hdr` points at live buffers.
    let r = unsafe { libc::recvmsg(host, &mut hdr, host_flags) };
    if r < 0 {
        let e = Errno::last_host();
        if e == Errno::EAGAIN
            && flags & MSG_DONTWAIT == 0
            && c.may_block
            && !crate::se::blocking::host_nonblocking(host)
        {
            c.block = Some(Block::on_fd(host, POLLIN, c.args));
        }
        return Err(e);
    }
    let n = (r as usize).min(buf.len());
    let mut done = 0;
    for &(base, len) in &m.iov {
        let k = (len as usize).min(n - done);
        p.space.write_bytes(base, &buf[done..done + k])?;
        done += k;
    }
    // Received fds become guest fds.
    let ctl_len = hdr.msg_controllen.min(ctl.len());
    let mut ctl = ctl[..ctl_len].to_vec();
    for (level, ty, range) in cmsgs(&ctl.clone()) {
        if level == SOL_SOCKET && ty == SCM_RIGHTS {
            for off in range.step_by(4) {
                if off + 4 > ctl.len() {
                    break;
                }
                let h = i32::from_le_bytes(ctl[off..off + 4].try_into().unwrap());
                let g = install(p, h, flags & MSG_CMSG_CLOEXEC != 0)?;
                ctl[off..off + 4].copy_from_slice(&(g as u32).to_le_bytes());
            }
        }
    }
    if m.control != 0 && !ctl.is_empty() {
        p.space.write_bytes(m.control, &ctl)?;
    }
    // msg_namelen, msg_controllen, msg_flags.
    if m.name != 0 {
        let k = (m.namelen as usize).min(hdr.msg_namelen as usize);
        p.space.write_bytes(m.name, &name[..k])?;
    }
    p.space.write_u32(c.args[1] + 8, hdr.msg_namelen)?;
    p.space.write_u64(c.args[1] + 40, ctl_len as u64)?;
    p.space.write_u32(c.args[1] + 48, hdr.msg_flags as u32)?;
    Ok(r as u64)
}

pub(super) fn shutdown(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    // SAFETY: plain call.
    host_ret(unsafe { libc::shutdown(host, c.int(1)) } as isize)
}

pub(super) fn getsockopt(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let room = p.space.read_u32(c.args[4])?;
    let mut buf = vec![0u8; room.min(256) as usize];
    let mut len = buf.len() as u32;
    // SAFETY: `buf` has room for `len` bytes.
    let r =
        unsafe { libc::getsockopt(host, c.int(1), c.int(2), buf.as_mut_ptr().cast(), &mut len) };
    host_ret(r as isize)?;
    p.space.write_bytes(c.args[3], &buf[..len as usize])?;
    p.space.write_u32(c.args[4], len)?;
    Ok(0)
}

pub(super) fn setsockopt(p: &mut Process, c: &mut Call) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    if c.args[4] > 256 {
        return Err(Errno::EINVAL);
    }
    let buf = p.space.read_vec(c.args[3], c.args[4] as usize)?;
    // SAFETY: `buf` is valid for its length.
    let r = unsafe {
        libc::setsockopt(
            host,
            c.int(1),
            c.int(2),
            buf.as_ptr().cast(),
            buf.len() as u32,
        )
    };
    host_ret(r as isize)
}

fn name_call(
    p: &mut Process,
    c: &mut Call,
    f: unsafe extern "C" fn(i32, *mut libc::sockaddr, *mut u32) -> i32,
) -> SysResult {
    let host = p.fds.host(c.args[0])?;
    let mut sa = [0u8; SOCKADDR_MAX as usize];
    let mut n = SOCKADDR_MAX as u32;
    // SAFETY: `sa` has room for `n` bytes.
    if unsafe { f(host, sa.as_mut_ptr().cast(), &mut n) } < 0 {
        return Err(Errno::last_host());
    }
    p.space.read_u32(c.args[2])?;
    sockaddr_out(p, &sa, n, c.args[1], c.args[2])?;
    Ok(0)
}

pub(super) fn getsockname(p: &mut Process, c: &mut Call) -> SysResult {
    name_call(p, c, libc::getsockname)
}

pub(super) fn getpeername(p: &mut Process, c: &mut Call) -> SysResult {
    name_call(p, c, libc::getpeername)
}
