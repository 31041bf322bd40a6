//! The DevTools protocol over `--remote-debugging-pipe`: JSON messages separated by a NUL
//! byte, commands written to the browser's fd 3, answers and events read from its fd 4. No
//! WebSocket, no port to find: the pipe dies with the browser, so an answer that never comes
//! is a closed pipe or a deadline, never a hang.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::oneshot;

/// A message longer than this is refused and the connection dropped: a bound on memory,
/// whatever the browser (or whatever answers in its place) sends.
const MAX_MESSAGE: usize = 64 * 1024 * 1024;

type Pending = Arc<Mutex<PendingState>>;

#[derive(Default)]
struct PendingState {
    waiting: HashMap<u64, oneshot::Sender<Result<Value, String>>>,
    /// Why the connection ended, once it has: later calls fail at once with it.
    closed: Option<String>,
}

/// One connection to a browser: calls are answered by id; events are not needed by the probe
/// (it reads state by evaluating in the page) and are dropped.
pub(crate) struct Cdp {
    writer: tokio::sync::Mutex<Box<dyn AsyncWrite + Send + Unpin>>,
    pending: Pending,
    next_id: AtomicU64,
    reader: tokio::task::JoinHandle<()>,
}

impl Drop for Cdp {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

impl Cdp {
    pub(crate) fn new(
        writer: impl AsyncWrite + Send + Unpin + 'static,
        reader: impl AsyncRead + Send + Unpin + 'static,
    ) -> Cdp {
        let pending: Pending = Arc::default();
        let task = tokio::spawn(read_loop(reader, pending.clone()));
        Cdp {
            writer: tokio::sync::Mutex::new(Box::new(writer)),
            pending,
            next_id: AtomicU64::new(1),
            reader: task,
        }
    }

    /// Sends `method` (to the page or worker `session`, else to the browser) and waits for its
    /// answer: the `result`, or the protocol's error message. The caller bounds the wait.
    pub(crate) async fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        {
            let mut p = self.pending.lock().map_err(|_| "poisoned".to_string())?;
            if let Some(why) = &p.closed {
                return Err(why.clone());
            }
            p.waiting.insert(id, tx);
        }
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).map_err(|e| e.to_string())?;
        bytes.push(0);
        {
            let mut w = self.writer.lock().await;
            let sent = async {
                w.write_all(&bytes).await?;
                w.flush().await
            };
            if let Err(e) = sent.await {
                self.forget(id);
                return Err(format!("the browser's pipe is closed ({e})"));
            }
        }
        match rx.await {
            Ok(answer) => answer.map_err(|e| format!("{method}: {e}")),
            Err(_) => Err(self.closed_reason()),
        }
    }

    fn forget(&self, id: u64) {
        if let Ok(mut p) = self.pending.lock() {
            p.waiting.remove(&id);
        }
    }

    fn closed_reason(&self) -> String {
        self.pending
            .lock()
            .ok()
            .and_then(|p| p.closed.clone())
            .unwrap_or_else(|| "the browser closed the connection".into())
    }
}

async fn read_loop(mut reader: impl AsyncRead + Unpin, pending: Pending) {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let why = loop {
        let n = match reader.read(&mut chunk).await {
            Ok(0) => break "the browser closed the connection (it exited or crashed)".to_string(),
            Ok(n) => n,
            Err(e) => break format!("reading from the browser: {e}"),
        };
        buf.extend_from_slice(&chunk[..n]);
        while let Some(end) = buf.iter().position(|b| *b == 0) {
            let msg: Vec<u8> = buf.drain(..=end).collect();
            dispatch(&msg[..msg.len() - 1], &pending);
        }
        if buf.len() > MAX_MESSAGE {
            break format!("the browser sent a message over {MAX_MESSAGE} bytes");
        }
    };
    if let Ok(mut p) = pending.lock() {
        p.closed = Some(why.clone());
        for (_, tx) in p.waiting.drain() {
            let _ = tx.send(Err(why.clone()));
        }
    }
}

/// An answer goes to its caller; an event, or anything that is not JSON, is dropped.
fn dispatch(msg: &[u8], pending: &Pending) {
    let Ok(v) = serde_json::from_slice::<Value>(msg) else {
        return;
    };
    let Some(id) = v.get("id").and_then(Value::as_u64) else {
        return;
    };
    let answer = match v.get("error") {
        Some(e) => Err(e
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("error")
            .to_string()),
        None => Ok(v.get("result").cloned().unwrap_or(Value::Null)),
    };
    if let Some(tx) = pending.lock().ok().and_then(|mut p| p.waiting.remove(&id)) {
        let _ = tx.send(answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn answers_reach_their_caller_and_a_closed_pipe_fails_every_call() {
        let (ours, theirs) = tokio::io::duplex(1024);
        let (r, w) = tokio::io::split(ours);
        let cdp = Cdp::new(w, r);
        let (mut their_r, mut their_w) = tokio::io::split(theirs);
        let browser = tokio::spawn(async move {
            let mut got = Vec::new();
            let mut b = [0u8; 256];
            while !got.contains(&0) {
                let n = their_r.read(&mut b).await.unwrap();
                got.extend_from_slice(&b[..n]);
            }
            let req: Value = serde_json::from_slice(&got[..got.len() - 1]).unwrap();
            assert_eq!(req["method"], "Browser.getVersion");
            let id = req["id"].as_u64().unwrap();
            // An event first, then the answer, then an error for an id nobody waits for.
            let out = format!(
                "{{\"method\":\"Target.targetCreated\"}}\0{{\"id\":{id},\"result\":{{\"product\":\"X\"}}}}\0"
            );
            their_w.write_all(out.as_bytes()).await.unwrap();
            their_w
        });
        let got = cdp
            .call(None, "Browser.getVersion", json!({}))
            .await
            .unwrap();
        assert_eq!(got["product"], "X");
        drop(browser.await.unwrap());
        let err = cdp.call(None, "Page.enable", json!({})).await.unwrap_err();
        assert!(err.contains("closed") || err.contains("pipe"), "{err}");
    }
}
