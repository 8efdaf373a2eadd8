//! A seeded pseudo-random source for the engine's tests on generated input (xorshift): the
//! same input every run, so a failure names a round that can be run again.

/// A source of numbers below the bound asked for, from `seed` (non-zero).
pub fn numbers(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    }
}
