//! The accept loop. `axum::serve` has neither a header read timeout nor a
//! connection cap, so connections are served with hyper's HTTP/1 builder
//! directly (as axum's `serve-with-hyper` example does):
//!
//! - a header read timeout closes connections that send no complete request
//!   head in time, idle keep-alive ones included;
//! - a semaphore caps open connections: past it, new ones wait in the
//!   listen backlog instead of taking memory and file descriptors;
//! - on stop, the listener closes first, in-flight requests get a grace
//!   period to finish, and what is left is dropped.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

#[derive(Clone, Copy, Debug)]
pub struct ServeLimits {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
    /// How long in-flight requests may take to finish on stop.
    pub shutdown_grace: Duration,
}

/// Largest request head and read buffer per connection: bodies stream
/// through it, so it bounds what a stalled connection holds besides its body.
const MAX_BUF_SIZE: usize = 64 * 1024;

/// Connections the kernel queues for `accept`. Dixa delivers a team's
/// closed conversations as a burst; past this queue the kernel drops new
/// connections' SYNs and the client's retry comes a whole second later.
/// (`TcpListener::bind` asks for 128; the kernel caps the figure at
/// `net.core.somaxconn`.)
const LISTEN_BACKLOG: u32 = 1024;

/// A listener on `addr` with room for a burst of connections.
pub fn listen(addr: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { tokio::net::TcpSocket::new_v4()? } else { tokio::net::TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Serves `router` on `listener` until `stop` turns true.
pub async fn serve(listener: TcpListener, router: Router, limits: ServeLimits, mut stop: watch::Receiver<bool>) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).max_buf_size(MAX_BUF_SIZE);
    let mut stopped = std::pin::pin!(async move {
        let _ = stop.wait_for(|s| *s).await;
    });
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut stopped => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, don't spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stopped => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            router.clone().oneshot(request)
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // Errors here are clients hanging up or timing out: nothing to answer.
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %remote, "connection ended");
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still running after {:?}; stopping anyway", limits.shutdown_grace);
    }
}
