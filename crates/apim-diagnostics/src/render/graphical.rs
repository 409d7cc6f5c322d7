use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::{Diagnostic, FileDiagnostics, Severity};

#[derive(Debug, Clone, Copy)]
pub struct GraphicalOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for GraphicalOptions {
    fn default() -> Self {
        Self { color: false, width: 100 }
    }
}

/// Renders diagnostics as miette reports: `code`, message, the source with labels, help.
#[must_use]
pub fn graphical(file: &FileDiagnostics<'_>, options: GraphicalOptions) -> String {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(options.width).with_links(false);
    let source = NamedSource::new(file.path, file.source.to_owned());
    let mut out = String::new();
    for diagnostic in file.diagnostics {
        let report = Report { diagnostic, source: &source };
        // Writing to a String cannot fail.
        let _ = handler.render_report(&mut out, &report);
        out.push('\n');
    }
    out
}

/// Adapts one [`Diagnostic`] to miette's trait, with the file attached.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a NamedSource<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.diagnostic.message())
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let code = self.diagnostic.code();
        Some(Box::new(format!("{}({})", code.code, code.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.diagnostic.help()?;
        match self.diagnostic.note() {
            Some(note) => Some(Box::new(format!("{help}\nnote: {note}"))),
            None => Some(Box::new(help)),
        }
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels = self.diagnostic.labels().iter().map(|label| {
            let span = SourceSpan::new((label.span.start as usize).into(), label.span.len() as usize);
            if label.primary {
                LabeledSpan::new_primary_with_span(label.message.clone(), span)
            } else {
                LabeledSpan::new_with_span(label.message.clone(), span)
            }
        });
        Some(Box::new(labels))
    }
}
