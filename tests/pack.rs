//! The pack reader against libgit2 on real packs made by the git CLI: every object of a pack
//! reads the same (OFS_DELTA and REF_DELTA chains, 64-bit offsets, several packs and loose
//! objects), corrupt pack data is an error naming the object, and odd indexes are ignored.

mod common;

use std::path::{Path, PathBuf};

use clearance::source::pack::{Keep, PackReader, Packs};
use common::repo::Repo;
use common::{run, Fake};

/// A repository with many versions of several files in nested directories, so that blobs and
/// trees are stored as long delta chains once packed.
fn repo_with_history() -> Repo {
    let repo = Repo::new();
    let mut fake = Fake::new(31);
    for version in 0..40 {
        for (n, file) in ["a.txt", "src/b.rs", "src/deep/c.md"].iter().enumerate() {
            let mut text = String::new();
            for line in 0..(50 + version * 7 + n * 13) {
                text.push_str(&format!("{file} line {line} of version {}\n", version / 3));
            }
            if version == 17 && n == 1 {
                text.push_str(&fake.aws_key_line());
            }
            repo.write(file, text);
        }
        if version % 5 == 0 {
            repo.write(&format!("other/{version}.txt"), format!("file {version}\n"));
        }
        repo.add(&["."]);
        repo.commit(&format!("version {version}"));
    }
    repo
}

fn objects_dir(repo: &Repo) -> PathBuf {
    repo.path().join(".git/objects")
}

fn idx_files(repo: &Repo) -> Vec<PathBuf> {
    let mut idx: Vec<PathBuf> = std::fs::read_dir(objects_dir(repo).join("pack"))
        .expect("pack dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .collect();
    idx.sort();
    idx
}

/// (offset, id) of every object of a pack, from `git show-index`.
fn pack_objects(repo: &Repo, idx: &Path) -> Vec<(u64, String)> {
    let out = repo
        .git_command(repo.path(), &["show-index"])
        .stdin(std::fs::File::open(idx).expect("idx"))
        .output()
        .expect("git show-index");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some((words.next()?.parse().ok()?, words.next()?.to_string()))
        })
        .collect()
}

fn id_bytes(hex: &str) -> [u8; 20] {
    let oid = git2::Oid::from_str(hex).expect("an object id");
    let mut id = [0u8; 20];
    id.copy_from_slice(oid.as_bytes());
    id
}

/// Reads every object of every pack through `Packs` and through libgit2; they must agree.
/// Returns how many objects were read from packs.
fn every_packed_object_reads_as_libgit2_does(
    repo: &Repo,
    cache_bytes: usize,
    keep: Keep,
    window_bytes: usize,
) -> usize {
    let packs = Packs::open(&objects_dir(repo));
    assert_eq!(packs.len(), idx_files(repo).len());
    let git = git2::Repository::open(repo.path()).expect("open");
    let odb = git.odb().expect("odb");
    let mut reader = PackReader::new(cache_bytes, keep, window_bytes);
    let mut out = Vec::new();
    let mut read = 0;
    for idx in idx_files(repo) {
        for (_, hex) in pack_objects(repo, &idx) {
            let kind = packs
                .read(&id_bytes(&hex), &mut reader, &mut out)
                .unwrap_or_else(|e| panic!("{hex}: {e}"))
                .unwrap_or_else(|| panic!("{hex} is in a pack"));
            let expected = odb
                .read(git2::Oid::from_str(&hex).expect("id"))
                .expect("libgit2 reads it");
            assert_eq!(kind.name(), expected.kind().str(), "{hex}");
            assert!(out == expected.data(), "{hex}: different bytes");
            read += 1;
        }
    }
    read
}

/// How many objects of the repository's packs are deltas (`git verify-pack -v`).
fn deltas(repo: &Repo) -> usize {
    idx_files(repo)
        .iter()
        .map(|idx| {
            repo.git(&["verify-pack", "-v", &idx.display().to_string()])
                .lines()
                .filter(|l| l.split_whitespace().count() == 7)
                .count()
        })
        .sum()
}

#[test]
fn ofs_delta_chains_read_as_libgit2_reads_them() {
    let repo = repo_with_history();
    repo.git(&["repack", "-adfq", "--depth=50", "--window=250"]);
    assert!(deltas(&repo) > 50, "the pack has delta chains");
    let objects = repo.git(&["count-objects", "-v"]);
    assert!(objects.contains("count: 0"), "{objects}");
    // With a cache, with a tiny one (every chain inflated again), and with none; reading
    // each object alone, a few at once, or the whole pack at once.
    for cache in [64 << 20, 4 << 10, 0] {
        for keep in [Keep::Bases, Keep::Deltas, Keep::Everything] {
            for window in [0, 300, 1 << 20] {
                assert!(
                    every_packed_object_reads_as_libgit2_does(&repo, cache, keep, window) > 200
                );
            }
        }
    }
}

#[test]
fn ref_delta_chains_read_as_libgit2_reads_them() {
    let repo = repo_with_history();
    repo.git(&[
        "-c",
        "repack.useDeltaBaseOffset=false",
        "repack",
        "-adfq",
        "--depth=50",
    ]);
    assert!(deltas(&repo) > 50);
    assert!(
        every_packed_object_reads_as_libgit2_does(&repo, 1 << 20, Keep::Deltas, 16 << 10) > 200
    );
}

#[test]
fn large_offsets_read_as_libgit2_reads_them() {
    let repo = repo_with_history();
    repo.git(&["repack", "-adfq"]);
    let idx = idx_files(&repo).remove(0);
    let before = std::fs::metadata(&idx).expect("idx").len();
    let pack = idx.with_extension("pack");
    // Every object above offset 0x100 gets an entry in the 64-bit offset table.
    repo.git(&[
        "index-pack",
        "--index-version=2,0x100",
        &pack.display().to_string(),
    ]);
    let after = std::fs::metadata(&idx).expect("idx").len();
    assert!(after > before + 8 * 100, "{before} -> {after}");
    assert!(
        every_packed_object_reads_as_libgit2_does(&repo, 1 << 20, Keep::Deltas, 16 << 10) > 200
    );
}

#[test]
fn several_packs_and_loose_objects() {
    let repo = Repo::new();
    let mut fake = Fake::new(32);
    repo.commit_file("one.env", fake.aws_key_line(), "one");
    repo.git(&["repack", "-dq"]);
    repo.commit_file("two.env", fake.aws_key_line(), "two");
    repo.git(&["repack", "-dq"]);
    let loose_blob = repo.commit_file("three.env", fake.aws_key_line(), "three");
    assert_eq!(idx_files(&repo).len(), 2);
    assert!(every_packed_object_reads_as_libgit2_does(&repo, 1 << 20, Keep::Deltas, 16 << 10) >= 6);
    // A loose object is not served by the packs: libgit2 reads it.
    let loose = repo.git(&["rev-parse", &format!("{loose_blob}:three.env")]);
    let packs = Packs::open(&objects_dir(&repo));
    let mut out = Vec::new();
    let found = packs
        .read(
            &id_bytes(&loose),
            &mut PackReader::new(0, Keep::Bases, 0),
            &mut out,
        )
        .expect("no error");
    assert!(found.is_none());

    let r = run(repo.clearance(&["scan", "--history", "--format", "json"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut paths: Vec<String> = r.path_lines().into_iter().map(|(p, _)| p).collect();
    paths.sort();
    assert_eq!(paths, ["one.env", "three.env", "two.env"]);
}

/// Flips a byte in the middle of object `id`'s stored bytes in its (only) pack.
fn corrupt_packed_object(repo: &Repo, id: &str) {
    let idx = idx_files(repo).remove(0);
    let pack = idx.with_extension("pack");
    let objects = pack_objects(repo, &idx);
    let (offset, _) = objects
        .iter()
        .find(|(_, hex)| hex == id)
        .cloned()
        .expect("the object is packed");
    let pack_len = std::fs::metadata(&pack).expect("pack").len();
    let end = objects
        .iter()
        .map(|o| o.0)
        .filter(|&o| o > offset)
        .min()
        .unwrap_or(pack_len - 20);
    let mut bytes = std::fs::read(&pack).expect("pack");
    bytes[((offset + end) / 2) as usize] ^= 0x55;
    let mut perms = std::fs::metadata(&pack).expect("pack").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&pack, perms).expect("writable");
    std::fs::write(&pack, bytes).expect("write pack");
}

#[test]
fn corrupt_pack_data_is_an_error_that_names_the_object_and_path() {
    let mut text = String::new();
    for line in 0..2000 {
        text.push_str(&format!("line {line} {}\n", line * 7919 % 1013));
    }
    // A blob (read by the readers) and a tree (read by the walker).
    for (object, path) in [("HEAD:big.txt", "big.txt"), ("HEAD:src/deep", "src/deep")] {
        let repo = Repo::new();
        repo.write("big.txt", &text);
        repo.write("src/deep/a.txt", "a\n");
        repo.add(&["."]);
        repo.commit("one");
        repo.git(&["repack", "-adq"]);
        let id = repo.git(&["rev-parse", object]);
        corrupt_packed_object(&repo, &id);

        let r = run(repo.clearance(&["scan", "--history"]));
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(&id), "{}", r.stderr);
        assert!(r.stderr.contains(path), "{}", r.stderr);
        assert!(r.stderr.contains("corrupt"), "{}", r.stderr);
    }
}

#[test]
fn truncated_or_garbage_indexes_are_ignored_without_panics() {
    let repo = repo_with_history();
    repo.git(&["repack", "-adfq"]);
    let idx = idx_files(&repo).remove(0);
    let good = std::fs::read(&idx).expect("idx");
    let mut perms = std::fs::metadata(&idx).expect("idx").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&idx, perms).expect("writable");
    let mut variants: Vec<Vec<u8>> = [0, 7, 8, 1000, 1032, good.len() / 2, good.len() - 1]
        .iter()
        .map(|&n| good[..n].to_vec())
        .collect();
    variants.push(b"garbage".repeat(500));
    let mut version_1 = good.clone();
    version_1[7] = 1;
    variants.push(version_1);
    for at in [8 + 4 * 255, 8 + 1024 + 5, good.len() - 30] {
        let mut flipped = good.clone();
        flipped[at] ^= 0xff;
        variants.push(flipped);
    }
    let ids = pack_objects(&repo, &idx);
    for (n, variant) in variants.iter().enumerate() {
        std::fs::write(&idx, variant).expect("write idx");
        let packs = Packs::open(&objects_dir(&repo));
        // A damaged id may go unnoticed (the index's own checksum is not verified): then the
        // objects it names are simply not found.
        if n != variants.len() - 2 {
            assert!(packs.is_empty(), "variant {n}: an odd index is not used");
        }
        let mut out = Vec::new();
        for (_, hex) in &ids {
            let read = packs.read(
                &id_bytes(hex),
                &mut PackReader::new(1 << 20, Keep::Everything, 4096),
                &mut out,
            );
            assert!(read.is_ok(), "variant {n}");
        }

        let r = run(repo.clearance(&["scan", "--history"]));
        assert!(matches!(r.code, 0..=2), "{} {}", r.code, r.stderr);
    }
}

/// Damage anywhere in a pack or its index gives errors or "not here", never a panic, and
/// never different bytes than libgit2 reads from the undamaged pack.
#[test]
fn damaged_packs_and_indexes_never_panic_nor_misread() {
    let repo = repo_with_history();
    repo.git(&["repack", "-adfq", "--depth=50"]);
    let idx = idx_files(&repo).remove(0);
    let pack = idx.with_extension("pack");
    let ids: Vec<String> = pack_objects(&repo, &idx).into_iter().map(|o| o.1).collect();
    let git = git2::Repository::open(repo.path()).expect("open");
    let odb = git.odb().expect("odb");
    let good: Vec<Vec<u8>> = ids
        .iter()
        .map(|hex| {
            let id = git2::Oid::from_str(hex).expect("id");
            odb.read(id).expect("read").data().to_vec()
        })
        .collect();
    for file in [&pack, &idx] {
        let original = std::fs::read(file).expect("read");
        let mut perms = std::fs::metadata(file).expect("meta").permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(file, perms).expect("writable");
        let step = (original.len() / 60).max(1);
        for at in (0..original.len()).step_by(step) {
            let mut damaged = original.clone();
            damaged[at] ^= 0xa5;
            std::fs::write(file, &damaged).expect("write");
            let packs = Packs::open(&objects_dir(&repo));
            let mut reader = PackReader::new(1 << 16, Keep::Everything, 512);
            let mut out = Vec::new();
            for (hex, bytes) in ids.iter().zip(&good) {
                if let Ok(Some(_)) = packs.read(&id_bytes(hex), &mut reader, &mut out) {
                    assert!(out == *bytes, "{hex} misread with byte {at} damaged");
                }
            }
        }
        std::fs::write(file, &original).expect("restore");
    }
}
