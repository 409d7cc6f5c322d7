//! The ARM JSON's resources are checked against the `azure-mgmt-apimanagement` Python
//! models (PyPI) by `tests/arm_models.py`: no unknown or read-only property, none of
//! the required ones missing, JSON types and constraints as the SDK declares, and the
//! SDK deserializes every body. `scripts/install-test-prereqs` installs the package in a
//! virtual environment; under CI a missing Python or package fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A Python that can import the SDK: `$APIM_TEST_PYTHON`, the prerequisites' virtual
/// environment, or `python3`.
fn python() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(explicit) = std::env::var_os("APIM_TEST_PYTHON") {
        candidates.push(PathBuf::from(explicit));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")));
    if let Some(cache) = cache {
        candidates.push(cache.join("apim/python/bin/python"));
    }
    candidates.push(PathBuf::from("python3"));
    candidates.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import azure.mgmt.apimanagement"])
            .output()
            .is_ok_and(|output| output.status.success())
    })
}

fn check(templates: &[(&str, String)]) {
    let Some(python) = python() else {
        let message = "no Python with azure-mgmt-apimanagement (run scripts/install-test-prereqs)";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("SKIPPED: {message}");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, text) in templates {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/arm_models.py");
    let output = Command::new(&python).arg(&script).args(&paths).output().expect("runs python");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    eprintln!("{stdout}");
}

#[test]
fn fixture_service_and_policy_library_match_the_sdk_models() {
    check(&[
        ("service.json", apim_export::arm::template(&common::fixture_template())),
        ("library.json", apim_export::arm::template(&common::library_template())),
    ]);
}

#[test]
fn the_checker_finds_unknown_missing_and_read_only_properties() {
    // The check can fail: a misspelt property, a missing urlTemplate, a read-only one.
    let Some(python) = python() else {
        assert!(std::env::var_os("CI").is_none(), "no Python with azure-mgmt-apimanagement");
        eprintln!("SKIPPED: no Python with azure-mgmt-apimanagement");
        return;
    };
    let broken = r#"{"resources": [
        {"type": "Microsoft.ApiManagement/service/apis/operations", "apiVersion": "2024-05-01", "name": "x",
         "properties": {"displayName": "d", "method": "GET", "urlTemplat": "/"}},
        {"type": "Microsoft.ApiManagement/service/apis", "apiVersion": "2024-05-01", "name": "y",
         "properties": {"path": "p", "isOnline": true, "protocols": "https"}}
    ]}"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, broken).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/arm_models.py");
    let output = Command::new(&python).arg(&script).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    for expected in [
        "urlTemplat: unknown property",
        "urlTemplate: missing required",
        "isOnline: read-only",
        "protocols: expected an array",
    ] {
        assert!(stdout.contains(expected), "{expected}: {stdout}");
    }
}
