//! Engine throughput on generated source-like text, with and without secrets sprinkled in.
//! Run with `cargo bench`; numbers are bytes per second of one thread.

use clearance::engine::Engine;
use clearance::rules::builtin_rules;
use clearance::source::{Blob, Origin};
use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

/// Deterministic pseudo-random source-like text (~`size` bytes): code, comments, config keys.
fn corpus(size: usize, with_secrets: bool) -> Vec<u8> {
    const LINES: &[&str] = &[
        "fn parse_token(input: &str) -> Result<Token, Error> {",
        "    let password_hash = hash(&request.password)?;",
        "    // The API key is read from the environment, never from this file.",
        "    api_key = os.environ[\"SERVICE_API_KEY\"]",
        "    secret_name: database-credentials",
        "    max_tokens: 4096",
        "    \"integrity\": \"sha512-9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08==\",",
        "import numpy as np  # numeric helpers",
        "SELECT id, name FROM users WHERE id = ?;",
        "    return self.tokenizer.decode(ids, skip_special_tokens=True)",
        "<password>${DB_PASSWORD}</password>",
        "    authorization: Bearer {{ .Values.token }}",
    ];
    let mut out = Vec::with_capacity(size + 200);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut n = 0u64;
    while out.len() < size {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        n += 1;
        if with_secrets && n % 2000 == 0 {
            out.extend_from_slice(
                format!(
                    "AWS_ACCESS_KEY_ID=AKIAQ{:015}\n",
                    state % 1_000_000_000_000_000
                )
                .replace(['0', '1', '8', '9'], "Z")
                .as_bytes(),
            );
        }
        out.extend_from_slice(LINES[(state % LINES.len() as u64) as usize].as_bytes());
        out.push(b'\n');
    }
    out
}

fn engine() -> Engine {
    let engine = Engine::new(builtin_rules().expect("rules")).expect("engine");
    engine.compile_all().expect("compiles");
    engine
}

#[divan::bench(args = [false, true])]
fn scan_8mb(bencher: Bencher, with_secrets: bool) {
    let engine = engine();
    let blob = Blob::whole(Origin::path("bench.txt"), corpus(8 << 20, with_secrets));
    bencher
        .counter(BytesCount::of_slice(&blob.bytes))
        .bench(|| engine.scan(divan::black_box(&blob)).len());
}

#[divan::bench]
fn build_engine_and_scan_small_file(bencher: Bencher) {
    let blob = Blob::whole(Origin::path("small.rs"), corpus(4 << 10, true));
    bencher.bench(|| {
        let engine = Engine::new(builtin_rules().expect("rules")).expect("engine");
        engine.scan(divan::black_box(&blob)).len()
    });
}
