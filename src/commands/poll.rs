//! Reading something again until it is as wanted or a deadline passes: deploy's verification,
//! the kill switch's, the wait for clients. One loop, so each stops the same way: a round that
//! passes ends it; a round that could not finish before the deadline is not started; a signal
//! ends the wait between rounds.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::signals::{Cancel, signalled};

/// How a poll ended: its last round's result, how many rounds ran, and the signal that ended
/// it early, if one did.
pub(crate) struct Polled<T> {
    pub last: T,
    pub rounds: u32,
    pub interrupted: Option<&'static str>,
}

/// Runs `round` until `done` holds for its result, or the next round would begin at or past
/// `deadline` from now, or a signal arrives. `waiting` is told each round that is not the last
/// (a progress line), with the round's number.
pub(crate) async fn until<T, Fut>(
    cancel: &Cancel,
    deadline: Duration,
    interval: Duration,
    mut round: impl FnMut() -> Fut,
    done: impl Fn(&T) -> bool,
    mut waiting: impl FnMut(&T, u32),
) -> Polled<T>
where
    Fut: Future<Output = T>,
{
    let end = Instant::now() + deadline;
    let mut stop = cancel.subscribe();
    let mut rounds = 0u32;
    loop {
        rounds += 1;
        let last = round().await;
        if done(&last) || Instant::now() + interval >= end {
            return Polled {
                last,
                rounds,
                interrupted: None,
            };
        }
        waiting(&last, rounds);
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            sig = signalled(&mut stop) => {
                return Polled { last, rounds, interrupted: Some(sig) };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn stops_when_done_or_before_a_round_past_the_deadline() {
        let cancel = Cancel::new();
        let mut n = 0;
        let done = until(
            &cancel,
            Duration::from_secs(60),
            Duration::from_secs(5),
            || {
                n += 1;
                let v = n;
                async move { v }
            },
            |v| *v == 3,
            |_, _| {},
        )
        .await;
        assert_eq!((done.last, done.rounds, done.interrupted), (3, 3, None));
        let mut seen = Vec::new();
        let timed_out = until(
            &cancel,
            Duration::from_secs(12),
            Duration::from_secs(5),
            || async { false },
            |v| *v,
            |_, r| seen.push(r),
        )
        .await;
        // Rounds at 0 s and 5 s; one at 10 s would leave no room for another before 12 s.
        assert_eq!(timed_out.rounds, 3);
        assert_eq!(seen, [1, 2]);
    }
}
