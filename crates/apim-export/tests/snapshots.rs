//! What users deploy, as snapshots: the Bicep module (both ways of embedding policies),
//! its parameters file and the ARM template, for the fixture service folder and for the
//! `policies/` library.

mod common;

use apim_export::bicep::{self, Embed};

#[test]
fn fixture_service_bicep() {
    let template = common::fixture_template();
    insta::assert_snapshot!(
        "service_main_bicep",
        bicep::module(&template, Embed::Files, "fixtures/services/ai-gateway")
    );
    insta::assert_snapshot!("service_main_bicepparam", bicep::parameters_file(&template));
}

#[test]
fn fixture_service_bicep_inline() {
    let template = common::fixture_template();
    insta::assert_snapshot!(
        "service_main_inline_bicep",
        bicep::module(&template, Embed::Inline, "fixtures/services/ai-gateway")
    );
}

#[test]
fn fixture_service_arm() {
    insta::assert_snapshot!("service_arm_json", apim_export::arm::template(&common::fixture_template()));
}

#[test]
fn policy_library_bicep_and_arm() {
    let template = common::library_template();
    insta::assert_snapshot!("library_main_bicep", bicep::module(&template, Embed::Inline, "policies"));
    insta::assert_snapshot!("library_arm_json", apim_export::arm::template(&template));
}
