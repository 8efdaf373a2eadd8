//! `clearance install-hook [--force | --chain]`: writes a plain git pre-commit hook (POSIX sh)
//! that runs `clearance hook`, for repositories that do not use the pre-commit framework.
//!
//! The hook goes where git looks: `core.hooksPath` when set (a relative value is relative to
//! the work tree, where git runs hooks), otherwise the `hooks` folder of the common git
//! directory, which linked worktrees share. The script calls clearance by the absolute path of
//! the binary that installed it, because GUI git clients run hooks with a minimal PATH, and
//! falls back to `clearance` on PATH when that binary has moved. An existing hook is never
//! replaced silently: `--force` replaces it, `--chain` keeps it and runs it first.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::ExitStatus;
use crate::cli::InstallHookArgs;
use crate::source::git;

/// A line every script we write carries, so a reinstall can recognise its own hook.
const MARKER: &str = "# Written by `clearance install-hook`.";

/// The name an existing hook is kept under with `--chain`.
const CHAINED: &str = "pre-commit.pre-clearance";

/// Runs `clearance install-hook`.
pub fn run(args: &InstallHookArgs) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let repo = git::open(&cwd)?;
    let (dir, from_config) = hooks_dir(&repo)?;
    let hook = dir.join("pre-commit");
    let chained = dir.join(CHAINED);

    let existing = std::fs::symlink_metadata(&hook).is_ok();
    let ours = existing
        && std::fs::read_to_string(&hook)
            .map(|text| text.contains(MARKER))
            .unwrap_or(false);
    let mut notes = Vec::new();
    if existing && !ours {
        if args.chain {
            if std::fs::symlink_metadata(&chained).is_ok() {
                eprintln!(
                    "clearance: ERROR cannot keep the existing hook {}: {} already exists. \
                     Nothing was changed; move one of them away, or use --force to replace \
                     the hook",
                    hook.display(),
                    chained.display()
                );
                return Ok(ExitStatus::Error);
            }
            std::fs::rename(&hook, &chained).with_context(|| {
                format!("cannot rename {} to {}", hook.display(), chained.display())
            })?;
            notes.push(format!(
                "clearance: kept the existing hook as {}; it runs first and the commit stops if it fails",
                chained.display()
            ));
            if !is_executable(&chained) {
                notes.push(format!(
                    "clearance: note: {} is not executable, so git did not run it and neither \
                     will the new hook (chmod +x it to run it)",
                    chained.display()
                ));
            }
        } else if args.force {
            notes.push(format!(
                "clearance: replaced the existing hook {}",
                hook.display()
            ));
        } else {
            let mut message = format!(
                "clearance: ERROR {} already exists; nothing was changed. Run \
                 `clearance install-hook --chain` to keep it and run it before clearance, or \
                 `clearance install-hook --force` to replace it",
                hook.display()
            );
            if is_pre_commit_framework(&hook) {
                message.push_str(
                    ". It is the pre-commit framework's hook: you can instead add clearance to \
                     .pre-commit-config.yaml (hook id `clearance`)",
                );
            }
            eprintln!("{message}");
            return Ok(ExitStatus::Error);
        }
    }

    let exe = clearance_path();
    let chain = std::fs::symlink_metadata(&chained).is_ok();
    write_executable(&dir, &hook, &script(exe.as_deref(), chain))?;

    let runs = match &exe {
        Some(path) => format!("{path} hook` (or `clearance hook` from PATH if it moves"),
        None => "clearance hook` from PATH (the path of this binary is not usable".to_string(),
    };
    eprintln!(
        "clearance: wrote the pre-commit hook {}{}; before each commit it runs `{runs})",
        hook.display(),
        if from_config {
            " (the folder core.hooksPath names)"
        } else {
            ""
        },
    );
    for note in notes {
        eprintln!("{note}");
    }
    if chain && !args.chain {
        eprintln!(
            "clearance: it still runs {} first, as installed before",
            chained.display()
        );
    }
    Ok(ExitStatus::Clean)
}

/// The hooks folder git uses for `repo`, and whether core.hooksPath chose it.
fn hooks_dir(repo: &git2::Repository) -> anyhow::Result<(PathBuf, bool)> {
    let config = repo
        .config()
        .context("cannot read the repository's git config")?;
    match config.get_path("core.hooksPath") {
        Ok(path) if !path.as_os_str().is_empty() => {
            if path.is_absolute() {
                return Ok((path, true));
            }
            let base = repo
                .workdir()
                .context("core.hooksPath is relative, and a bare repository has no work tree")?;
            Ok((base.join(path), true))
        }
        Ok(_) => Ok((repo.commondir().join("hooks"), false)),
        Err(e) if e.code() == git2::ErrorCode::NotFound => {
            Ok((repo.commondir().join("hooks"), false))
        }
        Err(e) => Err(anyhow::anyhow!(
            "cannot read core.hooksPath: {}",
            e.message()
        )),
    }
}

/// This binary's absolute path, when it can be written into a shell script.
fn clearance_path() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let exe = exe.canonicalize().unwrap_or(exe);
    if !exe.is_file() {
        return None;
    }
    exe.to_str().map(str::to_string)
}

/// The hook script: the chained hook first (when kept), then clearance.
fn script(exe: Option<&str>, chain: bool) -> String {
    let mut s = String::from("#!/bin/sh\n");
    s.push_str(MARKER);
    s.push_str(
        "\n# Blocks a commit that adds secrets, personal data or classification markings.\n\
         # Reinstall with `clearance install-hook --force`; skip once with `git commit --no-verify`.\n",
    );
    if chain {
        s.push_str(&format!(
            "\n# The hook that was here before runs first; the commit stops if it fails.\n\
             previous=\"$(dirname \"$0\")/{CHAINED}\"\n\
             if [ -x \"$previous\" ]; then\n\
             \x20   \"$previous\" \"$@\" || exit $?\n\
             fi\n"
        ));
    }
    match exe {
        Some(path) => s.push_str(&format!(
            "\ninstalled={}\n\
             clearance=\"$installed\"\n\
             if [ ! -x \"$clearance\" ]; then\n\
             \x20   clearance=$(command -v clearance) || {{\n\
             \x20       echo \"clearance: ERROR the pre-commit hook cannot find clearance (not at $installed, not on PATH); \
             install it and run 'clearance install-hook --force', or skip this check once with 'git commit --no-verify'\" >&2\n\
             \x20       exit 2\n\
             \x20   }}\n\
             fi\n\
             exec \"$clearance\" hook\n",
            shell_quote(path)
        )),
        None => s.push_str(
            "\ncommand -v clearance >/dev/null 2>&1 || {\n\
             \x20   echo \"clearance: ERROR the pre-commit hook cannot find clearance on PATH; \
             install it, or skip this check once with 'git commit --no-verify'\" >&2\n\
             \x20   exit 2\n\
             }\n\
             exec clearance hook\n",
        ),
    }
    s
}

/// `text` in single quotes for sh.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Writes `path` (in `dir`, created if missing) atomically, mode 0755.
fn write_executable(dir: &Path, path: &Path, contents: &str) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the hooks folder {}", dir.display()))?;
    let mut temp = tempfile_in(dir)?;
    temp.1
        .write_all(contents.as_bytes())
        .and_then(|()| temp.1.sync_all())
        .with_context(|| format!("cannot write {}", temp.0.display()))?;
    drop(temp.1);
    set_executable(&temp.0)?;
    std::fs::rename(&temp.0, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// A new file next to the hook, for an atomic replace.
fn tempfile_in(dir: &Path) -> anyhow::Result<(PathBuf, std::fs::File)> {
    let path = dir.join(format!(".pre-commit.clearance-{}", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .with_context(|| format!("cannot write in the hooks folder {}", dir.display()))?;
    Ok((path, file))
}

#[cfg(unix)]
fn set_executable(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {} executable", path.display()))
}

#[cfg(not(unix))]
fn set_executable(_path: &Path) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(_path: &Path) -> bool {
    true
}

/// True for the hook `pre-commit install` writes.
fn is_pre_commit_framework(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .map(|text| text.contains("File generated by pre-commit"))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_for_sh() {
        assert_eq!(shell_quote("/usr/bin/clearance"), "'/usr/bin/clearance'");
        assert_eq!(shell_quote("/o'neil/bin"), r"'/o'\''neil/bin'");
    }

    #[test]
    fn script_runs_the_chained_hook_first() {
        let text = script(Some("/opt/clearance"), true);
        assert!(text.starts_with("#!/bin/sh\n"));
        assert!(text.contains(MARKER));
        let chained = text.find(CHAINED).unwrap_or(usize::MAX);
        let exec = text.find("exec \"$clearance\" hook").unwrap_or(0);
        assert!(chained < exec, "{text}");
        assert!(!script(None, false).contains(CHAINED));
    }
}
