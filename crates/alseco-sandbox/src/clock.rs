//! A controllable clock: the sandbox's notion of "now" (payment times, the period, the
//! DayPaysSum window, processing delays), so tests can move time instead of waiting.

use jiff::{SignedDuration, Timestamp};
use std::sync::{Arc, Mutex};

/// The sandbox's clock. Clones share the same time.
#[derive(Debug, Clone)]
pub struct Clock {
    inner: Arc<Mutex<Source>>,
}

#[derive(Debug)]
enum Source {
    /// Real time shifted by an offset (advanced by [`Clock::advance`]).
    System { offset: SignedDuration },
    /// A fixed instant, moved only by [`Clock::advance`] and [`Clock::set`].
    Fixed(Timestamp),
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl Clock {
    /// Real time.
    pub fn system() -> Self {
        Clock {
            inner: Arc::new(Mutex::new(Source::System {
                offset: SignedDuration::ZERO,
            })),
        }
    }

    /// A clock stopped at `at`.
    pub fn fixed(at: Timestamp) -> Self {
        Clock {
            inner: Arc::new(Mutex::new(Source::Fixed(at))),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Source> {
        // A panic while holding this lock cannot leave the source half-written.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The current instant.
    pub fn now(&self) -> Timestamp {
        match *self.lock() {
            Source::System { offset } => Timestamp::now()
                .saturating_add(offset)
                .unwrap_or(Timestamp::MAX),
            Source::Fixed(at) => at,
        }
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: SignedDuration) {
        let mut source = self.lock();
        match &mut *source {
            Source::System { offset } => *offset = offset.saturating_add(by),
            Source::Fixed(at) => *at = at.saturating_add(by).unwrap_or(*at),
        }
    }

    /// Stops the clock at `at`.
    pub fn set(&self, at: Timestamp) {
        *self.lock() = Source::Fixed(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_told() {
        let t: Timestamp = "2025-04-02T04:00:00Z".parse().unwrap();
        let c = Clock::fixed(t);
        let shared = c.clone();
        shared.advance(SignedDuration::from_hours(1));
        assert_eq!(
            c.now(),
            "2025-04-02T05:00:00Z".parse::<Timestamp>().unwrap()
        );
    }
}
